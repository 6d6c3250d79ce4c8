// Log lines written straight into the trace as bytes. An EV_LOG record holds its line as a
// length and UTF-8 text; building that line as a string first (concatenation, number
// formatting, then encoding) allocates several strings per line, which at debug level is
// most of a large load's cost (a few hundred thousand lines, one or more per symbol and
// per relocation). Here the pieces are stored one after the other instead: the record's
// bytes are the same.
//
//   let p = lineOpen(t, LOG_DBG, maxTextBytes);
//   const start = p;
//   p = wtext(p, "symbol "); p = wdec(p, i); ...
//   lineClose(t, start, p);
import { EV_LOG } from "./events";
import { TraceWriter, wu8 } from "./writer";

/** Starts an EV_LOG record whose text takes at most `maxText` bytes; returns where the text
 * starts (pass it to lineClose()). Nothing else may be written to the trace until then. */
export function lineOpen(t: TraceWriter, level: u8, maxText: i32): usize {
  let p = t.open(6 + maxText);
  p = wu8(p, EV_LOG);
  p = wu8(p, level);
  return p + 4;
}

/** Ends the record opened at `start` whose text was written up to `p`. */
export function lineClose(t: TraceWriter, start: usize, p: usize): void {
  store<u32>(start - 4, <u32>(p - start));
  t.close(p);
}

/** Upper bound of the UTF-8 bytes of `s` (at most 3 per UTF-16 code unit). */
// @ts-ignore: decorator
@inline export function utf8Max(s: string): i32 { return s.length * 3; }

/** `s` in UTF-8, as TraceWriter.str() encodes it. */
// @ts-ignore: decorator
@inline export function wtext(p: usize, s: string): usize {
  return p + String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, p, false);
}

/** An unsigned integer in decimal (u64.toString()). At most 20 bytes. */
export function wdec(p: usize, v: u64): usize {
  let n = 1;
  for (let x = v; x >= 10; x /= 10) n++;
  let q = p + <usize>n;
  do {
    q--;
    store<u8>(q, <u8>(0x30 + <u32>(v % 10)));
    v /= 10;
  } while (v != 0);
  return p + <usize>n;
}

/** A signed integer in decimal (i64.toString()). At most 20 bytes. */
export function wsdec(p: usize, v: i64): usize {
  if (v >= 0) return wdec(p, <u64>v);
  p = wu8(p, 0x2d);
  return wdec(p, <u64>(-v));
}

/** Lower-case hex digits without prefix (util/fmt.ts hex()). At most 16 bytes. */
export function whex(p: usize, v: u64): usize {
  let n = 1;
  for (let x = v >> 4; x != 0; x >>= 4) n++;
  let q = p + <usize>n;
  do {
    q--;
    const d = <u32>(v & 0xf);
    store<u8>(q, <u8>(d < 10 ? 0x30 + d : 0x57 + d));
    v >>= 4;
  } while (v != 0);
  return p + <usize>n;
}

/** `%p` as util/fmt.ts ptr() prints it: "0x" + hex, "(nil)" for 0. At most 18 bytes. */
export function wptr(p: usize, v: u64): usize {
  if (v == 0) return wtext(p, "(nil)");
  p = wu8(p, 0x30);
  p = wu8(p, 0x78);
  return whex(p, v);
}
