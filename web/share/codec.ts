// Session <-> link fragment: JSON, zlib-wrapped DEFLATE (fflate), base64url.
// The zlib wrapper costs six bytes and brings the Adler-32 check that tells a
// garbled link from a valid one. Decoding never throws and checks sizes before
// doing any work that grows with them.
import { zlibSync } from 'fflate';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import type { DecodeResult, SharedSession } from './document.js';
import { inflateBounded } from './boundedInflate.js';
import { LIMITS } from './limits.js';
import { migrateToCurrent } from './migrate.js';
import { type DecodeContext, type JsonObject, isJsonObject, readSessionJson, sessionToJson } from './wire.js';

/** The fragment key of a shared session: `#session=…`. */
export const SESSION_KEY = 'session';

export function encodeSessionPayload(s: SharedSession): string {
  const json = new TextEncoder().encode(JSON.stringify(sessionToJson(s)));
  return encodeBase64url(zlibSync(json, { level: 9 }));
}

/** The full link: `base` (page address, any fragment dropped) + `#session=…`. */
export function sessionLink(base: string, s: SharedSession): string {
  const hash = base.indexOf('#');
  return `${hash < 0 ? base : base.slice(0, hash)}#${SESSION_KEY}=${encodeSessionPayload(s)}`;
}

/**
 * Parses JSON text and reads it as a session of any known version. Never throws.
 * `envelopeKeys` are keys of a container format (the session file's `format`), not of the document.
 */
export function decodeSessionText(text: string, ctx: DecodeContext = {}, envelopeKeys: readonly string[] = []): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: { code: 'not-json', message: `The session is damaged: ${e instanceof Error ? e.message : String(e)}.` } };
  }
  if (!isJsonObject(parsed)) return { ok: false, error: { code: 'not-session', message: 'This is not a playground session.' } };
  for (const key of envelopeKeys) delete parsed[key];
  return decodeSessionObject(parsed, ctx);
}

/** Reads an already parsed document of any known version (saved sessions keep this form). Never throws. */
export function decodeSessionObject(parsed: JsonObject, ctx: DecodeContext = {}): DecodeResult {
  const migrated = migrateToCurrent(parsed);
  if (!migrated.ok) return migrated;
  const read = readSessionJson(migrated.doc, ctx);
  return read.ok ? { ...read, warnings: [...migrated.warnings, ...read.warnings] } : read;
}

/** Decodes the payload of `#session=…` (the part after `=`). Never throws. */
export function decodeSessionPayload(payload: string, ctx: DecodeContext = {}): DecodeResult {
  const broken = (code: string, why: string): DecodeResult => ({
    ok: false,
    error: { code, message: `This link's session cannot be opened: ${why}. Your current session was kept.` },
  });
  if (typeof payload !== 'string' || payload.length === 0) return broken('empty', 'it is empty');
  if (payload.length > LIMITS.fragmentChars)
    return broken('too-large', `it is ${payload.length} characters long, more than the ${LIMITS.fragmentChars} a link may have`);
  const bytes = decodeBase64url(payload);
  if (!bytes.ok) return broken('garbled', bytes.message);
  const inflated = inflateBounded(bytes.bytes, LIMITS.linkInflated);
  if (!inflated.ok) return broken(inflated.reason === 'too-large' ? 'too-large' : 'garbled', inflated.message);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return broken('garbled', 'it does not hold text');
  }
  const read = decodeSessionText(text, ctx);
  return read.ok ? read : { ok: false, error: { code: read.error.code, message: `${read.error.message} Your current session was kept.` } };
}

export type FragmentRequest = { kind: 'none' } | { kind: 'session'; payload: string } | { kind: 'lesson'; id: string; step: number | null };

/** What a page address's fragment asks for: `#session=…`, `#lesson=ID[&step=N]`, or nothing known. */
export function readFragment(hash: string): FragmentRequest {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new Map<string, string>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const session = params.get(SESSION_KEY);
  if (session !== undefined) return { kind: 'session', payload: session };
  const lesson = params.get('lesson');
  if (lesson !== undefined && /^[a-z0-9-]{1,64}$/.test(lesson)) {
    const step = Number(params.get('step'));
    return { kind: 'lesson', id: lesson, step: Number.isInteger(step) && step >= 1 && step <= 1000 ? step : null };
  }
  return { kind: 'none' };
}
