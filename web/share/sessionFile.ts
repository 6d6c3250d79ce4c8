// The downloadable session file: the same version-1 document as a link, as
// readable JSON, with a first key that says what it is. Dropping it back into
// the playground opens the session; isSessionFile lets input recognition tell
// it from a prj.conf or a hex string by its first bytes.
import type { DecodeResult, SharedSession } from './document.js';
import { decodeSessionText } from './codec.js';
import { LIMITS } from './limits.js';
import { type DecodeContext, sessionToJson } from './wire.js';

export const SESSION_FILE_FORMAT = 'llext-playground-session';
export const SESSION_FILE_EXTENSION = '.llext-session.json';
export const SESSION_FILE_MIME = 'application/json';

/** Optional UTF-8 BOM and whitespace, `{`, then `"format": "llext-playground-session"`. */
const HEAD = /^\uFEFF?\s*\{\s*"format"\s*:\s*"llext-playground-session"/;

export function sessionFileText(s: SharedSession): string {
  return `${JSON.stringify({ format: SESSION_FILE_FORMAT, ...sessionToJson(s) }, null, 2)}\n`;
}

export function sessionFileBytes(s: SharedSession): Uint8Array {
  return new TextEncoder().encode(sessionFileText(s));
}

/** A file name for the download: the title or board, made safe. */
export function sessionFileName(s: SharedSession): string {
  const stem = (s.title ?? (s.source.kind === 'sample' ? `${s.source.id}-${s.board}` : s.board))
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${stem === '' ? 'session' : stem}${SESSION_FILE_EXTENSION}`;
}

/** True when the bytes start like a session file (only the first bytes are read). */
export function isSessionFile(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 128));
  return HEAD.test(head);
}

/** Reads a dropped session file. Never throws. */
export function decodeSessionFile(bytes: Uint8Array, ctx: DecodeContext = {}): DecodeResult {
  if (bytes.length > LIMITS.sessionFile) {
    return {
      ok: false,
      error: { code: 'too-large', message: `The session file is ${bytes.length} bytes, more than the ${LIMITS.sessionFile} allowed.` },
    };
  }
  if (!isSessionFile(bytes)) return { ok: false, error: { code: 'not-session', message: 'This is not a playground session file.' } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: { code: 'garbled', message: 'The session file is damaged: it is not UTF-8 text.' } };
  }
  // The format key only marks the file; the document is the rest.
  return decodeSessionText(text, ctx, ['format']);
}
