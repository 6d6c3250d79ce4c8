// llext_copy_region()/llext_copy_regions() (subsys/llext/llext_mem.c): size and
// alignment rules, in-place use of the ELF buffer, heap allocation and copying.
import { LoadCtx } from "./loadctx";
import { STORAGE_PERSISTENT, STORAGE_WRITABLE } from "./loaderstate";
import { SHF_ALLOC, SHF_EXECINSTR, SHF_LLEXT_HAS_RELOCS, SHF_WRITE, SHT_NOBITS } from "../elf/constants";
import { EV_REGION } from "../trace/events";
import { EFAULT, ENOMEM } from "../util/errno";
import { hexAlt, ptr } from "../util/fmt";
import { protectionRounding } from "./version";

/** INSTR_FETCHABLE(): always true unless the board lists instruction-memory ranges (Harvard). */
export function instrFetchable(L: LoadCtx, addr: u64, size: u64): bool {
  const ranges = L.e.cfg.instrMem;
  if (!L.e.cfg.bool("CONFIG_HARVARD") || ranges.length == 0) return true;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (addr >= r.lo && addr + size <= r.hi) return true;
  }
  return false;
}

export function copyRegion(L: LoadCtx, idx: i32, preLocated: bool = false): i32 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  const fn = "llext_copy_region";
  const reg = L.sects[idx];
  let alloc = reg.size;
  if (alloc == 0) return 0;
  ext.memSize[idx] = reg.size;
  let align = reg.addralign;

  if (reg.flags & SHF_ALLOC) {
    const r = protectionRounding(e.cfg, alloc, align);
    alloc = r.alloc;
    align = r.align;
  }

  const storage = L.storage;
  const canUseInPlace =
    storage == STORAGE_WRITABLE ||
    (storage == STORAGE_PERSISTENT && (reg.flags & SHF_WRITE) == 0 && (reg.flags & SHF_LLEXT_HAS_RELOCS) == 0);
  if (canUseInPlace && reg.type != SHT_NOBITS) {
    const p = L.peek(reg.offset);
    if (p != 0) {
      const aligned = (p & (align - 1)) == 0;
      const fetchable = idx != R.TEXT || instrFetchable(L, p, reg.size);
      if (aligned && fetchable) {
        ext.mem[idx] = p;
        ext.memOnHeap[idx] = false;
        e.dbg("llext_init_mem_part", "region " + idx.toString() + ": start " + hexAlt(p) + ", size " + reg.size.toString());
        recordRegion(L, idx, -1, p, 0, align, true);
        return 0;
      }
      if (!fetchable) {
        e.wrn(fn, "Cannot reuse ELF buffer for region " + idx.toString() + ", not instruction memory: " + ptr(p) + "-" + ptr(p + reg.size));
      } else {
        e.wrn(fn, "Cannot peek region " + idx.toString() + ": " + ptr(p) + " not aligned to " + hexAlt(align));
      }
    }
  }

  // llext_load_param.pre_located: the application placed the sections already, so nothing is
  // allocated or copied. A region the writable ELF buffer holds is used in place (above); a
  // NOBITS region stays NULL; anything else fails with -EFAULT (subsys/llext/llext_mem.c:
  // llext_copy_region(), as stored; the string tables never take the parameter).
  if (preLocated) {
    if (storage == STORAGE_WRITABLE && reg.type == SHT_NOBITS) {
      ext.mem[idx] = 0;
      ext.memOnHeap[idx] = false;
      return 0;
    }
    return -EFAULT;
  }

  // With sys_mem_blocks a region takes whole blocks.
  alloc = e.heaps.roundToBlocks(alloc);

  const instr = (reg.flags & SHF_EXECINSTR) != 0;
  const purpose = "region " + R.name(idx);
  const mem = e.heaps.allocRegion(ext, instr, align, alloc, purpose);
  if (mem == 0) {
    e.err(fn, "Failed allocating " + alloc.toString() + " bytes " + align.toString() + "-aligned for region " + idx.toString());
    return -ENOMEM;
  }
  ext.allocSize += alloc;
  e.dbg("llext_init_mem_part", "region " + idx.toString() + ": start " + hexAlt(mem) + ", size " + alloc.toString());

  if (reg.type == SHT_NOBITS) {
    e.mem.fill(mem, 0, <i32>reg.size);
  } else if (reg.flags & SHF_ALLOC) {
    const prepad = <u64>reg.info;
    if (prepad > 0) e.mem.fill(mem, 0, <i32>min(prepad, reg.size));
    if (reg.size > prepad) {
      const r = readInto(L, reg.offset + prepad, mem + prepad, reg.size - prepad);
      if (r != 0) {
        e.heaps.freeRegion(ext, instr, mem, purpose);
        return r;
      }
    }
  } else {
    const r = readInto(L, reg.offset, mem, reg.size);
    if (r != 0) {
      e.heaps.freeRegion(ext, instr, mem, purpose);
      return r;
    }
  }
  ext.mem[idx] = mem;
  ext.memOnHeap[idx] = true;
  recordRegion(L, idx, e.heaps.idOf(mem), mem, alloc, align, false);
  return 0;
}

/** llext_seek + llext_read from the ELF into target memory. The buffer loader's read is
 * silently short past the end of the file; the filesystem loader fails with -EINVAL. */
function readInto(L: LoadCtx, off: u64, dst: u64, len: u64): i32 {
  const n = <u64>L.data.length;
  let avail: u64 = off >= n ? 0 : n - off;
  if (avail < len && L.e.cfg.loaderKind == "fs") return -22;
  const count = avail < len ? avail : len;
  if (count > 0) L.e.mem.write(dst, L.data, <i32>off, <i32>count);
  if (count < len) {
    L.e.diag(
      1,
      "short-read",
      "The ELF file ends before the data of a region (" +
        len.toString() +
        " bytes at file offset " +
        hexAlt(off) +
        "): Zephyr's buffer loader copies only what exists and leaves the rest of the block as it was.",
    );
  }
  return 0;
}

function recordRegion(L: LoadCtx, idx: i32, heap: i32, addr: u64, alloc: u64, align: u64, inPlace: bool): void {
  const e = L.e;
  if (e.quiet) return;
  const reg = L.sects[idx];
  const t = e.trace;
  t.begin(EV_REGION);
  t.u8(<u32>idx);
  t.str(L.R.name(idx));
  t.i32(heap);
  t.u64(addr);
  t.u64(L.ext.memSize[idx]);
  t.u64(alloc);
  t.u64(align);
  t.u64(<u64>reg.info);
  t.u8(inPlace ? 1 : 0);
  t.u64(reg.offset);
}

export function copyRegions(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  for (let i = 0; i < R.COUNT; i++) {
    if (ext.mem[i] != 0) continue;
    const ret = copyRegion(L, i, L.param.preLocated);
    if (ret != 0) return ret;
  }
  // At DBG level Zephyr prints the flags for gdb's add-symbol-file.
  if (e.logLevel >= 4) {
    e.dbg("llext_copy_regions", "gdb add-symbol-file flags:");
    for (let i = 0; i < <i32>ext.sectCnt; i++) {
      const m = L.mapped(<u32>i);
      if (m >= R.EXPORT || m == R.COUNT) continue;
      e.dbg("llext_copy_regions", "-s " + L.sectionName(ext.sectHdrs[i]) + " " + hexAlt(ext.mem[m] + L.sectMap![i].offset));
    }
  }
  return 0;
}
