// The contract between the generic link loop (loader/link.ts) and one
// architecture's relocation table (arch/<arch>.ts).
//
// The loader fills a RelocSite with the inputs (type, S, A, P, B, the bytes at P)
// and calls ArchRelocator.relocate(). The arch code computes two results:
//  - what Zephyr's arch_elf_relocate() writes (zeph bytes, zephRet, value), quirks included;
//  - what the architecture's ELF psABI says (abi bytes, abiRet, abiValue), i.e. what GNU ld writes.
// Where they differ it sets `quirk` to a sentence naming the Zephyr behaviour.

import { get16, get32, get64, set16, set32, set64 } from "../util/bytes";
import { LogLine } from "./logline";

/** The first `n` bytes (n <= 8 compares all 8 when larger) of two 8-byte patch buffers are equal. */
// @ts-ignore: decorator
@inline export function samePatchBytes(a: StaticArray<u8>, b: StaticArray<u8>, n: u32): bool {
  const diff = load<u64>(changetype<usize>(a)) ^ load<u64>(changetype<usize>(b));
  return n >= 8 ? diff == 0 : (diff & ((<u64>1 << (<u64>n * 8)) - 1)) == 0;
}

/** Services of the loader that a few relocation types need (RISC-V PCREL_LO12 pairing, Xtensa).
 * They answer questions about the file and the placed sections; they keep no architecture's state. */
export abstract class RelocEnv {
  /**
   * Find the entry of type `type` whose r_offset == `offset` in the relocation section being
   * linked, searching from entry `out.from` (wrapping to 0 past the end) round the section;
   * resolve its symbol and give T = S + A - P in `out`. Returns false when there is none.
   * RISC-V pairs each PCREL_LO12 with its PCREL_HI20 this way.
   */
  abstract findReloc(offset: u64, type: u32, out: FoundReloc): bool;
  /** Loaded address of section `shndx` (0 if unmapped). */
  abstract sectionAddr(shndx: u32): u64;
  /** ELF sh_addr of section `shndx`. */
  abstract sectionShAddr(shndx: u32): u64;
  /** Xtensa RELATIVE: loaded address for a link-time virtual address, or -1 when no section holds it. */
  abstract vaddrToLoaded(vaddr: u64): i64;
  /**
   * ARM with CONFIG_LLEXT_VENEERS: the veneer entry an out-of-range Thumb branch to
   * `target` is routed through (found or claimed and written), 0 when there is none.
   */
  veneerFor(target: u32, symName: string, P: u64): u64 { return 0; }
  /** ARM: CONFIG_LLEXT_VENEERS is in effect (for the failure hint). */
  veneersEnabled(): bool { return false; }
}

/** The answer of RelocEnv.findReloc(). */
export class FoundReloc {
  /** In: the entry to start the search at. Out: the entry found, else that start as used
   * (0 when it was past the end). */
  from: u64 = 0;
  value: i64 = 0;        // T = S + A - P computed the Zephyr way
  abiValue: i64 = 0;     // T computed the ABI way (same unless quirks apply)
  index: i32 = -1;       // index of the entry in its relocation section
}

export class RelocSite {
  // ---- inputs ----
  type: u32 = 0;
  /** Resolved symbol address (S). */
  S: u64 = 0;
  /** Explicit addend (RELA). 0 for REL sections: the arch decodes the implicit addend from `before`. */
  A: i64 = 0;
  isRela: bool = false;
  /** Address of the place (P). */
  P: u64 = 0;
  /** Load bias: mem[LLEXT_MEM_TEXT]. */
  B: u64 = 0;
  symIndex: u32 = 0;
  symName: string = "";
  symValue: u64 = 0;
  symShndx: u32 = 0;
  symType: u32 = 0;
  symBind: u32 = 0;
  /** Link-time `sh_addr` of the target section and its loaded address. */
  ptrSize: u32 = 4;
  bigEndian: bool = false;
  /** Offset of the place inside its section (r_offset). */
  rOffset: u64 = 0;
  /** Bytes at P before this relocation (zero-filled past `avail`). */
  before: StaticArray<u8> = new StaticArray<u8>(8);
  /** Bytes at P as the psABI view holds them (differs from `before` after an earlier quirk). */
  abiBefore: StaticArray<u8> = new StaticArray<u8>(8);
  /** How many bytes of modelled memory exist at P (≤ 8). */
  avail: u32 = 8;
  env: RelocEnv | null = null;
  /** Whether the psABI result is wanted. The loader clears it when nothing can observe it (a
   * run that records nothing and writes Zephyr's values): a table may then skip the ABI half
   * of a type, leaving abi/abiValue/abiRet as reset() left them. */
  abiWanted: bool = true;
  /** Whether LOG_DBG lines are wanted: the loader clears it below DBG level, so that the
   * debug text arch_elf_relocate prints for every relocation is not built for nothing. */
  logDbg: bool = true;

  // ---- outputs ----
  /** Bytes Zephyr leaves at P (start as a copy of `before`). */
  zeph: StaticArray<u8> = new StaticArray<u8>(8);
  /** Bytes the psABI gives at P (start as a copy of `abiBefore`). */
  abi: StaticArray<u8> = new StaticArray<u8>(8);
  /** Number of bytes at P the relocation reads/writes (0 = nothing, e.g. R_*_NONE). */
  width: u32 = 0;
  /** 0 or a negative errno: what arch_elf_relocate returns. */
  zephRet: i32 = 0;
  /** true when Zephyr wrote `zeph` into memory (false when it fails before writing). */
  zephWrote: bool = true;
  /** 0, or -ERANGE when the value does not fit the field under the psABI (ld: "relocation truncated to fit"). */
  abiRet: i32 = 0;
  /** The value Zephyr computed (e.g. S+A, or the branch offset). */
  value: u64 = 0;
  /** The value the psABI defines. */
  abiValue: u64 = 0;
  // The outputs below are rarely set (failures, quirks, debug lines). Setting one marks the
  // site `noted`, so that resetting and checking them costs one test per relocation.
  /** Some output below was set since the last reset. */
  noted: bool = false;
  private _errorLog: string = "";
  private _extraLogs: string[] = [];
  private _quirk: string = "";
  private _hint: string = "";
  private _rangeMin: i64 = 0;
  private _rangeMax: i64 = 0;
  private _rangeFailed: bool = false;

  /** Zephyr's LOG_ERR text for a failure (without the "<err> llext: " prefix), ending in "\n"
   * where the format does (the log then shows an empty line after it). */
  get errorLog(): string { return this._errorLog; }
  set errorLog(v: string) { this._errorLog = v; this.noted = true; }
  /** Extra log lines Zephyr prints (LOG_ERR/LOG_WRN/LOG_DBG), as "err:...", "wrn:...", "dbg:...". */
  get extraLogs(): string[] { return this._extraLogs; }
  addLog(line: string): void { this._extraLogs.push(line); this.noted = true; }
  /** A LOG_DBG line printed before the extraLogs, assembled as bytes (arch/logline.ts): for
   * the line arch_elf_relocate() prints for every relocation. Empty when there is none. */
  readonly leadLog: LogLine = new LogLine();
  /** Starts leadLog over. */
  startLeadLog(): LogLine { this.noted = true; return this.leadLog.clear(); }
  /** leadLog ("dbg:" + its text) and extraLogs, in the order they are printed. */
  allLogs(): string[] {
    if (this.leadLog.length == 0) return this._extraLogs;
    const out = ["dbg:" + this.leadLog.toString()];
    for (let i = 0; i < this._extraLogs.length; i++) out.push(this._extraLogs[i]);
    return out;
  }
  /** Non-empty when Zephyr's result differs from the psABI: names the quirk. */
  get quirk(): string { return this._quirk; }
  set quirk(v: string) { this._quirk = v; this.noted = true; }
  /** For failures: the compiler flag or build setting that likely produced this relocation. */
  get hint(): string { return this._hint; }
  set hint(v: string) { this._hint = v; this.noted = true; }
  /** Allowed range when a range check failed (for the diagnostic). */
  get rangeMin(): i64 { return this._rangeMin; }
  set rangeMin(v: i64) { this._rangeMin = v; this.noted = true; }
  get rangeMax(): i64 { return this._rangeMax; }
  set rangeMax(v: i64) { this._rangeMax = v; this.noted = true; }
  get rangeFailed(): bool { return this._rangeFailed; }
  set rangeFailed(v: bool) { this._rangeFailed = v; this.noted = true; }

  /** Clears the outputs and starts zeph/abi as copies of before/abiBefore. */
  @inline reset(): void {
    this.resetResults();
    store<u64>(changetype<usize>(this.zeph), load<u64>(changetype<usize>(this.before)));
    store<u64>(changetype<usize>(this.abi), load<u64>(changetype<usize>(this.abiBefore)));
  }

  /** Clears the outputs except the zeph/abi bytes (for callers that set those themselves). */
  @inline resetResults(): void {
    this.width = 0; this.zephRet = 0; this.zephWrote = true; this.abiRet = 0;
    this.value = 0; this.abiValue = 0;
    if (this.noted) {
      this._errorLog = "";
      if (this._extraLogs.length != 0) this._extraLogs = [];
      this.leadLog.length = 0;
      this._quirk = ""; this._hint = ""; this._rangeMin = 0; this._rangeMax = 0; this._rangeFailed = false;
      this.noted = false;
    }
  }

  // Target-byte-order accessors. `which`: the buffer to use (site.before / site.zeph / site.abi ...).
  r16(buf: StaticArray<u8>, off: i32 = 0): u32 { return get16(buf, off, this.bigEndian); }
  r32(buf: StaticArray<u8>, off: i32 = 0): u32 { return get32(buf, off, this.bigEndian); }
  r64(buf: StaticArray<u8>, off: i32 = 0): u64 { return get64(buf, off, this.bigEndian); }
  w16(buf: StaticArray<u8>, v: u32, off: i32 = 0): void { set16(buf, off, v, this.bigEndian); }
  w32(buf: StaticArray<u8>, v: u32, off: i32 = 0): void { set32(buf, off, v, this.bigEndian); }
  w64(buf: StaticArray<u8>, v: u64, off: i32 = 0): void { set64(buf, off, v, this.bigEndian); }
  rWord(buf: StaticArray<u8>): u64 { return this.ptrSize == 8 ? this.r64(buf) : <u64>this.r32(buf); }
  wWord(buf: StaticArray<u8>, v: u64): void { if (this.ptrSize == 8) this.w64(buf, v); else this.w32(buf, <u32>v); }
}

/**
 * One architecture's relocation handling: the whole contract between the loader and an
 * arch/<arch>.ts file (in the manner of lld's TargetInfo). One subclass per file, one line
 * for it in arch/registry.ts. The loader asks for type names, hands every relocation to
 * relocate(), calls beginRun() once per simulated boot, and reads the few flags below; it
 * knows nothing else about any architecture. State an architecture keeps between
 * relocations (the file-static variables of its elf.c) lives in its subclass.
 */
export abstract class ArchRelocator {
  /** Short id used by board profiles: "arm", "arm64", "riscv", "x86", "x86_64", "xtensa", "arc", "openrisc". */
  abstract id(): string;
  /** The ELF e_machine this architecture's objects carry (for the wrong-machine diagnostic). */
  abstract elfMachine(): u32;
  /** A second e_machine that is the same architecture to Zephyr (ARC: ARCompact and ARCv2), or 0. */
  otherElfMachine(): u32 { return 0; }
  /** Relocation type name ("R_ARM_ABS32"), or "" when the type is unknown to this table. */
  abstract typeName(type: u32): string;
  /** Apply one relocation: fill the outputs of `site`. Never traps. */
  abstract relocate(site: RelocSite): void;
  /** A new run (one boot of the device) begins: file-static state of the arch's elf.c starts
   * from zero. Called by the engine before the first extension is loaded. */
  beginRun(): void {}
  /** ARM refuses SHT_RELA sections ("Found unsupported SHT_RELA section %d", -ENOTSUP). */
  rejectsRela(): bool { return false; }
  /** Xtensa links every relocation section through the PLT path (llext_link_plt()). */
  usesPltPath(): bool { return false; }
  /** The log module the architecture's elf.c prints under: LOG_MODULE_REGISTER(elf, ...) on
   * every architecture but Xtensa, whose file declares llext's module. */
  logModule(): string { return "elf"; }
  /** The function its per-relocation debug lines come from (Zephyr prefixes DBG lines with it). */
  logFunction(): string { return "arch_elf_relocate"; }
}
