// Symbol names for the relocation loop: llext_symbol_name() decoded once per symbol
// rather than once per relocation, with the name's trace string id alongside.
//
// An entry is only reused while the symbol still reads the same way (same st_name, or
// the same section for STT_SECTION) and no relocation has written into the memory
// holding the string tables since (`generation`): a hostile r_offset can patch the
// ELF buffer in place, and then Zephyr reads the patched names.
import { Symbol } from "../elf/file";
import { STT_SECTION } from "../elf/constants";
import { LoadCtx } from "./loadctx";
import { symbolName } from "./symbols";
import { MemArea } from "./memory";
import { findBuiltin } from "./lookup";

const KIND_NAME: u8 = 1;
const KIND_SECTION: u8 = 2;

export class SymbolNames {
  /** Bumped whenever the memory holding .strtab or .shstrtab is written. */
  generation: u32 = 1;
  private key: Uint32Array;
  private kind: Uint8Array;
  private gen: Uint32Array;
  private ids: Uint32Array;
  private text: Array<string>;
  /** Built-in export table answer per symbol, valid while builtinKey matches st_value (the SLID). */
  private builtinAddr: Array<u64>;
  private builtinKey: Array<u64>;
  private builtinKnown: Uint8Array;
  /** The memory areas holding the string tables names are read from. */
  private strtabArea: MemArea | null;
  private shstrtabArea: MemArea | null;

  constructor(public L: LoadCtx, public count: u32) {
    this.key = new Uint32Array(<i32>count);
    this.kind = new Uint8Array(<i32>count);
    this.gen = new Uint32Array(<i32>count);
    this.ids = new Uint32Array(<i32>count);
    this.text = new Array<string>(<i32>count);
    this.builtinAddr = new Array<u64>(<i32>count);
    this.builtinKey = new Array<u64>(<i32>count);
    this.builtinKnown = new Uint8Array(<i32>count);
    const mem = L.e.mem;
    this.strtabArea = mem.find(L.ext.mem[L.R.STRTAB], 1);
    this.shstrtabArea = mem.find(L.ext.mem[L.R.SHSTRTAB], 1);
  }

  /** Called after a relocation wrote into `area`. */
  wrote(area: MemArea): void {
    if (area === this.strtabArea || area === this.shstrtabArea) this.generation++;
  }

  /** Index of a valid entry for `sym` at `index`, or -1 (then the name must be decoded). */
  private slot(index: u32, sym: Symbol): i32 {
    if (index >= this.count) return -1;
    const i = <i32>index;
    const isSection = sym.type == STT_SECTION;
    const k = isSection ? sym.shndx : sym.name;
    if (unchecked(this.gen[i]) == this.generation && unchecked(this.kind[i]) == (isSection ? KIND_SECTION : KIND_NAME) &&
        unchecked(this.key[i]) == k) return i;
    unchecked(this.key[i] = k);
    unchecked(this.kind[i] = isSection ? KIND_SECTION : KIND_NAME);
    unchecked(this.gen[i] = this.generation);
    unchecked(this.ids[i] = 0);
    unchecked(this.builtinKnown[i] = 0);
    unchecked(this.text[i] = symbolName(this.L, sym));
    return i;
  }

  /** llext_symbol_name() of symbol `index`, already read into `sym`. */
  name(index: u32, sym: Symbol): string {
    const i = this.slot(index, sym);
    return i < 0 ? symbolName(this.L, sym) : unchecked(this.text[i]);
  }

  /** findBuiltin() for symbol `index`: the built-in table does not change during a run. */
  builtin(index: u32, sym: Symbol): u64 {
    const i = this.slot(index, sym);
    const e = this.L.e;
    if (i < 0) return findBuiltin(e, symbolName(this.L, sym), sym.value);
    if (unchecked(this.builtinKnown[i]) != 0 && unchecked(this.builtinKey[i]) == sym.value) return unchecked(this.builtinAddr[i]);
    const a = findBuiltin(e, unchecked(this.text[i]), sym.value);
    unchecked(this.builtinAddr[i] = a);
    unchecked(this.builtinKey[i] = sym.value);
    unchecked(this.builtinKnown[i] = 1);
    return a;
  }

  /** The trace string id of that name (0 in quiet runs, which record nothing). */
  id(index: u32, sym: Symbol): u32 {
    const e = this.L.e;
    if (e.quiet) return 0;
    const i = this.slot(index, sym);
    if (i < 0) return e.trace.intern(symbolName(this.L, sym));
    let id = unchecked(this.ids[i]);
    if (id == 0) {
      id = e.trace.intern(unchecked(this.text[i]));
      unchecked(this.ids[i] = id);
    }
    return id;
  }
}
