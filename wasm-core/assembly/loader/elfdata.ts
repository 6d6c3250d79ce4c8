// do_llext_load steps 2-5: ELF header, section headers, the symbol/string
// tables, string copies and section-name validation (subsys/llext/llext_load.c).
import { LoadCtx } from "./loadctx";
import { SectMapEntry, pastEndOfFile } from "./loaderstate";
import { ET_DYN, ET_REL, SHT_DYNSYM, SHT_STRTAB, SHT_SYMTAB, sectionTypeName } from "../elf/constants";
import { SectionHeader, readHeader, readSectionHeader } from "../elf/file";
import { EINVAL, ENOEXEC, ENOMEM } from "../util/errno";
import { hexAlt, hexPad } from "../util/fmt";
import { sectMapEntrySize } from "./llext";
import { copyRegion } from "./copy";

/** Maximum section count the playground processes (e_shnum is a u16 anyway). */
export const MAX_SECTIONS: u32 = 0xffff;

export function loadElfData(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext,
    v = L.view;
  const fn = "llext_load_elf_data";
  // The filesystem loader's read() fails unless exactly len bytes were read; a
  // buffer-loader read past the end is silently short (the header struct starts zeroed).
  if (e.cfg.loaderKind == "fs" && <u64>L.data.length < <u64>L.layout.ehdrSize) {
    e.err(fn, "Failed to read ELF header");
    return -EINVAL;
  }
  readHeader(v, L.layout, L.hdr);
  const h = L.hdr;
  if (h.ident[0] != 0x7f || h.ident[1] != 0x45 || h.ident[2] != 0x4c || h.ident[3] != 0x46) {
    e.err(fn, "Invalid ELF, magic does not match");
    // LOG_HEXDUMP_ERR continuation line: 16 bytes, a gap after 8, then the printable characters.
    let dump = "",
      ascii = "";
    for (let i = 0; i < 16; i++) {
      const b = <u32>h.ident[i];
      dump += hexPad(<u64>b, 2) + (i == 7 ? "  " : " ");
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
      if (i == 7) ascii += " ";
    }
    // log_output indents hexdump lines by the prefix length it printed before the
    // message: "<err> llext: " is 13 characters in the log lines the engine writes.
    e.raw(1, "             " + dump + "|" + ascii);
    return -ENOEXEC;
  }
  if (h.type == ET_REL) e.dbg(fn, "Loading relocatable ELF");
  else if (h.type == ET_DYN) e.dbg(fn, "Loading shared ELF");
  else {
    e.err(fn, "Unsupported ELF file type " + h.type.toString(16));
    return -ENOEXEC;
  }
  if (h.shentsize != L.layout.shdrSize) {
    e.err(fn, "Invalid section header size " + h.shentsize.toString());
    return -ENOEXEC;
  }
  ext.sectCnt = h.shnum;
  const mapSize = <u64>h.shnum * sectMapEntrySize(e.ptrSize);
  L.sectMapAddr = e.heaps.allocMetadata(mapSize, "sect_map");
  if (L.sectMapAddr == 0) {
    e.err(fn, "Failed to allocate section map, size " + mapSize.toString());
    return -ENOMEM;
  }
  ext.allocSize += mapSize;
  const map = new Array<SectMapEntry>(<i32>h.shnum);
  for (let i = 0; i < <i32>h.shnum; i++) {
    const m = new SectMapEntry();
    m.memIdx = L.R.COUNT;
    map[i] = m;
  }
  L.sectMap = map;

  // Section headers are used in place when the loader can peek, else copied to the heap.
  const inPlace = L.peek(h.shoff);
  if (inPlace == 0) {
    const sz = <u64>h.shnum * <u64>L.layout.shdrSize;
    ext.sectHdrsAddr = e.heaps.allocMetadata(sz, "section headers");
    if (ext.sectHdrsAddr == 0) {
      e.err(fn, "Failed to allocate section headers, size " + sz.toString());
      return -ENOMEM;
    }
    if (L.storage == 0 && L.e.cfg.loaderKind == "fs" && !v.has(h.shoff, sz)) {
      // The filesystem loader's read() fails unless exactly len bytes were read.
      e.err(fn, "Failed to read section headers");
      return -EINVAL;
    }
  }
  if (!v.has(h.shoff, <u64>h.shnum * <u64>L.layout.shdrSize)) {
    const inside = h.shoff >= v.length ? 0 : (v.length - h.shoff) / <u64>L.layout.shdrSize;
    pastEndOfFile(e, "The section header table has " + h.shnum.toString() + " entries", inside);
    return -ENOEXEC;
  }
  const hdrs = new Array<SectionHeader>(<i32>h.shnum);
  for (let i: u32 = 0; i < h.shnum; i++) {
    const s = new SectionHeader();
    readSectionHeader(v, L.layout, h.shoff + <u64>i * <u64>L.layout.shdrSize, s);
    hdrs[i] = s;
  }
  ext.sectHdrs = hdrs;
  return 0;
}

export function findTables(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  const fn = "llext_find_tables";
  const shstrtabNdx = <i32>L.hdr.shstrndx;
  let strtabNdx: i32 = -1;
  for (let r = 0; r < R.COUNT; r++) L.sects[r].clear();
  let tableCnt = 0;
  const map = L.sectMap!;
  for (let i = 0; i < <i32>ext.sectCnt && tableCnt < 3; i++) {
    if (!e.tick()) return -ENOEXEC;
    const s = ext.sectHdrs[i];
    if (e.dbgOn)
      e.dbg(
        fn,
        "section " +
          i.toString() +
          " at " +
          hexAlt(s.offset) +
          ": name " +
          s.name.toString() +
          ", type " +
          s.type.toString() +
          ", flags " +
          hexAlt(s.flags) +
          ", addr " +
          hexAlt(s.addr) +
          ", align " +
          hexAlt(s.addralign) +
          ", size " +
          s.size.toString() +
          ", link " +
          s.link.toString() +
          ", info " +
          s.info.toString(),
      );
    if (s.type == SHT_SYMTAB && L.hdr.type == ET_REL) {
      e.dbg(fn, "symtab at " + i.toString());
      L.sects[R.SYMTAB].copyFrom(s);
      map[i].memIdx = R.SYMTAB;
      strtabNdx = <i32>s.link;
      tableCnt++;
    } else if (s.type == SHT_DYNSYM && L.hdr.type == ET_DYN) {
      e.dbg(fn, "dynsym at " + i.toString());
      L.sects[R.SYMTAB].copyFrom(s);
      map[i].memIdx = R.SYMTAB;
      strtabNdx = <i32>s.link;
      tableCnt++;
    } else if (s.type == SHT_STRTAB && i == shstrtabNdx) {
      e.dbg(fn, "shstrtab at " + i.toString());
      L.sects[R.SHSTRTAB].copyFrom(s);
      map[i].memIdx = R.SHSTRTAB;
      tableCnt++;
    } else if (s.type == SHT_STRTAB && i == strtabNdx) {
      e.dbg(fn, "strtab at " + i.toString());
      L.sects[R.STRTAB].copyFrom(s);
      map[i].memIdx = R.STRTAB;
      tableCnt++;
    }
  }
  if (L.sects[R.SHSTRTAB].type == 0 || L.sects[R.STRTAB].type == 0 || L.sects[R.SYMTAB].type == 0) {
    e.err(fn, "Some sections are missing or present multiple times!");
    explainMissingTables(L, strtabNdx);
    return -ENOEXEC;
  }
  const st = L.sects[R.SYMTAB];
  if (st.entsize != <u64>L.layout.symSize || st.size % st.entsize != 0) {
    e.err(fn, "Invalid symbol table");
    e.diag(
      2,
      "bad-symtab",
      "The symbol table's sh_entsize is " +
        st.entsize.toString() +
        " but Zephyr's elf_sym_t is " +
        L.layout.symSize.toString() +
        " bytes" +
        (st.entsize == 24 || st.entsize == 16 ? " (is the file built for the other ELF class?)" : "") +
        ".",
    );
    return -ENOEXEC;
  }
  return 0;
}

function explainMissingTables(L: LoadCtx, strtabNdx: i32): void {
  const R = L.R;
  const missing: string[] = [];
  if (L.sects[R.SYMTAB].type == 0) missing.push(L.hdr.type == ET_DYN ? "no .dynsym (SHT_DYNSYM)" : "no .symtab (SHT_SYMTAB)");
  if (L.sects[R.STRTAB].type == 0) {
    let what = "no symbol string table";
    if (strtabNdx >= 0 && strtabNdx < <i32>L.ext.sectCnt) {
      const t = L.ext.sectHdrs[strtabNdx].type;
      if (t != SHT_STRTAB) what += " (sh_link points at section " + strtabNdx.toString() + " of type " + sectionTypeName(t) + ")";
      else if (<u32>strtabNdx < symtabIndex(L)) {
        what +=
          " after the symbol table (sh_link " +
          strtabNdx.toString() +
          " points backwards, as clang lays files out; the table was taken as the section name table)";
      }
    }
    missing.push(what);
  }
  if (L.sects[R.SHSTRTAB].type == 0) missing.push("no section name table (e_shstrndx " + L.hdr.shstrndx.toString() + ")");
  L.e.diag(
    2,
    "missing-tables",
    "Zephyr found " +
      missing.join(", ") +
      ". A stripped file (strip --strip-all) or an ET_DYN file without .dynsym cannot be loaded; note the scan only looks forward, so a string table placed before its symbol table is missed.",
  );
}

function symtabIndex(L: LoadCtx): u32 {
  const m = L.sectMap!;
  for (let i = 0; i < m.length; i++) if (m[i].memIdx == L.R.SYMTAB) return <u32>i;
  return 0xffffffff;
}

export function copyStrings(L: LoadCtx): i32 {
  // llext_heap_reset(): the memblk allocation map of this extension starts empty.
  L.e.heaps.resetRegionMap(L.ext);
  let ret = copyRegion(L, L.R.SHSTRTAB);
  if (ret != 0) return ret;
  return copyRegion(L, L.R.STRTAB);
}

export function validateSectionNames(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext;
  const limit = L.sects[L.R.SHSTRTAB].size;
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const s = ext.sectHdrs[i];
    if (<u64>s.name >= limit) {
      e.err("llext_validate_sections_name", "Invalid section name index " + s.name.toString() + " in section " + i.toString());
      return -ENOEXEC;
    }
  }
  return 0;
}
