// A log line assembled as UTF-8 bytes in a reusable buffer, for the debug line an
// architecture's arch_elf_relocate() prints for every relocation (ARM's
// LOG_DBG("%d %lx %lx %s", ...)). Built as a string it took several strings per
// relocation (numbers, hex, concatenation), the largest part of a debug-level link;
// the loader copies these bytes into the trace (loader/apply.ts: logArchLines).
import { utf8Max, wdec, whex, wtext } from "../trace/text";

export class LogLine {
  private buf: StaticArray<u8> = new StaticArray<u8>(128);
  /** Bytes so far (0: no line). */
  length: i32 = 0;

  get dataStart(): usize {
    return changetype<usize>(this.buf);
  }

  clear(): LogLine {
    this.length = 0;
    return this;
  }

  /** Where `n` more bytes go. */
  private room(n: i32): usize {
    if (this.length + n > this.buf.length) {
      const grown = new StaticArray<u8>(max(this.length + n, this.buf.length * 2));
      memory.copy(changetype<usize>(grown), changetype<usize>(this.buf), <usize>this.length);
      this.buf = grown;
    }
    return changetype<usize>(this.buf) + <usize>this.length;
  }

  private moved(p: usize): LogLine {
    this.length = <i32>(p - changetype<usize>(this.buf));
    return this;
  }

  text(s: string): LogLine {
    return this.moved(wtext(this.room(utf8Max(s)), s));
  }
  /** `%u` / `%d` of an unsigned value. */
  dec(v: u64): LogLine {
    return this.moved(wdec(this.room(20), v));
  }
  /** `%x` / `%lx`: lower-case hex without prefix. */
  hex(v: u64): LogLine {
    return this.moved(whex(this.room(16), v));
  }

  /** The line as a string (for callers that want text). */
  toString(): string {
    return String.UTF8.decodeUnsafe(changetype<usize>(this.buf), <usize>this.length, false);
  }
}
