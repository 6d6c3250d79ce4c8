// Parser for the heap op list of `llext-sim heap`: space-separated tokens
//   a<bytes>          k_heap_alloc(bytes)
//   a<bytes>@<align>  k_heap_aligned_alloc(align, bytes)
//   f<index>          k_heap_free(result of op <index>, counted from 0)
// Numbers are decimal or 0x-prefixed hexadecimal.

export const OP_ALLOC: i32 = 0;
export const OP_ALIGNED_ALLOC: i32 = 1;
export const OP_FREE: i32 = 2;

export class HeapOp {
  kind: i32 = OP_ALLOC;
  /** The token as written, echoed in the results. */
  text: string = "";
  bytes: u64 = 0;
  align: u64 = 0;
  /** For OP_FREE: index of the op whose block is freed. */
  target: u64 = 0;
}

/** Result of parsing: the ops, or an error message naming the bad token. */
export class ParsedOps {
  ops: HeapOp[] = [];
  error: string = "";
}

/** Parsed unsigned number, or `ok = false` for bad syntax or a value above `max`. */
class ParsedNumber {
  ok: bool = false;
  value: u64 = 0;
}

function digitValue(ch: i32, radix: u32): i32 {
  let v: i32 = -1;
  if (ch >= 0x30 && ch <= 0x39) v = ch - 0x30;
  else if (ch >= 0x61 && ch <= 0x66) v = ch - 0x61 + 10;
  else if (ch >= 0x41 && ch <= 0x46) v = ch - 0x41 + 10;
  return v >= 0 && <u32>v < radix ? v : -1;
}

function parseNumber(s: string, max: u64): ParsedNumber {
  const r = new ParsedNumber();
  let i = 0;
  let radix: u32 = 10;
  if (s.length > 2 && s.charCodeAt(0) == 0x30 && (s.charCodeAt(1) == 0x78 || s.charCodeAt(1) == 0x58)) {
    radix = 16;
    i = 2;
  }
  if (i >= s.length) return r;
  let v: u64 = 0;
  for (; i < s.length; i++) {
    const d = digitValue(s.charCodeAt(i), radix);
    if (d < 0) return r;
    // v * radix + d > max  <=>  v > (max - d) / radix
    if (<u64>d > max || v > (max - <u64>d) / <u64>radix) return r;
    v = v * <u64>radix + <u64>d;
  }
  r.ok = true;
  r.value = v;
  return r;
}

function isPowerOfTwo(v: u64): bool {
  return v != 0 && (v & (v - 1)) == 0;
}

/** An align Zephyr accepts: 0, a power of two, or a power of two plus one lower "rewind" bit. */
function isValidAlign(a: u64): bool {
  if (a == 0) return true;
  const rew = a & (~a + 1);
  return a == rew || isPowerOfTwo(a - rew);
}

/**
 * Parses the op list. `maxSize` is the largest size_t of the target
 * (2^32-1 on 32-bit), which bounds byte counts and alignments.
 */
export function parseHeapOps(list: string, maxSize: u64): ParsedOps {
  const out = new ParsedOps();
  const tokens = list.replaceAll("\t", " ").replaceAll("\n", " ").replaceAll("\r", " ").split(" ");
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t].trim();
    if (tok.length == 0) continue;
    const index = out.ops.length;
    const op = new HeapOp();
    op.text = tok;
    const k = tok.charCodeAt(0);
    const body = tok.substring(1);
    if (k == 0x61) {
      // 'a'
      const at = body.indexOf("@");
      const sizeText = at < 0 ? body : body.substring(0, at);
      const n = parseNumber(sizeText, maxSize);
      if (!n.ok) {
        out.error = "op " + index.toString() + " '" + tok + "': size must be a number from 0 to " + maxSize.toString();
        return out;
      }
      op.bytes = n.value;
      if (at < 0) {
        op.kind = OP_ALLOC;
      } else {
        const a = parseNumber(body.substring(at + 1), maxSize);
        if (!a.ok || !isValidAlign(a.value)) {
          out.error =
            "op " +
            index.toString() +
            " '" +
            tok +
            "': alignment must be a power of two (optionally plus one lower rewind bit) up to " +
            maxSize.toString();
          return out;
        }
        op.kind = OP_ALIGNED_ALLOC;
        op.align = a.value;
      }
    } else if (k == 0x66) {
      // 'f'
      const n = parseNumber(body, 0xffffffff);
      if (!n.ok) {
        out.error = "op " + index.toString() + " '" + tok + "': expected f<op number>";
        return out;
      }
      if (n.value >= <u64>index) {
        out.error =
          "op " + index.toString() + " '" + tok + "': can only free the result of an earlier op (0.." + (index - 1).toString() + ")";
        if (index == 0) out.error = "op 0 '" + tok + "': there is no earlier op to free";
        return out;
      }
      op.kind = OP_FREE;
      op.target = n.value;
    } else {
      out.error = "op " + index.toString() + " '" + tok + "': expected a<bytes>, a<bytes>@<align> or f<op number>";
      return out;
    }
    out.ops.push(op);
  }
  return out;
}
