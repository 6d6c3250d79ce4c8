// Where each section ended up, and its final bytes (what Zephyr wrote and what
// the psABI values would give).
import { LoadCtx } from "./loadctx";
import { Engine } from "./context";
import { SHF_ALLOC, SHT_NOBITS } from "../elf/constants";
import { EV_IMAGE, EV_PLACE, EV_REGION_INFO, EV_SECTION_INFO, IMAGE_VENEER_SECTION } from "../trace/events";
import { ENOTSUP } from "../util/errno";

export function recordPlacements(L: LoadCtx): void {
  const e = L.e,
    ext = L.ext;
  if (e.quiet) return;
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const m = L.mapped(<u32>i);
    if (m == L.R.COUNT) continue;
    const s = ext.sectHdrs[i];
    e.trace.begin(EV_PLACE);
    e.trace.u32(<u32>i);
    e.trace.str(L.sectionName(s));
    e.trace.u8(<u32>m);
    e.trace.u64(L.loadedSectPtr(<u32>i));
    e.trace.u64(s.size);
    e.trace.u8(s.type == SHT_NOBITS ? 1 : 0);
  }
}

/** Final bytes of every allocated section (BSS included, as zeros). */
export function recordImage(L: LoadCtx): void {
  const e = L.e,
    ext = L.ext;
  if (e.quiet) return;
  let total: u64 = 0;
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const s = ext.sectHdrs[i];
    if (L.mapped(<u32>i) != L.R.COUNT && (s.flags & SHF_ALLOC) != 0 && s.size <= 0x4000000) total += s.size + 64;
  }
  e.trace.expect(total);
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const m = L.mapped(<u32>i);
    const s = ext.sectHdrs[i];
    if (m == L.R.COUNT || (s.flags & SHF_ALLOC) == 0) continue;
    const addr = L.loadedSectPtr(<u32>i);
    const len = s.size > 0x4000000 ? 0 : <i32>s.size;
    const a = e.mem.find(addr, <u64>len);
    e.trace.begin(EV_IMAGE);
    e.trace.str(ext.name);
    e.trace.u32(<u32>i);
    e.trace.str(L.sectionName(s));
    e.trace.u64(addr);
    if (a == null) {
      e.trace.u32(0);
      e.trace.u8(1);
      continue;
    }
    const o = <usize>(addr - a.base);
    writeImageBytes(e, a.bytes.dataStart + o, a.abi.dataStart + o, len);
  }
  recordVeneers(L);
}

/** The veneer table (CONFIG_LLEXT_VENEERS) belongs to no section: its image is named after the region. */
function recordVeneers(L: LoadCtx): void {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  if (R.VENEER < 0 || ext.mem[R.VENEER] == 0) return;
  const addr = ext.mem[R.VENEER];
  const len = <i32>ext.memSize[R.VENEER];
  const a = e.mem.find(addr, <u64>len);
  if (a == null) return;
  const o = <usize>(addr - a.base);
  e.trace.begin(EV_IMAGE);
  e.trace.str(ext.name);
  e.trace.u32(IMAGE_VENEER_SECTION);
  e.trace.str("LLEXT_MEM_VENEER");
  e.trace.u64(addr);
  writeImageBytes(e, a.bytes.dataStart + o, a.abi.dataStart + o, len);
}

/** Zephyr's bytes, then the psABI bytes only where they differ (flag 1: the same). */
function writeImageBytes(e: Engine, zeph: usize, abi: usize, len: i32): void {
  e.trace.bytesFrom(zeph, len);
  const same = zeph == abi || memory.compare(zeph, abi, <usize>len) == 0;
  e.trace.u8(same ? 1 : 0);
  if (!same) e.trace.bytesFrom(abi, len);
}

/**
 * What the inspection API (include/zephyr/llext/inspect.h) gives the application right after
 * this load: llext_get_region_info() for every region, and llext_get_section_info() /
 * llext_section_shndx() for every section, which need the section map
 * (llext_load_param.keep_section_info) and return -ENOTSUP without it.
 */
export function recordInspection(L: LoadCtx): void {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  if (e.quiet) return;
  for (let r = 0; r < R.COUNT; r++) {
    const h = L.sects[r];
    const t = e.trace;
    t.begin(EV_REGION_INFO);
    t.str(ext.name);
    t.u8(<u8>r);
    t.str(R.name(r));
    t.u32(h.type);
    t.u64(h.flags);
    t.u64(h.addr);
    t.u64(h.offset);
    t.u64(h.size);
    t.u64(h.addralign);
    t.u64(<u64>h.info);
    t.u64(ext.mem[r] + <u64>h.info);
    t.u64(ext.memSize[r] - <u64>h.info);
  }
  const kept = L.sectMapAddr != 0 && L.sectMap != null;
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const t = e.trace;
    t.begin(EV_SECTION_INFO);
    t.str(ext.name);
    t.u32(<u32>i);
    t.str(L.sectionName(ext.sectHdrs[i]));
    if (!kept) {
      t.i32(-ENOTSUP);
      t.i32(-1);
      t.u64(0);
      continue;
    }
    const m = L.sectMap![i];
    t.i32(0);
    t.i32(m.memIdx);
    // sect_map[].offset - ldr->sects[mem_idx].sh_info (a section with no region has offset 0).
    t.u64(m.memIdx == R.COUNT ? 0 : m.offset - <u64>L.sects[m.memIdx].info);
  }
}
