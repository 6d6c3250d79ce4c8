// Names in target memory (string tables, sym_tab's name pointers) as the bytes they are,
// without making a string of each. SimMemory.cstr() decodes a name into a string; writing
// it to the trace then encodes it again. For the loops over every symbol of a large
// extension (its debug lines, sym_tab's trace records) that was one string per symbol.
// An ASCII name's bytes are its UTF-8 encoding, so they are copied as they are; any other
// name goes through the decoding and encoding as before (which rewrites malformed UTF-8),
// so the trace holds the same bytes either way.
import { SimMemory } from "./memory";
import { TraceWriter } from "../trace/writer";
import { wtext } from "../trace/text";

/** The bytes SimMemory.cstr(addr, max) decodes. */
export class CStr {
  ptr: usize = 0;
  len: i32 = 0;
  /** No byte has the high bit set. */
  ascii: bool = true;

  /** The empty name. */
  empty(): void {
    this.len = 0;
    this.ascii = true;
  }

  /** Finds them; false (and the empty name) when no area holds `addr`, where cstr() gives null. */
  at(mem: SimMemory, addr: u64, max: i32): bool {
    const a = mem.find(addr, 1);
    if (a == null) {
      this.empty();
      return false;
    }
    const o = <i32>(addr - a.base);
    const lim = min(a.bytes.length - o, max);
    const start = a.bytes.dataStart + <usize>o;
    let n = 0,
      high: u32 = 0;
    while (n < lim) {
      const b = <u32>load<u8>(start + <usize>n);
      if (b == 0) break;
      high |= b;
      n++;
    }
    this.ptr = start;
    this.len = n;
    this.ascii = (high & 0x80) == 0;
    return true;
  }

  /** The name as cstr() returns it. */
  text(): string {
    return String.UTF8.decodeUnsafe(this.ptr, <usize>this.len, false);
  }

  /** Upper bound of the bytes wcstr() stores (the decoding turns 4 malformed bytes into
   * at most two lone surrogates, 3 bytes each). */
  get maxBytes(): i32 {
    return this.ascii ? this.len : this.len * 2;
  }
}

/** Stores the name's UTF-8 at `p` (as wtext(p, cstr(...)) would). */
export function wcstr(p: usize, s: CStr): usize {
  if (!s.ascii) return wtext(p, s.text());
  memory.copy(p, s.ptr, <usize>s.len);
  return p + <usize>s.len;
}

/** Writes the name as a str field (as TraceWriter.str(cstr(...)) would). */
export function strCStr(t: TraceWriter, s: CStr): void {
  if (s.ascii) t.bytesFrom(s.ptr, s.len);
  else t.str(s.text());
}
