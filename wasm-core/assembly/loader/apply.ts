// Runs one relocation through the architecture's table against target memory and
// records what happened (both Zephyr's and the psABI's result).
import { LoadCtx } from "./loadctx";
import { RelocSite } from "../arch/reloc";
import { EV_RELOC } from "../trace/events";
import { hexAlt } from "../util/fmt";

function signedHex(v: i64): string {
  return v < 0 ? "-0x" + (<u64>(-v)).toString(16) : "0x" + (<u64>v).toString(16);
}

export function applyRelocation(L: LoadCtx, site: RelocSite, relSection: i32, target: i32, index: u32): i32 {
  const e = L.e;
  const arch = e.relocator!;
  const mem = e.mem;
  const P = site.P;
  const area = mem.find(P, 1);
  let avail: u32 = 0;
  if (area != null) {
    const o = <i32>(P - area.base);
    const left = area.bytes.length - o;
    avail = left < 8 ? <u32>left : 8;
    for (let k = 0; k < 8; k++) {
      const inside = k < <i32>avail;
      site.before[k] = inside ? unchecked(area.bytes[o + k]) : 0;
      site.abiBefore[k] = inside ? unchecked(area.abi[o + k]) : 0;
    }
  } else {
    for (let k = 0; k < 8; k++) { site.before[k] = 0; site.abiBefore[k] = 0; }
  }
  site.avail = avail;
  site.reset();
  arch.relocate(site);

  const w = site.width;
  let wrote = false;
  if (w > 0 && area != null && w <= avail) {
    const o = <i32>(P - area.base);
    const strict = e.cfg.abiStrict;
    const zephOk = site.zephWrote;
    for (let k = 0; k < <i32>w; k++) {
      if (strict) {
        if (site.abiRet == 0) unchecked(area.bytes[o + k] = site.abi[k]);
      } else if (zephOk) {
        unchecked(area.bytes[o + k] = site.zeph[k]);
      }
      if (site.abiRet == 0) unchecked(area.abi[o + k] = site.abi[k]);
    }
    wrote = true;
  } else if (w > 0) {
    e.diag(2, "reloc-outside-memory", "Relocation " + index.toString() + " of section " + relSection.toString() +
      " patches " + w.toString() + " bytes at " + hexAlt(P) + ", outside the memory the extension owns (r_offset " +
      hexAlt(site.rOffset) + "): on the device this corrupts memory. The playground skips the write.");
  }

  for (let k = 0; k < site.extraLogs.length; k++) {
    const s = site.extraLogs[k];
    if (s.startsWith("err:")) e.err("arch_elf_relocate", s.substring(4));
    else if (s.startsWith("wrn:")) e.wrn("arch_elf_relocate", s.substring(4));
    else if (s.startsWith("inf:")) e.inf("arch_elf_relocate", s.substring(4));
    else e.dbg("arch_elf_relocate", s.startsWith("dbg:") ? s.substring(4) : s);
  }
  if (site.errorLog.length > 0) e.err("arch_elf_relocate", site.errorLog);

  if (!e.quiet) {
    const t = e.trace;
    t.begin(EV_RELOC);
    t.u32(<u32>relSection);
    t.u32(<u32>target);
    t.u32(index);
    t.u64(site.rOffset);
    t.u32(site.type);
    t.str(arch.typeName(site.type));
    t.str(site.symName);
    t.u64(site.S);
    t.i64(site.A);
    t.u64(P);
    t.u64(site.value);
    t.u64(site.abiValue);
    t.u8(w);
    t.fixed(site.before, <i32>w);
    t.fixed(e.cfg.abiStrict ? site.abi : site.zeph, <i32>w);
    t.fixed(site.abi, <i32>w);
    t.i32(site.zephRet);
    t.i32(site.abiRet);
    t.u8(site.zephWrote && wrote ? 1 : 0);
    t.str(site.quirk);
    t.str(site.hint);
    t.u8(site.rangeFailed ? 1 : 0);
    t.i64(site.rangeMin);
    t.i64(site.rangeMax);
  }
  if (site.quirk.length > 0 && !e.quiet) L.noteQuirk(arch.typeName(site.type), site.quirk);
  if (site.zephRet != 0 && site.rangeFailed && !e.quiet) {
    const v = site.ptrSize == 8 ? <i64>site.value : <i64><i32>(<u32>site.value);
    const dist = v < site.rangeMin ? site.rangeMin - v : v - site.rangeMax;
    e.diag(2, "reloc-range", arch.typeName(site.type) + " at " + hexAlt(P) + " to " + site.symName + ": the value " + signedHex(v) +
      " is outside the allowed interval [" + signedHex(site.rangeMin) + ", " + signedHex(site.rangeMax) + "] by " + signedHex(dist) + " bytes.");
  }
  if (site.zephRet != 0 && site.hint.length > 0) e.diag(2, "reloc-hint", site.hint);
  return e.cfg.abiStrict ? site.abiRet : site.zephRet;
}
