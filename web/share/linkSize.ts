// How safe a link of a given length is to share. Chat tools and issue trackers
// start cutting or refusing links around 8 KB; browsers cut what is copied from
// the address bar above 32 KB. Past that, the session file is the way to share.
import { LINK_MAX_BYTES, LINK_WARN_BYTES } from './limits.js';

export type LinkSizeLevel = 'ok' | 'long' | 'too-long';

export interface LinkSizeReport {
  bytes: number;
  level: LinkSizeLevel;
  /** "1.2 KB" */
  size: string;
  /** What to tell the user; empty when the link is fine. */
  advice: string;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function linkSizeReport(link: string): LinkSizeReport {
  // Links are ASCII (base64url), so characters and bytes agree; count bytes anyway.
  const bytes = new TextEncoder().encode(link).length;
  const size = formatSize(bytes);
  if (bytes > LINK_MAX_BYTES) {
    return {
      bytes,
      level: 'too-long',
      size,
      advice: `This link is ${size}: browsers cut links longer than 32 KB when they are copied from the address bar. Download the session file and share that instead.`,
    };
  }
  if (bytes > LINK_WARN_BYTES) {
    return {
      bytes,
      level: 'long',
      size,
      advice: `This link is ${size}: chat tools and issue trackers may cut links longer than 8 KB. If it does not open, share the session file instead.`,
    };
  }
  return { bytes, level: 'ok', size, advice: '' };
}
