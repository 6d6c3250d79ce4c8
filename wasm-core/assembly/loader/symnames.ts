// Per-symbol answers for the relocation loop: the symbol table entry, llext_symbol_name()
// decoded once per symbol rather than once per relocation, the name's trace string id,
// the built-in table's answer and the whole llext_lookup_symbol() result.
//
// Entries stay valid until a relocation writes into the memory holding the ELF buffer
// (where .symtab is read from), .strtab or .shstrtab (`generation`): a hostile r_offset
// can patch them in place, and then Zephyr reads the patched symbols and names.
//
// Each symbol's entry is one 64-byte record, one cache line (instead of one per field
// array, plus the symbol table entry itself). Records are handed out in the order symbols
// are first met: relocations name few of an object's symbols (a real 86k-relocation object
// with 47k symbols names 14), so the table stays small.
import { Symbol } from "../elf/file";
import { LoaderState } from "./loaderstate";
import { readSymbolAt, symbolName, SymtabView } from "./symtab";
import { MemArea } from "./memory";
import { findBuiltin, Lookup } from "./lookup";
import { Llext } from "./llext";
import { SRC_EXTENSION } from "../trace/events";

const RECORDS_GROWTH_MAX: i32 = 16 << 20;

// Record layout.
const REC: usize = 64;
const R_GEN: usize = 0; // u32: generation the entry was filled in (0: empty)
const R_ID: usize = 4; // u32: trace string id of the name (0: not interned yet)
const R_TEXT: usize = 8; // u32: the name (a string kept alive by `text`)
const R_ST_NAME: usize = 12; // u32
const R_ST_VALUE: usize = 16; // u64
const R_BUILTIN_ADDR: usize = 24; // u64
const R_LOOK_ADDR: usize = 32; // u64
const R_ST_SIZE: usize = 40; // u64
const R_ST_SHNDX: usize = 48; // u32
const R_ST_INFO: usize = 52; // u8
const R_ST_OTHER: usize = 53; // u8
const R_BUILTIN_KNOWN: usize = 54; // u8
const R_LOOK_KNOWN: usize = 55; // u8
const R_LOOK_SOURCE: usize = 56; // u8

export class SymbolNames {
  /** Bumped whenever the memory holding the ELF buffer, .strtab or .shstrtab is written. */
  generation: u32 = 1;
  /** Record number + 1 per symbol index (0: none yet). */
  private recordOf: StaticArray<u32>;
  private records: StaticArray<u8>;
  private used: i32 = 0;
  /** Keeps the names the records point at alive. */
  private text: StaticArray<string | null>;
  /** The providing extension of answers found in another extension's exp_tab (rare). */
  private lookProvider: Map<i32, Llext> = new Map<i32, Llext>();
  /** The memory areas holding the string tables names are read from. */
  private strtabArea: MemArea | null;
  private shstrtabArea: MemArea | null;

  private tab: SymtabView;

  constructor(
    public L: LoaderState,
    public count: u32,
  ) {
    this.tab = new SymtabView(L, count);
    this.recordOf = new StaticArray<u32>(<i32>count);
    this.records = new StaticArray<u8>(16 * <i32>REC);
    this.text = new StaticArray<string | null>(<i32>count);
    const mem = L.e.mem;
    this.strtabArea = mem.find(L.ext.mem[L.R.STRTAB], 1);
    this.shstrtabArea = mem.find(L.ext.mem[L.R.SHSTRTAB], 1);
  }

  /** The record of a symbol index below `count`, handed out (zeroed) on first use. */
  @inline private rec(slot: i32): usize {
    const n = unchecked(this.recordOf[slot]);
    return n != 0 ? changetype<usize>(this.records) + <usize>(n - 1) * REC : this.newRecord(slot);
  }

  private newRecord(slot: i32): usize {
    if ((this.used + 1) * <i32>REC > this.records.length) {
      // Doubling, by at most 16 MiB at a time: a file naming millions of symbols then meets
      // the engine's memory limit (checked between steps) before one allocation outgrows it.
      const size = this.records.length;
      const grown = new StaticArray<u8>(size + min(size, RECORDS_GROWTH_MAX));
      memory.copy(changetype<usize>(grown), changetype<usize>(this.records), <usize>this.records.length);
      this.records = grown;
    }
    this.used++;
    unchecked((this.recordOf[slot] = <u32>this.used));
    return changetype<usize>(this.records) + <usize>(this.used - 1) * REC;
  }

  /** The area of the previous wrote() and whether it holds tables (relocations tend to
   * write into one area after another). */
  private lastWritten: MemArea | null = null;
  private lastHoldsTables: bool = false;

  /** Called after a relocation wrote into `area`. */
  @inline wrote(area: MemArea): void {
    if (area !== this.lastWritten) {
      this.lastWritten = area;
      this.lastHoldsTables = area === this.strtabArea || area === this.shstrtabArea || area.bytes === this.L.data;
    }
    if (this.lastHoldsTables) this.generation++;
  }

  /** Reads symbol `index` into `sym` (from the entry when it is valid); returns its slot,
   * or -1 past the end of the symbol table (nothing is kept for those). */
  symbolAt(index: u32, sym: Symbol): i32 {
    if (index >= this.count) {
      readSymbolAt(this.L, index, sym);
      return -1;
    }
    const i = <i32>index;
    const r = this.rec(i);
    if (load<u32>(r, R_GEN) != this.generation) {
      this.tab.read(index, sym);
      this.fill(i, sym);
      return i;
    }
    sym.name = load<u32>(r, R_ST_NAME);
    sym.value = load<u64>(r, R_ST_VALUE);
    sym.size = load<u64>(r, R_ST_SIZE);
    sym.shndx = load<u32>(r, R_ST_SHNDX);
    sym.info = <u32>load<u8>(r, R_ST_INFO);
    sym.other = <u32>load<u8>(r, R_ST_OTHER);
    return i;
  }

  /** The slot of symbol `index`, which the caller read into `sym` itself, or -1. */
  slot(index: u32, sym: Symbol): i32 {
    if (index >= this.count) return -1;
    const i = <i32>index;
    if (load<u32>(this.rec(i), R_GEN) != this.generation) this.fill(i, sym);
    return i;
  }

  private fill(i: i32, sym: Symbol): void {
    const r = this.rec(i);
    const name = symbolName(this.L, sym);
    unchecked((this.text[i] = name));
    store<u32>(r, this.generation, R_GEN);
    store<u32>(r, 0, R_ID);
    store<u32>(r, <u32>changetype<usize>(name), R_TEXT);
    store<u32>(r, sym.name, R_ST_NAME);
    store<u64>(r, sym.value, R_ST_VALUE);
    store<u64>(r, sym.size, R_ST_SIZE);
    store<u32>(r, sym.shndx, R_ST_SHNDX);
    store<u8>(r, <u8>sym.info, R_ST_INFO);
    store<u8>(r, <u8>sym.other, R_ST_OTHER);
    store<u8>(r, 0, R_BUILTIN_KNOWN);
    store<u8>(r, 0, R_LOOK_KNOWN);
  }

  /** The name held by a slot. */
  @inline nameOf(slot: i32): string {
    return changetype<string>(<usize>load<u32>(this.rec(slot), R_TEXT));
  }

  /** The trace string id of a slot's name (0 in quiet runs, which record nothing). Inlined
   * into the relocation loop: once the name is interned it is one load. */
  @inline idOf(slot: i32): u32 {
    if (this.L.e.quiet) return 0;
    const id = load<u32>(this.rec(slot), R_ID);
    return id != 0 ? id : this.internName(slot);
  }

  /** Interns a slot's name (the first idOf() of the slot). */
  private internName(slot: i32): u32 {
    const id = this.L.e.trace.intern(this.nameOf(slot));
    store<u32>(this.rec(slot), id, R_ID);
    return id;
  }

  /** llext_symbol_name() of symbol `index`, already read into `sym`. */
  name(index: u32, sym: Symbol): string {
    const i = this.slot(index, sym);
    return i < 0 ? symbolName(this.L, sym) : this.nameOf(i);
  }

  /** The trace string id of that name (0 in quiet runs). */
  id(index: u32, sym: Symbol): u32 {
    const e = this.L.e;
    if (e.quiet) return 0;
    const i = this.slot(index, sym);
    return i < 0 ? e.trace.intern(symbolName(this.L, sym)) : this.idOf(i);
  }

  /** findBuiltin() for symbol `index`: the built-in table does not change during a run. */
  builtin(index: u32, sym: Symbol): u64 {
    const i = this.slot(index, sym);
    const e = this.L.e;
    if (i < 0) return findBuiltin(e, symbolName(this.L, sym), sym.value);
    const r = this.rec(i);
    if (load<u8>(r, R_BUILTIN_KNOWN) != 0) return load<u64>(r, R_BUILTIN_ADDR);
    const a = findBuiltin(e, this.nameOf(i), sym.value);
    store<u64>(r, a, R_BUILTIN_ADDR);
    store<u8>(r, 1, R_BUILTIN_KNOWN);
    return a;
  }

  /** Fills `out` with the lookup answer remembered for a slot, if there is one. */
  recall(slot: i32, out: Lookup): bool {
    const r = this.rec(slot);
    if (load<u8>(r, R_LOOK_KNOWN) == 0) return false;
    out.ret = 0;
    out.addr = load<u64>(r, R_LOOK_ADDR);
    const source = load<u8>(r, R_LOOK_SOURCE);
    out.source = source;
    if (source == SRC_EXTENSION) {
      const p = this.lookProvider.get(slot);
      out.providerExt = p;
      out.provider = p.name;
    } else {
      if (out.providerExt != null) out.providerExt = null;
      if (out.provider.length != 0) out.provider = "";
    }
    return true;
  }

  /** Remembers a successful lookup for a slot. */
  remember(slot: i32, look: Lookup): void {
    if (look.ret != 0) return;
    const p = look.providerExt;
    // Only another extension's answer carries its provider (recall() relies on it).
    if ((look.source == SRC_EXTENSION) != (p != null)) return;
    if (p != null) this.lookProvider.set(slot, p);
    const r = this.rec(slot);
    store<u8>(r, 1, R_LOOK_KNOWN);
    store<u64>(r, look.addr, R_LOOK_ADDR);
    store<u8>(r, look.source, R_LOOK_SOURCE);
  }
}
