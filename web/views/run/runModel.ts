// Pure helpers of the Run view: the code bytes around an address (from the run's final
// section images), the instructions to show around pc, and the next stepping stop.
import type { TraceEvent } from '@core/trace.js';
import type { DisasmInsn as Insn } from '../relocations/disasm.js';

/** Bytes of code before an address that are decoded for context (from the section start). */
const CONTEXT_BYTES = 2048n;
/** Bytes of code after it. */
const AHEAD_BYTES = 32n;

/** The loaded bytes around `pc` (EV_IMAGE: a section's final bytes), starting at an
 * instruction boundary (the section's start, or `pc` itself when that is far away). */
export function codeAround(events: readonly TraceEvent[], pc: bigint): { addr: bigint; bytes: Uint8Array } | null {
  const a = pc & ~1n;
  let found: { addr: bigint; bytes: Uint8Array } | null = null;
  for (const ev of events) {
    if (ev.kind === 'run') break;
    if (ev.kind !== 'image') continue;
    const end = ev.addr + BigInt(ev.bytes.length);
    if (a >= ev.addr && a < end) found = { addr: ev.addr, bytes: ev.bytes };
  }
  if (!found) return null;
  const start = a - found.addr <= CONTEXT_BYTES ? found.addr : a;
  const stop = a + AHEAD_BYTES < found.addr + BigInt(found.bytes.length) ? a + AHEAD_BYTES : found.addr + BigInt(found.bytes.length);
  return { addr: start, bytes: found.bytes.subarray(Number(start - found.addr), Number(stop - found.addr)) };
}

/** Up to `before` instructions before the one at `pc`, that one, and up to `after` after it;
 * `current` is the index of the one at `pc` in the result (-1 when no instruction starts there). */
export function insnWindow(insns: readonly Insn[], pc: bigint, before = 3, after = 3): { insns: Insn[]; current: number } {
  const a = pc & ~1n;
  const i = insns.findIndex((x) => x.address === a);
  if (i < 0) return { insns: insns.slice(0, before + after + 1), current: -1 };
  const from = Math.max(0, i - before);
  return { insns: insns.slice(from, i + after + 1), current: i - from };
}

/** The stop after one more step from `stop` (null: not stepping yet, so the first step
 * stops after one instruction); never past the call's instruction budget, where the call
 * stops anyway. */
export function nextStop(stop: number | null, budget: number): number {
  return Math.min(budget, (stop ?? 0) + 1);
}
