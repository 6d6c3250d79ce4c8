// Recording the outcome of one relocation on its RelocSite, the same way for every arch.
import { RelocSite } from "./reloc";
import { ERANGE } from "../util/errno";
import { hex } from "../util/fmt";

/** Zephyr's arch_elf_relocate returned `ret` before touching memory, after logging `log` with LOG_ERR. */
export function zephyrFails(site: RelocSite, ret: i32, log: string): void {
  site.zephRet = ret;
  site.zephWrote = false;
  site.errorLog = log;
  for (let i = 0; i < 8; i++) site.zeph[i] = site.before[i];
}

/** Zephyr returned 0 without writing anything (a silently ignored type). */
export function zephyrSkips(site: RelocSite): void {
  site.zephRet = 0;
  site.zephWrote = false;
  for (let i = 0; i < 8; i++) site.zeph[i] = site.before[i];
}

/**
 * The psABI value does not fit its field: GNU ld stops with "relocation truncated to fit"
 * (or an arch-specific "dangerous relocation"). [min, max] is the allowed range of the value
 * in the unit the caller states (bytes of displacement, or the field value).
 */
export function abiOutOfRange(site: RelocSite, min: i64, max: i64): void {
  site.abiRet = -ERANGE;
  site.rangeFailed = true;
  site.rangeMin = min;
  site.rangeMax = max;
}

/** True when Zephyr's and the psABI's bytes differ over the relocation width. */
export function bytesDiffer(site: RelocSite): bool {
  for (let i: u32 = 0; i < site.width && i < 8; i++) {
    if (site.zeph[i] != site.abi[i]) return true;
  }
  return false;
}

/** Append one sentence to the site's quirk (several differences can apply to one relocation). */
export function addQuirk(site: RelocSite, sentence: string): void {
  site.quirk = site.quirk.length == 0 ? sentence : site.quirk + " " + sentence;
}

/** Signed hex for messages: "0x10", "-0x4". */
export function sHex(v: i64): string {
  return v < 0 ? "-0x" + hex(<u64>(-v)) : "0x" + hex(<u64>v);
}

