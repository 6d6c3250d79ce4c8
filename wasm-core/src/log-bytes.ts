// Log lines as UTF-8 bytes, for output that only prints them (the CLI's text output).
// The trace decoder (DecodeOptions.logBytes) copies a recorded line's bytes straight from
// the trace and formats a template line's numbers as digits in place: a debug-level load of
// a large extension prints a few hundred thousand lines, and making a string of each, only
// to encode it again for output, was most of the time that output took.

const encoder = new TextEncoder();

export class LogBytes {
  private buf: Uint8Array;
  /** Bytes written so far. A writer that stores into reserve()'s array itself moves it on. */
  end = 0;

  /** `capacity`: the bytes expected (it grows as needed). */
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(Math.max(capacity, 64));
  }

  /** The lines so far, each ended by '\n' (a view, valid until the next append). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.end);
  }

  /** Makes room for `n` more bytes and returns the array to store them in from `end` on. */
  reserve(n: number): Uint8Array {
    if (this.end + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.end + n, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.end));
      this.buf = grown;
    }
    return this.buf;
  }

  /** A whole line given as text. */
  line(s: string): void {
    this.text(s);
    this.reserve(1)[this.end++] = 0x0a;
  }

  /** Text in UTF-8. */
  text(s: string): void {
    const b = this.reserve(s.length * 3);
    this.end += encoder.encodeInto(s, b.subarray(this.end)).written;
  }

  /** Bytes already encoded, from `src`. */
  put(src: Uint8Array, start: number, end: number): void {
    this.end = copyBytes(this.reserve(end - start), this.end, src, start, end);
  }
}

/** Copies src[start, end) to b at q; returns the position after it. */
export function copyBytes(b: Uint8Array, q: number, src: Uint8Array, start: number, end: number): number {
  if (end - start > 64) {
    b.set(src.subarray(start, end), q);
    return q + end - start;
  }
  // Most pieces are a few bytes: a loop costs less than a subarray and set().
  for (let i = start; i < end; i++) b[q++] = src[i]!;
  return q;
}

/** Stores a non-negative integer below 2^53 in decimal (as String(v) writes it, at most 16
 * bytes) at q; returns the position after it. */
export function storeDecimal(b: Uint8Array, q: number, v: number): number {
  let n = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) n++;
  const end = q + n;
  let i = end;
  do {
    b[--i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  } while (v !== 0);
  return end;
}

/** The same in lower-case hex (as v.toString(16) writes it, at most 14 bytes). */
export function storeHex(b: Uint8Array, q: number, v: number): number {
  let n = 1;
  for (let x = Math.floor(v / 16); x !== 0; x = Math.floor(x / 16)) n++;
  const end = q + n;
  let i = end;
  do {
    const d = v % 16;
    b[--i] = d < 10 ? 0x30 + d : 0x57 + d;
    v = Math.floor(v / 16);
  } while (v !== 0);
  return end;
}
