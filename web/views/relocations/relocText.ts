// Small text helpers for relocation rows.
import type { RelocEvent } from '@core/trace.js';

/** Zephyr wrote something other than the psABI value (or only one of them failed). */
export function diverges(ev: RelocEvent): boolean {
  if (ev.quirk !== '') return true;
  if ((ev.ret === 0) !== (ev.abiRet === 0)) return true;
  if (ev.after.length !== ev.abiAfter.length) return true;
  return ev.after.some((b, i) => b !== ev.abiAfter[i]);
}

/** Relocation types that fill a whole data word (R_*_32, R_*_ABS32, R_*_64 …): no instruction to decode. */
export function isDataWord(typeName: string): boolean {
  return /_(ABS)?(8|16|32|64)$/.test(typeName) || /_(RELATIVE|GLOB_DAT|JUMP_SLOT|JMP_SLOT)$/.test(typeName);
}
