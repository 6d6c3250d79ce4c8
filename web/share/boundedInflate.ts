// zlib inflation that stops as soon as the output passes a limit, so a small
// hostile link ("zip bomb") cannot make the page allocate gigabytes. Input is
// fed in small pieces: DEFLATE expands at most ~1032:1, so one piece can
// overshoot the limit by about a megabyte before the check runs. fflate does not
// check the zlib trailer, so the Adler-32 is verified here: a garbled link is
// reported as damaged instead of yielding altered bytes.
import { Unzlib } from 'fflate';

const PIECE = 1024;

export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' | 'corrupt'; message: string };

export function inflateBounded(input: Uint8Array, maxOutput: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Unzlib((chunk, final) => {
    chunks.push(chunk);
    total += chunk.length;
    if (final) finished = true;
  });
  try {
    for (let at = 0; at < input.length; at += PIECE) {
      const end = Math.min(at + PIECE, input.length);
      inflater.push(input.subarray(at, end), end === input.length);
      if (total > maxOutput) {
        return { ok: false, reason: 'too-large', message: `it expands to more than ${maxOutput} bytes` };
      }
    }
  } catch (e) {
    return { ok: false, reason: 'corrupt', message: `the compressed data is damaged (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!finished) return { ok: false, reason: 'corrupt', message: 'the compressed data ends early (the link was cut)' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  const n = input.length;
  const stored = n < 4 ? -1 : ((input[n - 4] << 24) | (input[n - 3] << 16) | (input[n - 2] << 8) | input[n - 1]) >>> 0;
  if (stored !== adler32(out)) return { ok: false, reason: 'corrupt', message: 'the checksum does not match (the link was altered)' };
  return { ok: true, bytes: out };
}

/** Adler-32 as zlib defines it (RFC 1950). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length;) {
    // 5552 bytes is the longest run before b can overflow 2^32 (zlib's NMAX).
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
