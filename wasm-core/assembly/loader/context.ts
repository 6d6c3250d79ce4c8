// Shared state of one simulation run: on top of RunHost's configuration, trace, memory
// and limits, the heaps, the architecture's relocator, the built-in export table and the
// global list of loaded extensions.
import { SimConfig } from "../config/sim";
import { RunHost } from "./runhost";
import { ArchRelocator } from "../arch/reloc";
import { relocatorFor } from "../arch/registry";
import { LlextHeaps } from "./heaps";
import { Llext } from "./llext";
import { MemArea } from "./memory";

export class Engine extends RunHost {
  relocator: ArchRelocator | null;
  /** The input files are used by this run only: ELF buffers may alias them. */
  consumesInputs: bool = false;
  heaps!: LlextHeaps;
  /** Return value of the last action. */
  lastRet: i32 = 0;
  /** First negative action result (0 when every action succeeded). */
  firstFailure: i32 = 0;
  /** The global extension list, in load order. */
  loaded: Llext[] = [];
  /** Buffer-loader ELF images, per input file. */
  elfAreas: Map<i32, MemArea> = new Map<i32, MemArea>();
  /** CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID, read once (it is consulted for every relocation). */
  bySlid: bool;
  /** The filesystem loader (every read can come up short), read once. */
  fsLoader: bool;
  /** Built-in export table indexes (first entry per key wins, as llext_find_sym's scan does). */
  private builtinByName: Map<string, u64> | null = null;
  private builtinBySlid: Map<u64, u64> | null = null;
  /** Trace string ids of relocation type names, per type number. */
  private typeIds: Map<u32, u32> = new Map<u32, u32>();

  constructor(
    cfg: SimConfig,
    public files: Uint8Array[],
  ) {
    super(cfg);
    this.relocator = relocatorFor(cfg.arch);
    this.bySlid = cfg.bool("CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID");
    this.fsLoader = cfg.loaderKind == "fs";
    this.heaps = new LlextHeaps(this);
    // One run is one boot: file-static state of Zephyr's code starts from zero.
    if (this.relocator != null) this.relocator!.beginRun();
  }

  /** The trace string id of a relocation type's name ("R_ARM_ABS32"). */
  typeNameId(type: u32): u32 {
    // Most relocations have the type of the one before.
    if (type == this.lastType && this.lastTypeId != 0xffffffff) return this.lastTypeId;
    const ids = this.typeIds;
    let id: u32;
    if (ids.has(type)) id = ids.get(type);
    else {
      const r = this.relocator;
      id = this.trace.intern(r == null ? "" : r.typeName(type));
      ids.set(type, id);
    }
    this.lastType = type;
    this.lastTypeId = id;
    return id;
  }
  private lastType: u32 = 0;
  private lastTypeId: u32 = 0xffffffff;

  /** llext_find_sym(NULL, ...) over the built-in table by name: the first entry with that name. */
  builtinNamed(name: string): u64 {
    let m = this.builtinByName;
    if (m == null) {
      m = new Map<string, u64>();
      const ex = this.cfg.exports;
      for (let i = 0; i < ex.length; i++) {
        const ent = unchecked(ex[i]);
        if (!ent.bySlid && !m.has(ent.name)) m.set(ent.name, ent.addr);
      }
      this.builtinByName = m;
    }
    return m.has(name) ? m.get(name) : 0;
  }

  /** The same by SLID (CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID). */
  builtinWithSlid(slid: u64): u64 {
    let m = this.builtinBySlid;
    if (m == null) {
      m = new Map<u64, u64>();
      const ex = this.cfg.exports;
      for (let i = 0; i < ex.length; i++) {
        const ent = unchecked(ex[i]);
        if (ent.bySlid && !m.has(ent.slid)) m.set(ent.slid, ent.addr);
      }
      this.builtinBySlid = m;
    }
    return m.has(slid) ? m.get(slid) : 0;
  }
}
