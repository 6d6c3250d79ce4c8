// Reads the built-in export table out of a linked Zephyr image (zephyr.elf): the
// iterable section llext_const_symbol_area holds struct llext_const_symbol
// entries {name or SLID, addr}; llext_prepare_exptab.py marks SLID tables with
// SHF_LLEXT_PREPARATION_DONE and sorts them by SLID.
import { ByteView } from "../util/bytes";
import { archForMachine } from "../arch/registry";
import { ElfHeader, ElfLayout, SectionHeader, readHeader, readSectionHeader } from "../elf/file";
import { SHT_NOBITS } from "../elf/constants";
import { hexPad } from "../util/fmt";
import { jsonString } from "../util/json";

const SHF_LLEXT_PREPARATION_DONE: u64 = 0x08000000;
const MAX_ENTRIES: u64 = 100000;

function vaddrToOffset(hdrs: SectionHeader[], vaddr: u64): i64 {
  for (let i = 0; i < hdrs.length; i++) {
    const s = hdrs[i];
    if (s.type == SHT_NOBITS || (s.addr == 0 && s.flags == 0)) continue;
    if (vaddr >= s.addr && vaddr < s.addr + s.size) return <i64>(vaddr - s.addr + s.offset);
  }
  return -1;
}

const EXPORT_AREA = "llext_const_symbol_area";

function isElf(data: Uint8Array): bool {
  return data.length >= 52 && data[0] == 0x7f && data[1] == 0x45 && data[2] == 0x4c && data[3] == 0x46;
}

/** An ELF file's header and section headers, or why they cannot be read. */
class ElfImage {
  error: string = "";
  v: ByteView;
  is64: bool;
  h: ElfHeader = new ElfHeader();
  hdrs: SectionHeader[] = [];

  constructor(data: Uint8Array) {
    this.is64 = data[4] == 2;
    this.v = new ByteView(data, data[5] == 2);
    const L = new ElfLayout(this.is64 ? 8 : 4);
    const h = this.h;
    readHeader(this.v, L, h);
    if (h.shentsize != L.shdrSize || h.shnum == 0 || !this.v.has(h.shoff, <u64>h.shnum * <u64>L.shdrSize)) {
      this.error = "the ELF section header table is missing or truncated";
    } else {
      for (let i: u32 = 0; i < h.shnum; i++) {
        const s = new SectionHeader();
        readSectionHeader(this.v, L, h.shoff + <u64>i * <u64>L.shdrSize, s);
        this.hdrs.push(s);
      }
      if (h.shstrndx >= h.shnum) this.error = "no section name table";
    }
  }

  /** The last section called `name`, if the headers could be read. */
  section(name: string): SectionHeader | null {
    if (this.error != "") return null;
    const shstr = this.hdrs[this.h.shstrndx];
    let found: SectionHeader | null = null;
    for (let i = 0; i < this.hdrs.length; i++) {
      if (this.v.cstr(shstr.offset + <u64>this.hdrs[i].name, shstr.offset + shstr.size) == name) found = this.hdrs[i];
    }
    return found;
  }
}

/**
 * What a dropped file is, for the playground's input recognition: {"elf":false} or
 * {"elf":true,"type":e_type,"typeName":"ET_REL"|"ET_EXEC"|"ET_DYN"|"ET_CORE"|"ET_NONE"|"",
 * "exportArea":bool,"machine":e_machine,"arch":ARCH_ID|"","elfClass":32|64,"endian":"little"|"big"},
 * exportArea telling whether a section named llext_const_symbol_area exists (a Zephyr
 * image built with CONFIG_LLEXT); arch, elfClass and endian say which boards the file
 * was built for (e_machine, EI_CLASS, EI_DATA), which Zephyr itself never checks.
 */
export function identifyFile(data: Uint8Array): string {
  if (!isElf(data)) return '{"elf":false}';
  const img = new ElfImage(data);
  const t = img.h.type;
  const name = t == 1 ? "ET_REL" : t == 2 ? "ET_EXEC" : t == 3 ? "ET_DYN" : t == 4 ? "ET_CORE" : t == 0 ? "ET_NONE" : "";
  const m = <u32>img.h.machine;
  return (
    '{"elf":true,"type":' +
    t.toString() +
    ',"typeName":"' +
    name +
    '","exportArea":' +
    (img.section(EXPORT_AREA) != null ? "true" : "false") +
    ',"machine":' +
    m.toString() +
    ',"arch":"' +
    archForMachine(m) +
    '","elfClass":' +
    (img.is64 ? "64" : "32") +
    ',"endian":"' +
    (data[5] == 2 ? "big" : "little") +
    '"}'
  );
}

/** Returns JSON {"bySlid":bool,"ptrSize":n,"entries":[{"name":..,"slid":"0x..","addr":"0x.."}]} or {"error":..}. */
export function exportTableFromImage(data: Uint8Array): string {
  if (!isElf(data)) return '{"error":"not an ELF file"}';
  const img = new ElfImage(data);
  if (img.error != "") return '{"error":"' + img.error + '"}';
  const is64 = img.is64;
  const v = img.v;
  const hdrs = img.hdrs;
  const area = img.section(EXPORT_AREA);
  if (area == null) {
    return '{"error":"no llext_const_symbol_area section: the image was not built with CONFIG_LLEXT, or exports nothing"}';
  }
  const ps: u64 = is64 ? 8 : 4;
  const bySlid = (area.flags & SHF_LLEXT_PREPARATION_DONE) != 0;
  const n = area.size / (2 * ps);
  if (n > MAX_ENTRIES) return '{"error":"llext_const_symbol_area is implausibly large"}';
  let out = '{"bySlid":' + (bySlid ? "true" : "false") + ',"ptrSize":' + ps.toString() + ',"entries":[';
  const digits = is64 ? 16 : 8;
  for (let i: u64 = 0; i < n; i++) {
    const off = area.offset + i * 2 * ps;
    const first = v.word(off, <u32>ps);
    const addr = v.word(off + ps, <u32>ps);
    let name = "";
    if (!bySlid) {
      const fo = vaddrToOffset(hdrs, first);
      if (fo >= 0) name = v.cstr(<u64>fo, <u64>data.length);
    }
    if (i > 0) out += ",";
    out +=
      '{"name":' +
      jsonString(name) +
      ',"slid":' +
      (bySlid ? '"0x' + hexPad(first, digits) + '"' : "null") +
      ',"addr":"0x' +
      hexPad(addr, digits) +
      '"}';
  }
  return out + "]}";
}
