// Where each section ended up, and its final bytes (what Zephyr wrote and what
// the psABI values would give).
import { LoadCtx } from "./loadctx";
import { Engine } from "./context";
import { SHF_ALLOC, SHT_NOBITS } from "../elf/constants";
import { EV_IMAGE, EV_PLACE, IMAGE_VENEER_SECTION } from "../trace/events";

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
