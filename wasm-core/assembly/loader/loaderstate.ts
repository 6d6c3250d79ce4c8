// struct llext_loader: the per-load state (ELF header, region descriptors,
// section map) plus the buffer the loader reads from. LoadCtx (loadctx.ts) adds what
// linking caches; the symbol table readers below it (symtab.ts, symnames.ts) take this.
import { ByteView } from "../util/bytes";
import { ElfHeader, ElfLayout, SectionHeader } from "../elf/file";
import { Engine } from "./context";
import { Llext } from "./llext";
import { RegionLayout } from "./regions";
import { LIMIT_PAST_END, REPEATED_DIAGNOSTICS } from "./limits";
import { LoadParam } from "./loadparam";

export const STORAGE_TEMPORARY: i32 = 0;
export const STORAGE_PERSISTENT: i32 = 1;
export const STORAGE_WRITABLE: i32 = 2;

export function storageName(s: i32): string {
  return s == STORAGE_TEMPORARY ? "TEMPORARY" : s == STORAGE_PERSISTENT ? "PERSISTENT" : "WRITABLE";
}

export class SectMapEntry {
  memIdx: i32 = 0;
  offset: u64 = 0;
}

export class LoaderState {
  view: ByteView;
  layout: ElfLayout;
  hdr: ElfHeader = new ElfHeader();
  /** ldr->sects[]: one region descriptor per llext_mem value. */
  sects: SectionHeader[];
  /** ldr->sect_map[] (null until allocated). */
  sectMap: SectMapEntry[] | null = null;
  sectMapAddr: u64 = 0;
  storage: i32;
  hasPeek: bool;
  /** Address of the ELF buffer in target memory (what peek() returns pointers into). */
  elfBase: u64;
  R: RegionLayout;
  /** The llext_load_param of this load (LLEXT_LOAD_PARAM_DEFAULT unless the action gives one). */
  param: LoadParam = new LoadParam();

  /** Relocations whose Zephyr result differs from the psABI: "TYPE|quirk" -> count, in first-seen order. */
  quirkKeys: string[] = [];
  quirkCounts: Map<string, i32> = new Map<string, i32>();

  noteQuirk(typeName: string, quirk: string): void {
    const key = typeName + "|" + quirk;
    if (!this.quirkCounts.has(key)) {
      this.quirkKeys.push(key);
      this.quirkCounts.set(key, 0);
    }
    this.quirkCounts.set(key, this.quirkCounts.get(key) + 1);
  }

  /** Diagnostics about single relocations, per code: how many there were, and their severity. */
  private repeatedCodes: string[] = [];
  private repeatedCounts: Map<string, i32> = new Map<string, i32>();
  private repeatedSeverity: Map<string, u8> = new Map<string, u8>();

  /** Counts one diagnostic of `code` about a single entry; true while it is among the first
   * REPEATED_DIAGNOSTICS of its code, which are recorded in full (the rest are summed up by
   * reportRepeated(), so that a file with millions of bad entries stays readable). */
  listRepeated(severity: u8, code: string): bool {
    const n = this.repeatedCounts.has(code) ? this.repeatedCounts.get(code) + 1 : 1;
    if (n == 1) {
      this.repeatedCodes.push(code);
      this.repeatedSeverity.set(code, severity);
    }
    this.repeatedCounts.set(code, n);
    return n <= REPEATED_DIAGNOSTICS;
  }

  /** One diagnostic per code for the entries listRepeated() left out. */
  reportRepeated(): void {
    for (let i = 0; i < this.repeatedCodes.length; i++) {
      const code = this.repeatedCodes[i];
      const more = this.repeatedCounts.get(code) - REPEATED_DIAGNOSTICS;
      if (more <= 0) continue;
      this.e.diag(
        this.repeatedSeverity.get(code),
        code,
        more.toString() +
          " more relocation" +
          (more == 1 ? "" : "s") +
          " of this extension had the same problem (" +
          code +
          "); only the first " +
          REPEATED_DIAGNOSTICS.toString() +
          " are listed.",
      );
    }
  }

  constructor(
    public e: Engine,
    public ext: Llext,
    public data: Uint8Array,
    elfBase: u64,
    R: RegionLayout,
  ) {
    this.view = new ByteView(data, e.cfg.bigEndian);
    this.layout = new ElfLayout(e.cfg.ptrSize);
    this.R = R;
    this.sects = new Array<SectionHeader>(R.COUNT);
    for (let i = 0; i < R.COUNT; i++) this.sects[i] = new SectionHeader();
    this.elfBase = elfBase;
    const cfg = e.cfg;
    if (cfg.loaderKind == "fs") {
      this.storage = STORAGE_TEMPORARY;
      this.hasPeek = false;
    } else {
      this.hasPeek = true;
      if (cfg.storage == "temporary") this.storage = STORAGE_TEMPORARY;
      else if (cfg.storage == "persistent") this.storage = STORAGE_PERSISTENT;
      else if (cfg.storage == "writable") this.storage = STORAGE_WRITABLE;
      else this.storage = cfg.bool("CONFIG_LLEXT_STORAGE_WRITABLE") ? STORAGE_WRITABLE : STORAGE_PERSISTENT;
    }
  }

  /** llext_peek(): pointer into the in-memory ELF image, 0 (NULL) when unsupported or past the end. */
  peek(pos: u64): u64 {
    if (!this.hasPeek) return 0;
    if (pos >= <u64>this.data.length) return 0;
    return this.elfBase + pos;
  }

  /** llext_loaded_sect_ptr(): 0 when the section is not mapped to a region. */
  loadedSectPtr(shndx: u32): u64 {
    const m = this.sectMap;
    if (m == null || shndx >= <u32>m.length) return 0;
    const ent = m[shndx];
    if (ent.memIdx == this.R.COUNT) return 0;
    return this.ext.mem[ent.memIdx] + ent.offset;
  }

  mapped(shndx: u32): i32 {
    const m = this.sectMap;
    if (m == null || shndx >= <u32>m.length) return this.R.COUNT;
    return m[shndx].memIdx;
  }

  sectionName(shdr: SectionHeader): string {
    return this.stringAt(this.R.SHSTRTAB, <u64>shdr.name);
  }

  /** A string from a copied (or in-place) string table: mem[region] + index. */
  stringAt(region: i32, index: u64): string {
    const base = this.ext.mem[region];
    if (base == 0) return "";
    const s = this.e.mem.cstr(base + index, 4096);
    return s == null ? "" : s;
  }
}

/** The buffer loader reads a table in place: past the end of the file Zephyr reads whatever
 * memory follows the ELF buffer, which the playground cannot know. It stops there. */
export function pastEndOfFile(e: Engine, table: string, entry: u64): void {
  e.stop(
    LIMIT_PAST_END,
    table +
      " but the file ends inside entry " +
      entry.toString() +
      ": Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.",
  );
}
