// llext_link() (subsys/llext/llext_link.c): walk the relocation sections, resolve
// each entry's symbol and hand it to the architecture's relocation table.
import { LoadCtx } from "./loadctx";
import { SHF_ALLOC, SHT_REL, SHT_RELA } from "../elf/constants";
import { Rela, Symbol, readRela } from "../elf/file";
import { RelocSite } from "../arch/reloc";
import { EINVAL, ENOEXEC, ENOTSUP } from "../util/errno";
import { hexAlt } from "../util/fmt";
import { Lookup, lookupSymbol } from "./lookup";
import { readSymbolAt, symbolCount, symbolName } from "./symbols";
import { LoaderRelocEnv } from "./relocenv";
import { applyRelocation } from "./apply";
import { linkPlt } from "./plt";

export function link(L: LoadCtx): i32 {
  const ret = linkSections(L);
  reportQuirks(L);
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
  const site = new RelocSite();
  site.ptrSize = e.ptrSize;
  site.bigEndian = e.cfg.bigEndian;
  const env = new LoaderRelocEnv(L);
  site.env = env;
  const symCount = symbolCount(L);

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
    const secName = L.sectionName(sh);

    if (arch != null && arch.usesPltPath()) {
      const tgtIndex: i32 = (secName == ".rela.plt" || secName == ".rela.dyn") ? -1 : <i32>sh.info;
      linkPlt(L, i, tgtIndex, site, look);
      if (e.exhausted) return -ENOEXEC;
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
    env.beginSection(i, relCnt);

    for (let j: u64 = 0; j < relCnt; j++) {
      if (!e.tick()) return -ENOEXEC;
      // The filesystem loader's read() fails unless it read the whole entry; llext_link()
      // returns that error without a message of its own.
      if (e.cfg.loaderKind == "fs" && !L.view.has(sh.offset + j * sh.entsize, sh.entsize)) return -EINVAL;
      readRela(L.view, lay, sh.offset + j * sh.entsize, isRela, rel);
      const symIndex = lay.relSym(rel.info);
      const type = lay.relType(rel.info);
      readSymbolAt(L, symIndex, sym);
      const name = symbolName(L, sym);
      const P = sectBase + rel.offset;

      if (e.logLevel >= 3) {
        // With INF logging the core resolves the symbol once more, just to print it.
        lookupSymbol(L, symIndex, sym, name, rel.offset, sh.link, look);
        if (look.ret != 0) {
          e.err(fn, "Could not find symbol " + name + "!");
          recordLookup(L, symIndex, sym, name, look);
          return look.ret;
        }
        e.dbg(fn, "relocation " + i.toString() + ":" + j.toString() + " info " + hexAlt(rel.info) + " (type " +
          type.toString() + ", sym " + symIndex.toString() + ") offset " + rel.offset.toString() + " sym_name " + name +
          " sym_type " + sym.type.toString() + " sym_bind " + sym.bind.toString() + " sym_ndx " + sym.shndx.toString());
        e.inf(fn, "writing relocation type " + type.toString() + " at " + hexAlt(P) + " with symbol " + name + " (" +
          hexAlt(look.addr) + ")");
      }

      if (arch == null) {
        // The weak arch_elf_relocate() of an architecture without LLEXT support.
        e.diag(2, "arch-unsupported", "Zephyr has no arch_elf_relocate() for architecture '" + e.cfg.arch + "': every relocation fails with -ENOTSUP.");
        return -ENOTSUP;
      }
      // arch_elf_relocate(): reads the symbol and resolves it itself.
      lookupSymbol(L, symIndex, sym, name, rel.offset, sh.link, look);
      recordLookup(L, symIndex, sym, name, look);
      if (look.ret != 0) {
        e.err("arch_elf_relocate", "Could not find symbol " + name + "!");
        return look.ret;
      }
      if (symIndex >= symCount && symIndex != 0) {
        e.diag(1, "symbol-index", "Relocation " + j.toString() + " of " + secName + " names symbol " + symIndex.toString() +
          ", past the end of the symbol table (" + symCount.toString() + " entries): Zephyr reads whatever lies there.");
      }
      site.type = type;
      site.S = look.addr;
      site.A = rel.addend;
      site.isRela = isRela;
      site.P = P;
      site.B = ext.mem[L.R.TEXT];
      site.symIndex = symIndex;
      site.symName = name;
      site.symValue = sym.value;
      site.symShndx = sym.shndx;
      site.symType = sym.type;
      site.symBind = sym.bind;
      site.rOffset = rel.offset;
      const ret = applyRelocation(L, site, i, <i32>sh.info, <u32>j);
      if (ret != 0) return ret;
    }
  }
  return 0;
}

export function recordLookup(L: LoadCtx, symIndex: u32, sym: Symbol, name: string, look: Lookup): void {
  const e = L.e;
  if (e.quiet) return;
  const t = e.trace;
  t.begin(11); // EV_LOOKUP
  t.str(name);
  t.u32(symIndex);
  t.u8(e.cfg.bool("CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID") && sym.shndx == 0 ? 1 : 0);
  t.u64(sym.shndx == 0 ? sym.value : 0);
  t.u8(look.source);
  t.str(look.provider);
  t.u64(look.addr);
  t.i32(look.ret);
}
