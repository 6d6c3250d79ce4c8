// Caps on what a link or a session file may make the page do. They are far
// above any real session (a sample session link is well under 1 KB, a dropped
// zephyr.elf a few MB) and far below what would hang or exhaust a tab.
export const LIMITS = {
  /** Characters of a link's session payload (Chromium keeps URLs up to 2 MB). */
  fragmentChars: 2 * 1024 * 1024,
  /** Bytes the payload of a link may expand to. */
  linkInflated: 16 * 1024 * 1024,
  /** Bytes of a session file that may be dropped in. */
  sessionFile: 64 * 1024 * 1024,
  files: 16,
  fileBytes: 16 * 1024 * 1024,
  fileName: 255,
  exportText: 1024 * 1024,
  title: 200,
  configEntries: 1000,
  step: 100_000_000,
} as const;

/** Link sizes at which sharing gets risky. */
export const LINK_WARN_BYTES = 8 * 1024;
export const LINK_MAX_BYTES = 32 * 1024;
