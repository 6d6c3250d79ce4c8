// Reading the extension's ELF symbol table: an entry, the count, a symbol's name as
// llext_symbol_name() gives it (subsys/llext/llext_link.c, llext_load.c).
//
// SymtabView: direct reads for the loops that visit every symbol (counting, copying) or
// every relocation. When the whole table lies inside the file and the target is
// little-endian, entries are read straight from the buffer; otherwise through
// readSymbol(), which handles short reads and byte order.
import { LoaderState } from "./loaderstate";
import { Symbol, readSymbol } from "../elf/file";
import { STT_SECTION } from "../elf/constants";

/** Name of a symbol as llext_symbol_name() returns it (section name for STT_SECTION). */
export function symbolName(L: LoaderState, sym: Symbol): string {
  if (sym.type == STT_SECTION) {
    if (sym.shndx < L.ext.sectCnt) return L.sectionName(L.ext.sectHdrs[sym.shndx]);
    return "";
  }
  return L.stringAt(L.R.STRTAB, <u64>sym.name);
}

export function symbolCount(L: LoaderState): u32 {
  return <u32>(L.sects[L.R.SYMTAB].size / <u64>L.layout.symSize);
}

export function readSymbolAt(L: LoaderState, i: u32, sym: Symbol): void {
  const st = L.sects[L.R.SYMTAB];
  readSymbol(L.view, L.layout, st.offset + <u64>i * st.entsize, sym);
}

/** uintptr_t arithmetic: the mask that keeps an address to the target's pointer width. */
export function ptrMask(ptrSize: u32): u64 {
  return ptrSize == 8 ? 0xffffffffffffffff : 0xffffffff;
}

export class SymtabView {
  /** Straight reads are possible (little-endian, every entry inside the file). */
  readonly direct: bool;
  private base: usize = 0;
  private stride: usize = 0;
  private is64: bool;
  private offset: u64;
  private entsize: u64;

  constructor(
    private L: LoaderState,
    count: u32,
  ) {
    const st = L.sects[L.R.SYMTAB];
    this.offset = st.offset;
    this.entsize = st.entsize;
    this.is64 = L.layout.is64;
    this.direct = !L.view.bigEndian && inFile(L, count);
    if (this.direct) {
      this.base = L.view.data.dataStart + <usize>st.offset;
      this.stride = <usize>st.entsize;
    }
  }

  /** Address of entry `i` in the buffer (direct reads only); entries are `stride` apart. */
  @inline at(i: u32): usize {
    return this.base + <usize>i * this.stride;
  }
  get entryStride(): usize {
    return this.stride;
  }
  /** Offset of st_info in an entry. */
  get infoOffset(): usize {
    return this.is64 ? 4 : 12;
  }

  /** Reads entry `i` into `sym`. */
  read(i: u32, sym: Symbol): void {
    if (!this.direct) {
      readSymbol(this.L.view, this.L.layout, this.offset + <u64>i * this.entsize, sym);
      return;
    }
    const p = this.base + <usize>i * this.stride;
    sym.name = load<u32>(p);
    if (this.is64) {
      sym.info = <u32>load<u8>(p, 4);
      sym.other = <u32>load<u8>(p, 5);
      sym.shndx = <u32>load<u16>(p, 6);
      sym.value = load<u64>(p, 8);
      sym.size = load<u64>(p, 16);
    } else {
      sym.value = <u64>load<u32>(p, 4);
      sym.size = <u64>load<u32>(p, 8);
      sym.info = <u32>load<u8>(p, 12);
      sym.other = <u32>load<u8>(p, 13);
      sym.shndx = <u32>load<u16>(p, 14);
    }
  }
}

/** Whether all `n` entries of the symbol table lie inside the file, so that no read of
 * one can come up short. */
export function inFile(L: LoaderState, n: u32): bool {
  if (n == 0) return true;
  const st = L.sects[L.R.SYMTAB];
  const len = <u64>L.view.data.length;
  if (st.offset > len || st.entsize > 0xffffffff) return false;
  // offset <= file length and (n - 1) * entsize < 2^64: the sum cannot wrap.
  return L.view.has(st.offset + <u64>(n - 1) * st.entsize, <u64>L.layout.symSize);
}
