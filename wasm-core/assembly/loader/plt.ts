// llext_link_plt() (subsys/llext/llext_link.c, as of c4eeedcb): the path every Xtensa
// relocation section takes. Each entry patches the loaded copy of its section (or, for
// .rela.plt / .rela.dyn, the loaded byte its file offset maps to). Entries it cannot place
// are skipped with a warning; a missing symbol or an unreadable name is remembered and
// fails the link once the whole section has been gone through.
import { LoadCtx } from "./loadctx";
import { Rela, SectionHeader, Symbol, readRela } from "../elf/file";
import { RelocSite } from "../arch/reloc";
import {
  SHF_ALLOC,
  SHN_UNDEF,
  SHT_NOBITS,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
} from "../elf/constants";
import { hexAlt, ptr } from "../util/fmt";
import { ENOENT, ENOEXEC } from "../util/errno";
import { Lookup, addDependency, findBuiltin, findInExtensions } from "./lookup";
import { ptrMask, readSymbolAt, symbolCount } from "./symtab";
import { applyRelocation, fillRelocSite, recordSkippedRelocation } from "./apply";
import { SRC_BUILTIN, SRC_EXTENSION, SRC_MISSING, SRC_OWN, SRC_SECTION } from "../trace/events";
import { pastEndOfFile } from "./loaderstate";
import { recordLookup } from "./resolve";

/** llext_file_offset(): first region whose [sh_addr, sh_addr + sh_size) holds vaddr. */
export function fileOffsetOf(L: LoadCtx, vaddr: u64): i64 {
  for (let i = 0; i < L.R.COUNT; i++) {
    const s = L.sects[i];
    if (s.addr <= vaddr && s.addr + s.size > vaddr) return <i64>(vaddr - s.addr + s.offset);
  }
  return -1;
}

/** llext_file_offset_to_addr(): the loaded byte of the first mapped, allocated section with
 * contents whose file range holds `offset`; 0 (NULL) when there is none. */
function loadedAddrOfFileOffset(L: LoadCtx, offset: u64): u64 {
  const ext = L.ext,
    map = L.sectMap;
  if (map == null) return 0;
  for (let i = 0; i < <i32>ext.sectCnt && i < map.length; i++) {
    const s = ext.sectHdrs[i];
    const m = map[i];
    if (s.type == SHT_NOBITS || (s.flags & SHF_ALLOC) == 0 || m.memIdx == L.R.COUNT) continue;
    if (offset >= s.offset && offset - s.offset < s.size) return ext.mem[m.memIdx] + m.offset + (offset - s.offset);
  }
  return 0;
}

/** llext_string() gives NULL for an index past the loaded string table. */
function stringIndexValid(L: LoadCtx, region: i32, index: u64): bool {
  return index < L.ext.memSize[region];
}

/** Returns what llext_link_plt() returns: 0 or the first error of the section. */
export function linkPlt(L: LoadCtx, relIndex: i32, tgtIndex: i32, site: RelocSite, look: Lookup): i32 {
  const e = L.e,
    ext = L.ext,
    lay = L.layout;
  const fn = "llext_link_plt";
  const sh = ext.sectHdrs[relIndex];
  const cnt = sh.entsize == 0 ? 0 : sh.size / sh.entsize;
  const text = ext.mem[L.R.TEXT];
  let linkErr = 0;
  const nameOk = stringIndexValid(L, L.R.SHSTRTAB, <u64>sh.name);
  if (!nameOk) {
    e.wrn(fn, "PLT: out of bounds string table index " + sh.name.toString() + " for section name, trying to continue");
  }
  // The first %p is the section name's pointer (into the loaded .shstrtab).
  e.dbg(
    fn,
    "Found " +
      ptr(nameOk ? ext.mem[L.R.SHSTRTAB] + <u64>sh.name : 0) +
      " in PLT " +
      sh.type.toString() +
      " size " +
      sh.entsize.toString() +
      " cnt " +
      cnt.toString() +
      " text " +
      ptr(text),
  );
  const symCnt = symbolCount(L);
  const rela = new Rela();
  const sym = new Symbol();
  const noSymbol = new Symbol();
  const tgtSize: u64 = tgtIndex >= 0 ? ext.sectHdrs[tgtIndex].size : 0;
  for (let i: u64 = 0; i < cnt; i++) {
    if (!e.tick()) return linkErr;
    // Zephyr would warn and go on for every entry past the end of the file; the playground
    // stops (a corrupt size can claim hundreds of millions of entries).
    if (!L.view.has(sh.offset + i * sh.entsize, <u64>lay.relaSize)) {
      pastEndOfFile(e, "Relocation section " + L.sectionName(sh) + " (" + relIndex.toString() + ") has " + cnt.toString() + " entries", i);
      return linkErr;
    }
    // Xtensa always reads a full elf_rela_t, whatever the section's entry size.
    readRela(L.view, lay, sh.offset + i * sh.entsize, true, rela);
    const j = lay.relSym(rela.info);
    if (j >= symCnt) {
      e.wrn(fn, "PLT: idx " + j.toString() + " >= " + symCnt.toString());
      // Skipped with only that warning: in the trace too, without a symbol and without bytes.
      noSymbol.value = 0;
      noSymbol.shndx = 0;
      recordPlaceSkip(
        L,
        site,
        rela,
        j,
        noSymbol,
        "",
        0,
        relIndex,
        tgtIndex,
        <u32>i,
        "its symbol index " + j.toString() + " is past the end of the symbol table (" + symCnt.toString() + " entries)",
      );
      continue;
    }
    readSymbolAt(L, j, sym);
    const stt = sym.type;
    if (stt != STT_FUNC && stt != STT_SECTION && stt != STT_OBJECT && (stt != STT_NOTYPE || sym.shndx != SHN_UNDEF)) {
      // Skipped without a word (a defined STT_NOTYPE symbol is a local label such as .LC2):
      // the entry still goes into the trace, with what GNU ld would have written.
      if (site.abiWanted) recordTypeSkip(L, sh, relIndex, tgtIndex, tgtSize, rela, j, sym, site, <u32>i);
      continue;
    }
    const nameValid =
      stt == STT_SECTION
        ? sym.shndx < ext.sectCnt && stringIndexValid(L, L.R.SHSTRTAB, <u64>ext.sectHdrs[sym.shndx].name)
        : stringIndexValid(L, L.R.STRTAB, <u64>sym.name);
    if (!nameValid) {
      e.err(fn, "PLT: out of bounds string table index " + sym.name.toString() + " for symbol name");
      if (linkErr == 0) linkErr = -ENOEXEC;
      continue;
    }
    const names = L.symNames!;
    const name = names.name(j, sym);
    const nameId = names.id(j, sym);

    let relAddr: u64 = 0;
    if (tgtIndex >= 0) {
      // Relocatable or partially linked ELF: r_offset is an offset into the target section.
      if (rela.offset >= tgtSize) {
        e.wrn(fn, "PLT: r_offset " + hexAlt(rela.offset) + " out of target section (size " + hexAlt(tgtSize) + "), skipping");
        recordPlaceSkip(
          L,
          site,
          rela,
          j,
          sym,
          name,
          nameId,
          relIndex,
          tgtIndex,
          <u32>i,
          "r_offset " + hexAlt(rela.offset) + " is past the end of its target section (size " + hexAlt(tgtSize) + ")",
        );
        continue;
      }
      const sectPtr = L.loadedSectPtr(sh.info);
      if (sectPtr == 0) {
        e.wrn(fn, "PLT: section " + sh.info.toString() + " not loaded, skipping");
        // A section outside the image (.xt.prop, debug info) is not part of the extension
        // either way: only an allocated one that did not get loaded is worth a record.
        const tgt = ext.sectHdrs[sh.info];
        if ((tgt.flags & SHF_ALLOC) != 0)
          recordPlaceSkip(
            L,
            site,
            rela,
            j,
            sym,
            name,
            nameId,
            relIndex,
            tgtIndex,
            <u32>i,
            "its target section " + L.sectionName(tgt) + " (" + sh.info.toString() + ") is not loaded",
          );
        continue;
      }
      relAddr = (sectPtr + rela.offset) & ptrMask(e.ptrSize);
    } else {
      // Shared library: r_offset is a virtual address.
      const off = fileOffsetOf(L, rela.offset);
      if (off < 0) {
        e.wrn(fn, "Offset " + hexAlt(rela.offset) + " not found in ELF, trying to continue");
        recordPlaceSkip(
          L,
          site,
          rela,
          j,
          sym,
          name,
          nameId,
          relIndex,
          tgtIndex,
          <u32>i,
          "r_offset " + hexAlt(rela.offset) + " lies in no section",
        );
        continue;
      }
      relAddr = loadedAddrOfFileOffset(L, <u64>off);
      if (relAddr == 0) {
        e.wrn(fn, "PLT: offset " + hexAlt(<u64>off) + " not mapped to any loaded section, skipping");
        recordPlaceSkip(
          L,
          site,
          rela,
          j,
          sym,
          name,
          nameId,
          relIndex,
          tgtIndex,
          <u32>i,
          "its file offset " + hexAlt(<u64>off) + " is in no loaded section",
        );
        continue;
      }
    }

    const stb = sym.bind;
    let S: u64 = 0;
    look.ret = 0;
    look.provider = "";
    look.providerExt = null;
    if (stb == STB_GLOBAL || stb == STB_WEAK) {
      // The image's exports, then the extension's own symbols, then loaded extensions.
      let a = findBuiltin(e, name, sym.value);
      look.source = SRC_BUILTIN;
      if (a == 0) {
        a = ext.symTab.find(name);
        look.source = SRC_OWN;
      }
      if (a == 0) {
        a = findInExtensions(e, name, look);
        look.source = SRC_EXTENSION;
        if (a != 0) addDependency(e, ext, look.providerExt!);
      }
      if (a == 0) {
        look.source = SRC_MISSING;
        look.addr = 0;
        if (stb != STB_WEAK || sym.shndx != SHN_UNDEF) {
          look.ret = -ENOENT;
          recordLookup(L, j, sym, nameId, look);
          e.wrn(fn, "PLT: cannot find idx " + j.toString() + " name " + name);
          // The link fails once every missing symbol has been reported.
          if (linkErr == 0) linkErr = -ENOENT;
          continue;
        }
        // An unresolved weak reference resolves to 0, as the ELF specification says.
        e.dbg(fn, "PLT: weak symbol " + name + " unresolved, using 0");
      }
      look.addr = a;
      S = a;
    } else if (stb == STB_LOCAL) {
      // arch_elf_relocate_local(): section symbols use the section's address, others the TEXT region's sh_addr.
      if (stt == STT_SECTION) {
        const s = ext.sectHdrs[sym.shndx];
        S = s.addr != 0 ? s.addr : L.loadedSectPtr(sym.shndx);
      } else {
        S = L.sects[L.R.TEXT].addr;
      }
      look.source = SRC_SECTION;
      look.addr = S;
    } else {
      // Any other binding (STB_GNU_UNIQUE...): neither hook is called, and nothing is said.
      recordPlaceSkip(
        L,
        site,
        rela,
        j,
        sym,
        name,
        nameId,
        relIndex,
        tgtIndex,
        <u32>i,
        "its symbol " +
          name +
          " has binding " +
          stb.toString() +
          ", neither STB_GLOBAL, STB_WEAK nor STB_LOCAL, so neither relocation hook is called",
      );
      continue;
    }
    recordLookup(L, j, sym, nameId, look);
    fillRelocSite(site, lay.relType(rela.info), S, rela.addend, true, relAddr, text, j, name, sym, rela.offset);
    const ret = applyRelocation(L, site, nameId, relIndex, tgtIndex, <u32>i);
    if (linkErr == 0) linkErr = ret;
    if (linkErr == 0 && e.dbgOn) {
      e.dbg(
        fn,
        "symbol " +
          name +
          " relocation @" +
          ptr(relAddr) +
          " r-offset " +
          hexAlt(rela.offset) +
          " .text offset " +
          hexAlt(L.sects[L.R.TEXT].offset) +
          " stb " +
          stb.toString(),
      );
    }
  }
  return linkErr;
}

/** An entry skipped because its symbol's type is not one llext_link_plt() handles: where it
 * would patch (found the way the function finds it for the other entries, without its
 * warnings) and the symbol's real address, for the psABI half of the record. */
function recordTypeSkip(
  L: LoadCtx,
  sh: SectionHeader,
  relIndex: i32,
  tgtIndex: i32,
  tgtSize: u64,
  rela: Rela,
  j: u32,
  sym: Symbol,
  site: RelocSite,
  index: u32,
): void {
  const e = L.e,
    ext = L.ext;
  let P: u64 = 0;
  if (tgtIndex >= 0) {
    const sectPtr = rela.offset < tgtSize ? L.loadedSectPtr(sh.info) : 0;
    if (sectPtr != 0) P = (sectPtr + rela.offset) & ptrMask(e.ptrSize);
  } else {
    const off = fileOffsetOf(L, rela.offset);
    if (off >= 0) P = loadedAddrOfFileOffset(L, <u64>off);
  }
  const nameOk = sym.type == STT_SECTION ? sym.shndx < ext.sectCnt : stringIndexValid(L, L.R.STRTAB, <u64>sym.name);
  const names = L.symNames!;
  const name = nameOk ? names.name(j, sym) : "";
  const nameId = nameOk ? names.id(j, sym) : 0;
  // The symbol's address as GNU ld takes it: its section's loaded address + (st_value - sh_addr).
  let S: u64 = sym.value;
  const env = site.env;
  if (env !== null && sym.shndx != SHN_UNDEF && sym.shndx < ext.sectCnt)
    S = env.sectionAddr(sym.shndx) + sym.value - env.sectionShAddr(sym.shndx);
  const what =
    sym.type == STT_NOTYPE ? "a defined STT_NOTYPE symbol" : "of type " + sym.type.toString() + ", not STT_FUNC, STT_OBJECT or STT_SECTION";
  fillRelocSite(site, L.layout.relType(rela.info), S, rela.addend, true, P, ext.mem[L.R.TEXT], j, name, sym, rela.offset);
  recordSkippedRelocation(
    L,
    site,
    nameId,
    relIndex,
    tgtIndex,
    index,
    "its symbol " + (name.length > 0 ? name : "#" + j.toString()) + " is " + what,
    P != 0,
  );
}

/** An entry skipped because it has no loaded byte to patch: recorded without bytes. */
function recordPlaceSkip(
  L: LoadCtx,
  site: RelocSite,
  rela: Rela,
  j: u32,
  sym: Symbol,
  name: string,
  nameId: u32,
  relIndex: i32,
  tgtIndex: i32,
  index: u32,
  why: string,
): void {
  if (!site.abiWanted) return;
  fillRelocSite(site, L.layout.relType(rela.info), 0, rela.addend, true, 0, L.ext.mem[L.R.TEXT], j, name, sym, rela.offset);
  recordSkippedRelocation(L, site, nameId, relIndex, tgtIndex, index, why, false);
}
