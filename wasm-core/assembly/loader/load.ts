// llext_load() and do_llext_load() (subsys/llext/llext.c, llext_load.c).
import { Engine } from "./context";
import { LoadCtx } from "./loadctx";
import { Llext, LLEXT_MAX_NAME_LEN, SymTable, llextStructSize, sectMapEntrySize } from "./llext";
import { RegionLayout } from "./regions";
import { copyStrings, findTables, loadElfData, validateSectionNames } from "./elfdata";
import { mapSections } from "./map";
import { copyRegions } from "./copy";
import { allocateSymtab, copySymbols, countExportSyms, exportSymbols, recordSymTab } from "./symbols";
import { link } from "./link";
import { EFBIG, ENOEXEC, ENOMEM } from "../util/errno";
import { LIMIT_FILE_SIZE, MAX_FILE_BYTES } from "./limits";
import { ptr } from "../util/fmt";
import { EV_EXT_NAME, EV_STEP } from "../trace/events";
import { analyseBeforeLoad, analyseImports } from "./diagnostics";
import { checkTextExecutable } from "../cpu/protection";
import { recordImage, recordInspection, recordPlacements } from "./image";
import { LoadParam } from "./loadparam";
import { MemArea } from "./memory";
import { initVeneers, veneersEnabled } from "./veneers";

function step(e: Engine, ext: string, fn: string, title: string): void {
  if (e.quiet) return;
  e.trace.begin(EV_STEP);
  e.trace.str(ext);
  e.trace.str(fn);
  e.trace.str(title);
}

export function regionLayout(e: Engine): RegionLayout {
  return new RegionLayout(e.cfg.bool("CONFIG_LLEXT_RODATA_NO_RELOC"), veneersEnabled(e.cfg));
}

export function findByName(e: Engine, name: string): Llext | null {
  const key = name.length > LLEXT_MAX_NAME_LEN ? name.substring(0, LLEXT_MAX_NAME_LEN) : name;
  for (let i = 0; i < e.loaded.length; i++) {
    const n = e.loaded[i].name;
    if (n == key) return e.loaded[i];
  }
  return null;
}

/** The memory area holding input file `index` (the buffer loader's ELF image). */
function elfBuffer(e: Engine, index: i32): MemArea {
  if (e.elfAreas.has(index)) return e.elfAreas.get(index);
  const base = e.cfg.elfBufs.has(index) ? e.cfg.elfBufs.get(index) : <u64>0x30000000 + ((<u64>index) << 24);
  const data = e.files[index];
  // A one-shot run consumes its input files (simulate() clears them afterwards), so the
  // buffer is the file itself. The min-heap solver's runs reuse the files and each
  // needs them pristine: they work on a copy.
  let a: MemArea;
  if (e.consumesInputs) {
    a = MemArea.over("elf" + index.toString(), base, data, true);
  } else {
    a = new MemArea("elf" + index.toString(), base, data.length, true);
    memory.copy(a.bytes.dataStart, data.dataStart, <usize>data.length);
  }
  e.mem.add(a);
  e.elfAreas.set(index, a);
  return a;
}

/** llext_load(ldr, name, &ext, NULL). Returns Zephyr's return value. */
export function llextLoad(e: Engine, name: string, fileIndex: i32, param: LoadParam = new LoadParam()): i32 {
  const existing = findByName(e, name);
  if (existing != null) {
    // Already loaded: only the use count changes and the ELF is not read at all.
    const prev = existing.useCount;
    existing.useCount++;
    return <i32>prev;
  }
  const size = <u64>e.files[fileIndex].length;
  if (size > MAX_FILE_BYTES) {
    e.stop(
      LIMIT_FILE_SIZE,
      "Input file " +
        fileIndex.toString() +
        " is " +
        size.toString() +
        " bytes; the playground loads files of at most " +
        (MAX_FILE_BYTES >> 20).toString() +
        " MiB.",
    );
    return -EFBIG;
  }
  const R = regionLayout(e);
  if (e.cfg.bool("CONFIG_LLEXT_VENEERS") && R.VENEER < 0) {
    e.diag(1, "veneers-arm-only", "CONFIG_LLEXT_VENEERS depends on ARM: on " + e.cfg.arch + " it is not available and is ignored.");
  }
  const ext = new Llext(R.COUNT);
  // llext_load() copies the name with strncpy() into name[LLEXT_MAX_NAME_LEN + 1]
  // (subsys/llext/llext.c): a longer name is cut, and the log uses the cut name.
  ext.name = name.length > LLEXT_MAX_NAME_LEN ? name.substring(0, LLEXT_MAX_NAME_LEN) : name;
  ext.fileIndex = fileIndex;
  if (ext.name != name && !e.quiet) {
    e.trace.begin(EV_EXT_NAME);
    e.trace.str(ext.name);
    e.trace.str(name);
    e.trace.u32(<u32>LLEXT_MAX_NAME_LEN);
  }
  step(e, ext.name, "llext_load", "Allocate struct llext");
  const structSize = llextStructSize(e.ptrSize, <u32>R.COUNT, e.cfg.bool("CONFIG_USERSPACE"), <u32>R.PARTITIONS, e.heaps.memblk);
  ext.structAddr = e.heaps.allocMetadata(structSize, "struct llext");
  if (ext.structAddr == 0) {
    e.err("llext_load", "Not enough memory for extension metadata");
    if (e.heaps.dynamic && !e.heaps.inited) {
      e.diag(
        2,
        "heap-not-initialised",
        "CONFIG_LLEXT_HEAP_DYNAMIC is set but the application has not called llext_heap_init(" +
          (e.heaps.harvard ? "_harvard" : "") +
          ") yet: every LLEXT allocation returns NULL.",
      );
    }
    return -ENOMEM;
  }
  const ret = doLlextLoad(e, ext, fileIndex, R, param);
  if (ret < 0) {
    e.heaps.free(ext.structAddr, "struct llext");
    return ret;
  }
  ext.useCount = 1;
  e.loaded.push(ext);
  e.inf("llext_load", "Loaded extension " + ext.name);
  checkTextExecutable(e, ext, R);
  return 0;
}

function doLlextLoad(e: Engine, ext: Llext, fileIndex: i32, R: RegionLayout, param: LoadParam): i32 {
  let data = e.files[fileIndex];
  let base: u64 = 0;
  if (e.cfg.loaderKind != "fs") {
    // The buffer loader reads the image in target memory, so in-place patches persist.
    const area = elfBuffer(e, fileIndex);
    data = area.bytes;
    base = area.base;
  }
  const L = new LoadCtx(e, ext, data, base, R);
  L.param = param;
  const fn = "do_llext_load";
  analyseBeforeLoad(L);
  let ret: i32 = 0;

  e.dbg(fn, "Loading ELF data...");
  step(e, ext.name, "llext_load_elf_data", "Read the ELF header and section headers");
  ret = loadElfData(L);
  if (ret != 0) {
    e.err(fn, "Failed to load basic ELF data, ret " + ret.toString());
    return finish(L, ret);
  }

  e.dbg(fn, "Finding ELF tables...");
  step(e, ext.name, "llext_find_tables", "Find the symbol and string tables");
  ret = findTables(L);
  if (ret != 0) {
    e.err(fn, "Failed to find important ELF tables, ret " + ret.toString());
    return finish(L, ret);
  }

  e.dbg(fn, "Allocate and copy strings...");
  step(e, ext.name, "llext_copy_strings", "Copy the string tables");
  ret = copyStrings(L);
  if (ret != 0) {
    e.err(fn, "Failed to copy ELF string sections, ret " + ret.toString());
    return finish(L, ret);
  }

  step(e, ext.name, "llext_validate_sections_name", "Validate section names");
  ret = validateSectionNames(L);
  if (ret != 0) {
    e.err(fn, "Failed to validate ELF section names, ret " + ret.toString());
    return finish(L, ret);
  }

  e.dbg(fn, "Mapping ELF sections...");
  step(e, ext.name, "llext_map_sections", "Map sections to memory regions");
  ret = mapSections(L);
  if (ret != 0) {
    e.err(fn, "Failed to map ELF sections, ret " + ret.toString());
    return finish(L, ret);
  }

  if (R.VENEER >= 0) {
    // do_llext_load()'s LOG_DBG before arch_elf_veneer_init() (PR #110821's console output).
    e.dbg(fn, "Initializing veneer table...");
    step(e, ext.name, "arch_elf_veneer_init", "Size the veneer table");
    const n = initVeneers(L);
    if (e.exhausted) return finish(L, -ENOEXEC);
    if (!e.quiet) {
      e.diag(
        0,
        "veneer-table",
        n == 0
          ? "No Thumb BL/B.W to an undefined symbol: no LLEXT_MEM_VENEER region is reserved."
          : "Reserved " +
              n.toString() +
              " veneer" +
              (n == 1 ? "" : "s") +
              " (" +
              (n * 8).toString() +
              " bytes, region VENEER) for the Thumb BL/B.W relocations to undefined symbols.",
      );
    }
  }

  e.dbg(fn, "Allocate and copy regions...");
  step(e, ext.name, "llext_copy_regions", "Allocate and copy regions");
  ret = copyRegions(L);
  if (ret != 0) {
    e.err(fn, "Failed to copy regions, ret " + ret.toString());
    return finish(L, ret);
  }
  recordPlacements(L);

  e.dbg(fn, "Counting exported symbols...");
  step(e, ext.name, "llext_count_export_syms", "Count global symbols");
  ret = countExportSyms(L);
  if (ret != 0) {
    e.err(fn, "Failed to count exported ELF symbols, ret " + ret.toString());
    return finish(L, ret);
  }

  e.dbg(fn, "Allocating memory for symbol table...");
  step(e, ext.name, "llext_allocate_symtab", "Allocate the symbol table");
  ret = allocateSymtab(L);
  if (ret != 0) {
    e.err(fn, "Failed to allocate extension symbol table, ret " + ret.toString());
    return finish(L, ret);
  }

  e.dbg(fn, "Copying symbols...");
  step(e, ext.name, "llext_copy_symbols", "Copy global symbols");
  ret = copySymbols(L);
  if (ret != 0) {
    e.err(fn, "Failed to copy symbols, ret " + ret.toString());
    return finish(L, ret);
  }
  recordSymTab(L);

  analyseImports(L);
  // llext_load_param.relocate_local: without it do_llext_load() does not call llext_link().
  if (param.relocateLocal) {
    e.dbg(fn, "Linking ELF...");
    step(e, ext.name, "llext_link", "Resolve symbols and apply relocations");
    ret = link(L);
    if (ret != 0) {
      e.err(fn, "Failed to link, ret " + ret.toString());
      return finish(L, ret);
    }
  }

  step(e, ext.name, "llext_export_symbols", "Build the export table");
  ret = exportSymbols(L);
  if (ret != 0) {
    e.err(fn, "Failed to export, ret " + ret.toString());
    return finish(L, ret);
  }

  // llext_adjust_mmu_permissions() is left to the application with pre_located.
  if (e.cfg.bool("CONFIG_MMU") && !param.preLocated) {
    e.dbg("llext_adjust_mmu_permissions", "TEXT set executable, RODATA read-only");
  }
  return finish(L, 0);
}

/** The `out:` label of do_llext_load: free what was only needed while loading. */
function finish(L: LoadCtx, ret: i32): i32 {
  const e = L.e,
    ext = L.ext;
  step(e, ext.name, "do_llext_load", ret == 0 ? "Free temporary data" : "Clean up after the failure");
  // llext_free_inspection_data() unless the load succeeded with keep_section_info.
  if (L.sectMapAddr != 0 && (ret != 0 || !L.param.keepSectionInfo)) {
    ext.allocSize -= <u64>ext.sectCnt * sectMapEntrySize(e.ptrSize);
    e.heaps.free(L.sectMapAddr, "sect_map");
    L.sectMapAddr = 0;
  }
  // The symbol table is kept only at DBG level after a successful load (alloc_size is not decreased).
  if (!(e.logLevel >= 4 && ret == 0)) {
    e.heaps.free(ext.symTabAddr, "sym_tab");
    ext.symTabAddr = 0;
  }
  if (ret != 0) {
    e.dbg("do_llext_load", "Failed to load extension: " + ret.toString());
    freeRegions(e, ext, L.R);
    e.heaps.free(ext.expTabAddr, "exp_tab");
    ext.expTabAddr = 0;
    ext.expTab = [];
    // Heap copies of section headers are not freed on this path (a leak in Zephyr).
    if (ext.sectHdrsAddr != 0) {
      e.diag(
        1,
        "sect-hdrs-leak",
        "The section headers copied to the heap (" +
          ptr(ext.sectHdrsAddr) +
          ") are not freed when a load fails: Zephyr leaks them until reboot.",
      );
    }
  } else {
    e.dbg(
      "do_llext_load",
      "Loaded llext: " +
        ext.allocSize.toString() +
        " bytes in heap, .text at " +
        ptr(ext.mem[L.R.TEXT]) +
        ", .rodata at " +
        ptr(ext.mem[L.R.RODATA]),
    );
    recordImage(L);
    recordInspection(L);
    ext.keptSectMapAddr = L.sectMapAddr;
  }
  if (ext.symTabAddr == 0) ext.symTab = new SymTable(null, 0);
  return ret;
}

/** llext_free_regions(): free every region allocated on a heap, then llext_heap_reset(). */
export function freeRegions(e: Engine, ext: Llext, R: RegionLayout): void {
  for (let i = 0; i < R.COUNT; i++) {
    if (ext.memOnHeap[i]) {
      e.dbg("llext_free_regions", "freeing memory region " + i.toString());
      // The heap is chosen by region index here (TEXT and VENEER from the instruction heap),
      // not by the SHF_EXECINSTR flag that chose it at allocation.
      const instr = i == R.TEXT || i == R.VENEER;
      e.heaps.freeRegion(ext, instr, ext.mem[i], "region " + R.name(i));
    }
    ext.mem[i] = 0;
    ext.memOnHeap[i] = false;
  }
  e.heaps.resetRegionMap(ext);
}

/** llext_free_inspection_data() (subsys/llext/llext_load.c): frees the section map a load
 * kept with keep_section_info; a no-op otherwise. Always returns 0. */
export function llextFreeInspectionData(e: Engine, name: string): i32 {
  const ext = findByName(e, name);
  if (ext == null || ext.keptSectMapAddr == 0) return 0;
  ext.allocSize -= <u64>ext.sectCnt * sectMapEntrySize(e.ptrSize);
  e.heaps.free(ext.keptSectMapAddr, "sect_map");
  ext.keptSectMapAddr = 0;
  return 0;
}
