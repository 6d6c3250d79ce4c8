// llext_link_plt() (subsys/llext/llext_link.c): the path every Xtensa relocation
// section takes. It patches the ELF buffer in place and never fails the load.
import { LoadCtx, STORAGE_WRITABLE } from "./loadctx";
import { Rela, Symbol, readRela } from "../elf/file";
import { RelocSite } from "../arch/reloc";
import { SHN_UNDEF, STB_GLOBAL, STB_LOCAL, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION } from "../elf/constants";
import { hexAlt, ptr } from "../util/fmt";
import { Lookup, addDependency, findBuiltin, findInExtensions } from "./lookup";
import { ptrMask, readSymbolAt, symbolCount } from "./symbols";
import { applyRelocation } from "./apply";
import { SRC_BUILTIN, SRC_EXTENSION, SRC_MISSING, SRC_OWN, SRC_SECTION } from "../trace/events";
import { pastEndOfFile, recordLookup } from "./link";

/** llext_file_offset(): first region whose [sh_addr, sh_addr + sh_size) holds vaddr. */
export function fileOffsetOf(L: LoadCtx, vaddr: u64): i64 {
  for (let i = 0; i < L.R.COUNT; i++) {
    const s = L.sects[i];
    if (s.addr <= vaddr && s.addr + s.size > vaddr) return <i64>(vaddr - s.addr + s.offset);
  }
  return -1;
}

export function linkPlt(L: LoadCtx, relIndex: i32, tgtIndex: i32, site: RelocSite, look: Lookup): void {
  const e = L.e, ext = L.ext, lay = L.layout;
  const fn = "llext_link_plt";
  const sh = ext.sectHdrs[relIndex];
  const cnt = sh.entsize == 0 ? 0 : sh.size / sh.entsize;
  const text = ext.mem[L.R.TEXT];
  e.dbg(fn, "Found " + ptr(0) + " in PLT " + sh.type.toString() + " size " + sh.entsize.toString() + " cnt " +
    cnt.toString() + " text " + ptr(text));
  const symCnt = symbolCount(L);
  const rela = new Rela();
  const sym = new Symbol();
  for (let i: u64 = 0; i < cnt; i++) {
    if (!e.tick()) return;
    if (!L.view.has(sh.offset + i * sh.entsize, <u64>lay.relaSize)) {
      pastEndOfFile(e, "Relocation section " + L.sectionName(sh) + " (" + relIndex.toString() + ") has " + cnt.toString() + " entries", i);
      return;
    }
    // Xtensa always reads a full elf_rela_t, whatever the section's entry size.
    readRela(L.view, lay, sh.offset + i * sh.entsize, true, rela);
    const j = lay.relSym(rela.info);
    if (j >= symCnt) {
      e.wrn(fn, "PLT: idx " + j.toString() + " >= " + symCnt.toString());
      continue;
    }
    readSymbolAt(L, j, sym);
    const stt = sym.type;
    if (stt != STT_FUNC && stt != STT_SECTION && stt != STT_OBJECT && (stt != STT_NOTYPE || sym.shndx != SHN_UNDEF)) continue;
    const names = L.symNames!;
    const name = names.name(j, sym);
    const nameId = names.id(j, sym);
    if (L.storage != STORAGE_WRITABLE) {
      e.err(fn, "PLT: cannot link read-only ELF file");
      e.diag(2, "plt-read-only", "Xtensa relocations patch the ELF buffer in place: enable CONFIG_LLEXT_STORAGE_WRITABLE (or load with LLEXT_WRITABLE_BUF_LOADER). Without it the extension is left unrelocated and will crash.");
      continue;
    }
    let relAddr = text - L.sects[L.R.TEXT].offset;
    if (tgtIndex >= 0) {
      relAddr += rela.offset + ext.sectHdrs[tgtIndex].offset;
    } else {
      const off = fileOffsetOf(L, rela.offset);
      if (off < 0) {
        e.err(fn, "Offset " + hexAlt(rela.offset) + " not found in ELF, trying to continue");
        continue;
      }
      relAddr += <u64>off;
    }
    // uintptr_t arithmetic on the target: a 32-bit address wraps.
    relAddr &= ptrMask(e.ptrSize);
    const stb = sym.bind;
    let S: u64 = 0;
    look.ret = 0; look.provider = ""; look.providerExt = null;
    if (stb == STB_GLOBAL) {
      let a = findBuiltin(e, name, sym.value);
      look.source = SRC_BUILTIN;
      if (a == 0) { a = ext.symTab.find(name); look.source = SRC_OWN; }
      if (a == 0) {
        a = findInExtensions(e, name, look);
        look.source = SRC_EXTENSION;
        if (a != 0) addDependency(e, ext, look.providerExt!);
      }
      if (a == 0) {
        look.source = SRC_MISSING;
        recordLookup(L, j, sym, nameId, look);
        e.wrn(fn, "PLT: cannot find idx " + j.toString() + " name " + name);
        continue;
      }
      look.addr = a;
      S = a;
    } else if (stb == STB_LOCAL) {
      // arch_elf_relocate_local(): section symbols use the section's address, others the TEXT region's sh_addr.
      if (stt == STT_SECTION) {
        const s = sym.shndx < ext.sectCnt ? ext.sectHdrs[sym.shndx] : null;
        S = s != null && s.addr != 0 ? s.addr : L.loadedSectPtr(sym.shndx);
      } else {
        S = L.sects[L.R.TEXT].addr;
      }
      look.source = SRC_SECTION;
      look.addr = S;
    } else {
      // STB_WEAK: nothing at all.
      continue;
    }
    recordLookup(L, j, sym, nameId, look);
    site.type = lay.relType(rela.info);
    site.S = S;
    site.A = rela.addend;
    site.isRela = true;
    site.P = relAddr;
    site.B = text;
    site.symIndex = j;
    site.symName = name;
    site.symValue = sym.value;
    site.symShndx = sym.shndx;
    site.symType = stt;
    site.symBind = stb;
    site.rOffset = rela.offset;
    // The hooks return void in this path: a failing relocation never fails the load.
    applyRelocation(L, site, nameId, relIndex, tgtIndex, <u32>i);
    if (e.dbgOn) e.dbg(fn, "symbol " + name + " relocation @" + ptr(relAddr) + " r-offset " + hexAlt(rela.offset) + " .text offset " +
      hexAlt(L.sects[L.R.TEXT].offset) + " stb " + stb.toString());
  }
}
