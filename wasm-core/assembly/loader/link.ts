// llext_link() (subsys/llext/llext_link.c): walk the relocation sections, resolve
// each entry's symbol and hand it to the architecture's relocation table.
import { LoadCtx } from "./loadctx";
import { SHF_ALLOC, SHT_REL, SHT_RELA, STT_SECTION } from "../elf/constants";
import { Rela, Symbol, readRela, relSymOf, relTypeOf } from "../elf/file";
import { EINVAL, ENOEXEC, ENOTSUP } from "../util/errno";
import { Lookup, addDependency, logFoundSymbol } from "./lookup";
import { lookupSymbol, recordLookup } from "./resolve";
import { ptrMask, symbolCount, symbolName } from "./symtab";
import { hexAlt } from "../util/fmt";
import { SymbolNames } from "./symnames";
import { LOG_DBG, LOG_ERR, LOG_INF, SRC_BUILTIN, SRC_EXTENSION, TPL_RELOC_DETAIL, TPL_WRITING_RELOC } from "../trace/events";
import { Engine } from "./context";
import { pastEndOfFile } from "./loaderstate";
import { wv } from "../trace/writer";
import { LoaderRelocEnv } from "./relocenv";
import { applyRelocation, fillRelocSite, newRelocSite } from "./apply";
import { linkPlt } from "./plt";

export function link(L: LoadCtx): i32 {
  const ret = linkSections(L);
  reportQuirks(L);
  L.reportRepeated();
  return ret;
}

/** One diagnostic per kind of divergence between Zephyr's result and the psABI. */
function reportQuirks(L: LoadCtx): void {
  for (let i = 0; i < L.quirkKeys.length; i++) {
    const key = L.quirkKeys[i];
    const bar = key.indexOf("|");
    const n = L.quirkCounts.get(key);
    L.e.diag(1, "zephyr-quirk", n.toString() + " " + key.substring(0, bar) + " relocation" + (n == 1 ? "" : "s") + ": " + key.substring(bar + 1) +
      (L.e.cfg.abiStrict ? " (ABI-strict: the psABI value was written)" : ""));
  }
}

function linkSections(L: LoadCtx): i32 {
  const e = L.e, ext = L.ext;
  const fn = "llext_link";
  const arch = e.relocator;
  const lay = L.layout;
  const rel = new Rela();
  const sym = new Symbol();
  const look = new Lookup();
  const env = new LoaderRelocEnv(L);
  const site = newRelocSite(e, env);
  const symCount = symbolCount(L);
  const names = new SymbolNames(L, symCount);
  L.symNames = names;
  // llext_link() keeps the first error arch_elf_relocate() returns and goes on with every
  // other relocation; the load fails with that error once all sections are done.
  let linkErr = 0;
  let archMissingSaid = false;

  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const sh = ext.sectHdrs[i];
    let isRela = false;
    if (sh.type == SHT_REL) {
      if (sh.entsize != <u64>lay.relSize) {
        e.err(fn, "Invalid entry size " + sh.entsize.toString() + " for SHT_REL section " + i.toString());
        return -ENOEXEC;
      }
    } else if (sh.type == SHT_RELA) {
      if (arch != null && arch.rejectsRela()) {
        e.err(fn, "Found unsupported SHT_RELA section " + i.toString());
        e.diag(2, "rela-on-arm", "Section " + L.sectionName(sh) + " uses RELA entries; Zephyr's ARM loader only handles REL. GNU toolchains for ARM emit REL; this file was probably produced by a tool that writes RELA.");
        return -ENOTSUP;
      }
      if (sh.entsize != <u64>lay.relaSize) {
        e.err(fn, "Invalid entry size " + sh.entsize.toString() + " for SHT_RELA section " + i.toString());
        return -ENOEXEC;
      }
      isRela = true;
    } else continue;

    if (<u64>sh.info >= <u64>ext.sectCnt || sh.size % sh.entsize != 0) {
      e.err(fn, "Sanity checks failed for section " + i.toString() + " (info " + sh.info.toString() + ", size " +
        sh.size.toString() + ", entsize " + sh.entsize.toString() + ")");
      return -ENOEXEC;
    }
    const relCnt = sh.size / sh.entsize;
    // llext_section_name() returns NULL for a name index past the loaded .shstrtab, and
    // llext_link() then stops (llext_link.c as of c4eeedcb). llext_validate_sections_name()
    // refuses such a file earlier in do_llext_load(), so a load never gets here with one.
    if (<u64>sh.name >= ext.memSize[L.R.SHSTRTAB]) {
      e.err(fn, "Section " + i.toString() + " has out of bounds string table index " + sh.name.toString() + " for section name");
      return -ENOEXEC;
    }
    const secName = L.sectionName(sh);

    if (arch != null && arch.usesPltPath()) {
      const tgtIndex: i32 = (secName == ".rela.plt" || secName == ".rela.dyn") ? -1 : <i32>sh.info;
      const pltRet = linkPlt(L, i, tgtIndex, site, look);
      if (e.exhausted) return -ENOEXEC;
      if (pltRet < 0) return pltRet;
      continue;
    }

    const tgt = ext.sectHdrs[sh.info];
    if ((tgt.flags & SHF_ALLOC) == 0) continue;
    e.dbg(fn, "relocation section " + secName + " (" + i.toString() + ") acting on section " + sh.info.toString() +
      " has " + relCnt.toString() + " relocations");
    if (L.mapped(sh.info) == L.R.COUNT) {
      e.err(fn, "Section " + sh.info.toString() + " not loaded in any memory region");
      e.diag(2, "unmapped-target", "Relocation section " + secName + " patches section " + L.sectionName(tgt) +
        ", which Zephyr does not load (its type is not PROGBITS/NOBITS/init arrays). For .ARM.exidx build with -fno-unwind-tables -fno-asynchronous-unwind-tables, or strip it.");
      return -ENOEXEC;
    }
    const sectBase = L.loadedSectPtr(sh.info);
    const tgtSize = tgt.size;
    env.beginSection(i, relCnt);
    // Trace bytes per relocation, reserved at once so that the trace is not copied to a larger
    // buffer near the end of a big section: a real ARM object measured 65 at INF level (lookup
    // and relocation records) and 243 at DBG level (plus four log lines per relocation).
    if (!e.quiet) e.trace.expect(min(relCnt, L.view.length / sh.entsize) * (e.dbgOn ? 256 : 72));
    // When the whole table lies inside the file no entry can run past its end.
    const tableInFile = L.view.has(sh.offset, sh.size);
    // Then a little-endian table is read straight from the buffer.
    const relDirect = tableInFile && !L.view.bigEndian;
    const relBase = relDirect ? L.view.data.dataStart + <usize>sh.offset : 0;
    const relStride = <usize>sh.entsize;
    const is64 = lay.is64;
    const textBase = ext.mem[L.R.TEXT];
    // `#if CONFIG_LLEXT_LOG_LEVEL > LOG_LEVEL_INF`: only at debug level does the core read
    // and resolve each relocation's symbol itself, to print it.
    const dbgLookups = e.logLevel > <i32>LOG_INF;
    const quiet = e.quiet;
    const addrMask = ptrMask(e.ptrSize);

    for (let j: u64 = 0; j < relCnt; j++) {
      if (!e.tick()) return -ENOEXEC;
      // The filesystem loader's read() fails unless it read the whole entry; llext_link()
      // returns that error without a message of its own.
      if (!tableInFile && !L.view.has(sh.offset + j * sh.entsize, sh.entsize)) {
        if (e.fsLoader) return -EINVAL;
        pastEndOfFile(e, "Relocation section " + secName + " (" + i.toString() + ") has " + relCnt.toString() + " entries", j);
        return -ENOEXEC;
      }
      if (relDirect) readRelaDirect(relBase + <usize>j * relStride, is64, isRela, rel);
      else readRela(L.view, lay, sh.offset + j * sh.entsize, isRela, rel);
      // The field a relocation writes starts at r_offset: an offset at or past the end of the
      // target section is refused before anything is written, and ends the link at once.
      if (rel.offset >= tgtSize) {
        e.err(fn, "relocation r_offset " + hexAlt(rel.offset) + " out of section " + sh.info.toString() + " (size " + hexAlt(tgtSize) + ")");
        e.diag(2, "r-offset-range", "Relocation " + j.toString() + " of " + secName + " patches offset " + hexAlt(rel.offset) + " of " +
          L.sectionName(tgt) + ", which is only " + tgtSize.toString() + " bytes long: the object is corrupt.");
        return -ENOEXEC;
      }
      const symIndex = relSymOf(rel.info, is64);
      const type = relTypeOf(rel.info, is64);
      const slot = names.symbolAt(symIndex, sym);
      const name = slot >= 0 ? names.nameOf(slot) : symbolName(L, sym);
      const nameId = quiet ? 0 : slot >= 0 ? names.idOf(slot) : e.trace.intern(name);
      // sect_base + r_offset as uintptr_t arithmetic (32 bits on a 32-bit target).
      const P = (sectBase + rel.offset) & addrMask;
      if (symIndex >= symCount && symIndex != 0 && !quiet && L.listRepeated(1, "symbol-index")) {
        e.diag(1, "symbol-index", "Relocation " + j.toString() + " of " + secName + " names symbol " + symIndex.toString() +
          ", past the end of the symbol table (" + symCount.toString() + " entries): Zephyr reads whatever lies there.");
      }

      let looked = false;
      if (dbgLookups && !symbolReadable(L, symIndex)) {
        // llext_read_symbol() fails (the entry lies past the end of the file): the name is
        // "<unknown>" and both lines are marked invalid (llext_link.c as of c4eeedcb).
        if (!quiet) logInvalidRelocation(e, <u32>i, j, rel.info, type, symIndex, rel.offset, "<unknown>", P);
      } else if (dbgLookups && sym.type == STT_SECTION && sym.shndx >= ext.sectCnt) {
        // llext_symbol_name() returns NULL for a section symbol whose st_shndx names no
        // section (PR #109875); llext_link() logs an error, names it "<out of bounds>" and
        // marks both lines invalid (llext_link.c as of c4eeedcb). The symbol names of other
        // types were checked by llext_count_export_syms().
        if (!quiet) {
          e.err(fn, "out of bounds string table index " + sym.name.toString() + " for symbol name");
          logInvalidRelocation(e, <u32>i, j, rel.info, type, symIndex, rel.offset, "<out of bounds>", P);
        }
      } else if (dbgLookups) {
        // A failed lookup here only marks the two lines "(invalid) "; the relocation is
        // still handed to the architecture, which looks the symbol up again.
        lookupCached(L, names, slot, symIndex, sym, name, nameId, rel.offset, sh.link, look);
        looked = true;
        if (!quiet) {
          if (look.ret == 0) {
            logRelocDetail(e, <u32>i, j, rel.info, type, symIndex, rel.offset, nameId, sym);
            logWritingRelocation(e, type, P, nameId, look.addr);
          } else {
            logInvalidRelocation(e, <u32>i, j, rel.info, type, symIndex, rel.offset, name, P);
          }
        }
      }

      if (arch == null) {
        // The weak arch_elf_relocate() of an architecture without LLEXT support.
        if (!archMissingSaid) {
          e.diag(2, "arch-unsupported", "Zephyr has no arch_elf_relocate() for architecture '" + e.cfg.arch + "': every relocation fails with -ENOTSUP.");
          archMissingSaid = true;
        }
        if (linkErr == 0) linkErr = -ENOTSUP;
        continue;
      }
      // arch_elf_relocate(): reads the symbol and resolves it itself. After a successful
      // lookup above nothing has changed, so the answer is that one again; a failed one is
      // made again (it prints its error again, as on the device).
      if (looked && look.ret == 0) repeatLookup(L, nameId, look);
      else lookupCached(L, names, slot, symIndex, sym, name, nameId, rel.offset, sh.link, look);
      if (!quiet) recordLookup(L, symIndex, sym, nameId, look);
      if (look.ret != 0) {
        if (!quiet) e.log(LOG_ERR, "arch_elf_relocate", "Could not find symbol " + name + "!", arch.logModule());
        if (linkErr == 0) linkErr = look.ret;
        continue;
      }
      fillRelocSite(site, type, look.addr, rel.addend, isRela, P, textBase, symIndex, name, sym, rel.offset);
      const ret = applyRelocation(L, site, nameId, i, <i32>sh.info, <u32>j);
      if (ret != 0 && linkErr == 0) linkErr = ret;
    }
  }
  return linkErr;
}

/** llext_read_symbol() succeeds: the whole entry of symbol `index` lies inside the file. */
function symbolReadable(L: LoadCtx, index: u32): bool {
  const st = L.sects[L.R.SYMTAB];
  return L.view.has(st.offset + <u64>index * <u64>L.layout.symSize, <u64>L.layout.symSize);
}

/** llext_lookup_symbol() through the per-symbol answers of SymbolNames: the same answer,
 * dependency and "found symbol" line as the lookup itself gives. */
@inline function lookupCached(L: LoadCtx, names: SymbolNames, slot: i32, symIndex: u32, sym: Symbol, name: string, nameId: u32,
                      rOffset: u64, relLink: u32, look: Lookup): void {
  if (slot >= 0 && names.recall(slot, look)) {
    repeatLookup(L, nameId, look);
    return;
  }
  lookupSymbol(L, symIndex, sym, name, nameId, rOffset, relLink, look);
  if (slot >= 0) names.remember(slot, look);
}

/** What a lookup with a known answer still does: record the dependency, print the line. */
@inline function repeatLookup(L: LoadCtx, nameId: u32, look: Lookup): void {
  if (look.source == SRC_EXTENSION) addDependency(L.e, L.ext, look.providerExt!);
  if (look.source == SRC_BUILTIN || look.source == SRC_EXTENSION) logFoundSymbol(L.e, nameId, look.addr);
}

/** readRela() of a little-endian entry known to lie inside the buffer. */
@inline function readRelaDirect(p: usize, is64: bool, isRela: bool, r: Rela): void {
  if (is64) {
    r.offset = load<u64>(p); r.info = load<u64>(p, 8);
    r.addend = isRela ? load<i64>(p, 16) : 0;
  } else {
    r.offset = <u64>load<u32>(p); r.info = <u64>load<u32>(p, 4);
    r.addend = isRela ? <i64>load<i32>(p, 8) : 0;
  }
}

/** LOG_DBG of llext_link before each relocation (a template: one line per relocation). */
function logRelocDetail(e: Engine, sec: u32, j: u64, info: u64, type: u32, symIndex: u32, offset: u64, nameId: u32, sym: Symbol): void {
  if (!e.dbgOn) return;
  const tpl = e.trace.template(TPL_RELOC_DETAIL,
    "relocation %u:%u info %x (type %u, sym %u) offset %u sym_name %s sym_type %u sym_bind %u sym_ndx %u");
  let p = e.logfOpen(LOG_DBG, "llext_link", tpl, 100);
  if (p == 0) return;
  p = wv(p, <u64>sec); p = wv(p, j); p = wv(p, info); p = wv(p, <u64>type); p = wv(p, <u64>symIndex);
  p = wv(p, offset); p = wv(p, <u64>nameId);
  p = wv(p, <u64>sym.type); p = wv(p, <u64>sym.bind); p = wv(p, <u64>sym.shndx);
  e.trace.close(p);
}

/** LOG_DBG("%swriting relocation type %d at %#lx with symbol %s (%#lx)"), once per relocation. */
function logWritingRelocation(e: Engine, type: u32, P: u64, nameId: u32, addr: u64): void {
  if (!e.dbgOn) return;
  const tpl = e.trace.template(TPL_WRITING_RELOC, "writing relocation type %u at %x with symbol %s (%x)");
  let p = e.logfOpen(LOG_DBG, "llext_link", tpl, 40);
  if (p == 0) return;
  p = wv(p, <u64>type); p = wv(p, P); p = wv(p, <u64>nameId); p = wv(p, addr);
  e.trace.close(p);
}

/** The two LOG_DBG lines of a relocation whose symbol the core could not resolve: marked
 * "(invalid) ", with the symbol entry cleared and address 0 (rare: plain text, no template). */
function logInvalidRelocation(e: Engine, sec: u32, j: u64, info: u64, type: u32, symIndex: u32, offset: u64, name: string, P: u64): void {
  if (!e.dbgOn) return;
  e.dbg("llext_link", "(invalid) relocation " + sec.toString() + ":" + j.toString() + " info " + hexAlt(info) + " (type " + type.toString() +
    ", sym " + symIndex.toString() + ") offset " + offset.toString() + " sym_name " + name + " sym_type 0 sym_bind 0 sym_ndx 0");
  e.dbg("llext_link", "(invalid) writing relocation type " + type.toString() + " at " + hexAlt(P) + " with symbol " + name + " (0)");
}
