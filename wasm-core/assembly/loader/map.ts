// llext_map_sections() (subsys/llext/llext_load.c): classify sections into
// regions, merge them, add alignment pre-padding, reject overlaps, and compute
// each section's offset inside its region.
import { LoadCtx } from "./loadctx";
import {
  ET_DYN,
  SHF_ALLOC,
  SHF_BASIC_TYPE_MASK,
  SHF_EXECINSTR,
  SHF_LLEXT_HAS_RELOCS,
  SHF_TLS,
  SHF_WRITE,
  SHT_FINI_ARRAY,
  SHT_INIT_ARRAY,
  SHT_NOBITS,
  SHT_NULL,
  SHT_PREINIT_ARRAY,
  SHT_PROGBITS,
  SHT_REL,
  SHT_RELA,
} from "../elf/constants";
import { SectionHeader } from "../elf/file";
import { EV_SECTION } from "../trace/events";
import { ENOEXEC, ENOTSUP } from "../util/errno";
import { hexAlt, ptr } from "../util/fmt";
import { tlsSectionsSkipped } from "./version";
import { instrFetchable } from "./copy";

function classify(L: LoadCtx, s: SectionHeader, name: string): i32 {
  const R = L.R;
  let idx = R.COUNT;
  if (s.type == SHT_NOBITS) idx = R.BSS;
  else if (s.type == SHT_PROGBITS) {
    if (s.flags & SHF_EXECINSTR) idx = R.TEXT;
    else if (s.flags & SHF_WRITE) idx = R.DATA;
    else if (R.RODATA_NO_RELOC >= 0 && name == ".llext.rodata.noreloc") idx = R.RODATA_NO_RELOC;
    else idx = R.RODATA;
  } else if (s.type == SHT_PREINIT_ARRAY) idx = R.PREINIT;
  else if (s.type == SHT_INIT_ARRAY) idx = R.INIT;
  else if (s.type == SHT_FINI_ARRAY) idx = R.FINI;
  if (name == ".exported_sym") idx = R.EXPORT;
  return idx;
}

function recordSection(L: LoadCtx, i: i32, s: SectionHeader, name: string, region: i32, note: string): void {
  const e = L.e;
  if (e.quiet) return;
  const t = e.trace;
  t.begin(EV_SECTION);
  t.u32(<u32>i);
  t.str(name);
  t.u32(s.type);
  t.u64(s.flags);
  t.u64(s.offset);
  t.u64(s.size);
  t.u64(s.addralign);
  t.i32(region);
  t.str(note);
  t.u8(s.type == SHT_NOBITS ? 1 : 0);
  t.u8((s.flags & SHF_EXECINSTR) != 0 ? 1 : 0);
}

export function mapSections(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  const fn = "llext_map_sections";
  const map = L.sectMap!;
  const isDyn = L.hdr.type == ET_DYN;

  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    if (!e.tick()) return -ENOEXEC;
    const s = ext.sectHdrs[i];
    const name = L.sectionName(s);
    if (map[i].memIdx != R.COUNT) {
      if (e.dbgOn) e.dbg(fn, "section " + i.toString() + " name " + name + " already mapped to region " + map[i].memIdx.toString());
      recordSection(L, i, s, name, map[i].memIdx, "table");
      continue;
    }
    const idx = classify(L, s, name);
    // SHF_TLS sections (.tdata, .tbss) are skipped like unloadable ones (tlsSectionsSkipped(),
    // loader/version.ts): the extension shares the loading thread's TLS block.
    const tls = (s.flags & SHF_TLS) != 0 && tlsSectionsSkipped();
    if (idx == R.COUNT || (s.flags & SHF_ALLOC) == 0 || s.size == 0 || tls) {
      if (e.dbgOn) e.dbg(fn, "section " + i.toString() + " name " + name + " skipped");
      recordSection(
        L,
        i,
        s,
        name,
        -1,
        idx == R.COUNT
          ? "skipped: type not loaded"
          : (s.flags & SHF_ALLOC) == 0
            ? "skipped: not SHF_ALLOC"
            : s.size == 0
              ? "skipped: empty"
              : "skipped: thread-local (the loading thread's TLS block)",
      );
      continue;
    }
    if (idx == R.PREINIT || idx == R.INIT || idx == R.FINI) {
      if (s.entsize != <u64>e.ptrSize || s.size % s.entsize != 0) {
        e.err(fn, "Invalid " + name + " array in section " + i.toString());
        return -ENOEXEC;
      }
    }
    if (e.dbgOn) e.dbg(fn, "section " + i.toString() + " name " + name + " maps to region " + idx.toString());
    map[i].memIdx = idx;
    recordSection(L, i, s, name, idx, "maps to " + R.name(idx));
    const region = L.sects[idx];
    // llext_load_param.section_detached(): the section keeps its region index in the section
    // map but is not merged into the region; the application placed it and it stays in the
    // ELF buffer (subsys/llext/llext_load.c: llext_map_sections()).
    if (L.param.isDetached(name)) {
      if (idx == R.TEXT) {
        const p = L.hasPeek ? L.peek(s.offset) : 0;
        if (!instrFetchable(L, p, s.size)) {
          if (e.cfg.arch == "arc") {
            e.err(fn, "ELF buffer's detached text section " + name + " not in instruction memory: " + ptr(p) + "-" + ptr(p + s.size));
            return -ENOEXEC;
          }
          e.wrn(fn, "Unknown if ELF buffer's detached text section " + name + " is in instruction memory; proceeding...");
        }
      }
      continue;
    }
    if (region.type == SHT_NULL) {
      region.copyFrom(s);
      continue;
    }
    if ((s.flags & SHF_BASIC_TYPE_MASK) != (region.flags & SHF_BASIC_TYPE_MASK)) {
      e.err(
        fn,
        "Unsupported section flags " +
          hexAlt(<u64>(<u32>s.flags)) +
          " / " +
          hexAlt(<u64>(<u32>region.flags)) +
          " for " +
          name +
          " (region " +
          idx.toString() +
          ")",
      );
      return -ENOEXEC;
    }
    if (idx == R.BSS) {
      e.err(fn, "Multiple SHT_NOBITS sections are not supported");
      e.diag(
        2,
        "multiple-nobits",
        "Section " +
          name +
          " is a second SHT_NOBITS section. Zephyr supports one: build with -fno-common" +
          (e.cfg.arch == "riscv" ? " and -msmall-data-limit=0 (no .sbss)" : "") +
          ", and avoid -fdata-sections (one .bss per variable).",
      );
      return -ENOTSUP;
    }
    if (idx == R.PREINIT || idx == R.INIT || idx == R.FINI) {
      e.err(fn, "Region " + idx.toString() + " redefined");
      return -ENOEXEC;
    }
    if (isDyn && s.addr - region.addr != s.offset - region.offset) {
      e.err(fn, "Incompatible section addresses for " + name + " (region " + idx.toString() + ")");
      return -ENOEXEC;
    }
    const addr = min(region.addr, s.addr);
    const bot = min(region.offset, s.offset);
    const top = max(region.offset + region.size, s.offset + s.size);
    region.addr = addr;
    region.offset = bot;
    region.size = top - bot;
    region.addralign = max(region.addralign, s.addralign);
  }

  // Alignment pre-padding; sh_info of the descriptor remembers its length.
  for (let i = 0; i < R.COUNT; i++) {
    const region = L.sects[i];
    if (region.type == SHT_NULL || region.size == 0) continue;
    const prepad = region.offset & (region.addralign - 1);
    if (isDyn) {
      if (prepad > region.addr) {
        e.err(fn, "Bad section alignment in region " + i.toString());
        return -ENOEXEC;
      }
      region.addr -= prepad;
    }
    region.offset -= prepad;
    region.size += prepad;
    region.info = <u32>prepad;
  }

  // Overlap checks between regions, on file offsets (and VMAs for ET_DYN).
  for (let i = 0; i < R.COUNT; i++) {
    for (let j = i + 1; j < R.COUNT; j++) {
      const x = L.sects[i],
        y = L.sects[j];
      if (x.type == SHT_NULL || x.size == 0 || y.type == SHT_NULL || y.size == 0) continue;
      if (i == R.EXPORT || j == R.EXPORT) continue;
      if (isDyn && (x.flags & SHF_ALLOC) != 0 && (y.flags & SHF_ALLOC) != 0) {
        if (overlaps(x.addr, x, y.addr, y)) {
          e.err(
            fn,
            "Region " +
              i.toString() +
              " VMA range (" +
              hexAlt(x.addr + <u64>x.info) +
              "-" +
              hexAlt(x.addr + x.size - 1) +
              ") overlaps with " +
              j.toString() +
              " (" +
              hexAlt(y.addr + <u64>y.info) +
              "-" +
              hexAlt(y.addr + y.size - 1) +
              ")",
          );
          return -ENOEXEC;
        }
      }
      if (i == R.BSS || j == R.BSS) continue;
      if (overlaps(x.offset, x, y.offset, y)) {
        e.err(
          fn,
          "Region " +
            i.toString() +
            " ELF file range (" +
            hexAlt(x.offset + <u64>x.info) +
            "-" +
            hexAlt(x.offset + x.size - 1) +
            ") overlaps with " +
            j.toString() +
            " (" +
            hexAlt(y.offset + <u64>y.info) +
            "-" +
            hexAlt(y.offset + y.size - 1) +
            ")",
        );
        e.diag(
          2,
          "interleaved-sections",
          "Sections of region " +
            R.name(i) +
            " and region " +
            R.name(j) +
            " are interleaved in the file. Zephyr merges each region into one contiguous span: build without -ffunction-sections/-fdata-sections, or link with ld -r and a script that groups sections.",
        );
        return -ENOEXEC;
      }
    }
  }

  // Section offsets inside regions, and relocation marks on target regions.
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const s = ext.sectHdrs[i];
    if (s.type == SHT_REL || s.type == SHT_RELA) {
      const target = L.mapped(s.info);
      if (target != R.COUNT) L.sects[target].flags |= SHF_LLEXT_HAS_RELOCS;
    }
    const m = map[i].memIdx;
    if (m != R.COUNT) map[i].offset = s.offset - L.sects[m].offset;
  }

  if (R.RODATA_NO_RELOC >= 0) {
    const nr = L.sects[R.RODATA_NO_RELOC];
    if (nr.type != SHT_NULL && (nr.flags & SHF_LLEXT_HAS_RELOCS) != 0) {
      e.err(fn, ".llext.rodata.noreloc has relocations");
      return -ENOEXEC;
    }
  }
  return 0;
}

/** REGIONS_OVERLAP_ON: inclusive ranges [field + prepad, field + size - 1]. */
function overlaps(xf: u64, x: SectionHeader, yf: u64, y: SectionHeader): bool {
  const xb = xf + <u64>x.info,
    xt = xf + x.size - 1;
  const yb = yf + <u64>y.info,
    yt = yf + y.size - 1;
  return (xb <= yb && xt >= yb) || (yb <= xb && yt >= xb);
}
