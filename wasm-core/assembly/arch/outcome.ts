// Recording the outcome of one relocation on its RelocSite, the same way for every arch,
// and the formatting the architectures' messages share.
import { RelocSite, samePatchBytes } from "./reloc";
import { ERANGE } from "../util/errno";
import { hex } from "../util/fmt";

/** Zephyr's arch_elf_relocate returned `ret` before touching memory, after logging `log` with LOG_ERR. */
export function zephyrFails(site: RelocSite, ret: i32, log: string): void {
  site.zephRet = ret;
  site.zephWrote = false;
  site.errorLog = log;
  store<u64>(changetype<usize>(site.zeph), load<u64>(changetype<usize>(site.before)));
}

/** Zephyr returned 0 without writing anything (a silently ignored type). */
export function zephyrSkips(site: RelocSite): void {
  site.zephRet = 0;
  site.zephWrote = false;
  store<u64>(changetype<usize>(site.zeph), load<u64>(changetype<usize>(site.before)));
}

/** Zephyr's range check failed: the interval it accepts, for the "reloc-range" diagnostic. */
export function zephyrOutOfRange(site: RelocSite, min: i64, max: i64): void {
  site.rangeFailed = true;
  site.rangeMin = min;
  site.rangeMax = max;
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

/** GNU ld refuses the value (range or alignment) without a range worth reporting; the
 * psABI bytes keep what the caller left in them. */
// @ts-ignore: decorator
@inline export function abiRejects(site: RelocSite): void {
  site.abiRet = -ERANGE;
}

/** True when Zephyr's and the psABI's bytes differ over the relocation width. */
// @ts-ignore: decorator
@inline export function bytesDiffer(site: RelocSite): bool {
  return site.width != 0 && !samePatchBytes(site.zeph, site.abi, site.width);
}

/** Append one sentence to the site's quirk (several differences can apply to one relocation). */
export function addQuirk(site: RelocSite, sentence: string): void {
  site.quirk = site.quirk.length == 0 ? sentence : site.quirk + " " + sentence;
}

/** Name the quirk unless one was named already (for tables that name only the first cause). */
export function firstQuirk(site: RelocSite, sentence: string): void {
  if (site.quirk.length == 0) site.quirk = sentence;
}

/** Signed hex for messages: "0x10", "-0x4". */
export function sHex(v: i64): string {
  return v < 0 ? "-0x" + hex(<u64>(-v)) : "0x" + hex(<u64>v);
}
