// Loader services some relocation types need (RelocEnv in arch/reloc.ts).
import { RelocEnv, FoundReloc } from "../arch/reloc";
import { LoadCtx } from "./loadctx";
import { Rela, Symbol, readRela } from "../elf/file";
import { Lookup } from "./lookup";
import { lookupSymbol } from "./resolve";
import { ptrMask, readSymbolAt, symbolName } from "./symtab";
import { veneerFor } from "./veneers";
import { pastEndOfFile } from "./loaderstate";

export class LoaderRelocEnv extends RelocEnv {
  relSection: i32 = -1;
  relCount: u64 = 0;
  constructor(public L: LoadCtx) {
    super();
  }

  beginSection(index: i32, count: u64): void {
    this.relSection = index;
    this.relCount = count;
  }

  findReloc(offset: u64, type: u32, out: FoundReloc): bool {
    const L = this.L;
    if (this.relSection < 0) return false;
    const sh = L.ext.sectHdrs[this.relSection];
    const lay = L.layout;
    const isRela = sh.type == 4;
    const n = this.relCount;
    if (n == 0) return false;
    if (out.from >= n) out.from = 0;
    const rel = new Rela();
    let idx = out.from;
    for (let k: u64 = 0; k < n; k++) {
      if (!L.e.tick()) return false;
      if (!L.view.has(sh.offset + idx * sh.entsize, sh.entsize)) {
        // The search would read past the end of the file (the section claims more entries
        // than the file holds): stop as the relocation loop itself does.
        pastEndOfFile(
          L.e,
          "Relocation section " + L.sectionName(sh) + " (" + this.relSection.toString() + ") has " + n.toString() + " entries",
          idx,
        );
        return false;
      }
      readRela(L.view, lay, sh.offset + idx * sh.entsize, isRela, rel);
      if (rel.offset == offset && lay.relType(rel.info) == type) {
        out.from = idx;
        const sym = new Symbol();
        const symIndex = lay.relSym(rel.info);
        readSymbolAt(L, symIndex, sym);
        const look = new Lookup();
        const quiet = L.e.quiet;
        const names = L.symNames;
        const name = names != null ? names.name(symIndex, sym) : symbolName(L, sym);
        const nameId = names != null ? names.id(symIndex, sym) : quiet ? 0 : L.e.trace.intern(name);
        lookupSymbol(L, symIndex, sym, name, nameId, rel.offset, sh.link, look);
        L.e.quiet = quiet;
        if (look.ret != 0) return false;
        const P = (L.loadedSectPtr(sh.info) + rel.offset) & ptrMask(L.e.ptrSize);
        out.value = <i64>(look.addr + <u64>rel.addend - P);
        out.abiValue = out.value;
        out.index = <i32>idx;
        return true;
      }
      idx++;
      if (idx >= n) idx = 0;
    }
    return false;
  }

  sectionAddr(shndx: u32): u64 {
    return this.L.loadedSectPtr(shndx);
  }

  sectionShAddr(shndx: u32): u64 {
    return shndx < this.L.ext.sectCnt ? this.L.ext.sectHdrs[shndx].addr : 0;
  }

  vaddrToLoaded(vaddr: u64): i64 {
    const L = this.L;
    const hdrs = L.ext.sectHdrs;
    for (let i = 0; i < hdrs.length; i++) {
      const s = hdrs[i];
      if (s.addr <= vaddr && vaddr < s.addr + s.size) {
        const base = L.loadedSectPtr(<u32>i);
        if (base == 0) return -1;
        return <i64>(base + (vaddr - s.addr));
      }
    }
    return -1;
  }

  veneerFor(target: u32, symName: string, P: u64): u64 {
    return veneerFor(this.L, target, symName, P);
  }

  veneersEnabled(): bool {
    return this.L.R.VENEER >= 0;
  }
}
