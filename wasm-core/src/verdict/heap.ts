// The heap a failing load needs. The engine's solver (wasm-core/assembly/exports/minheap.ts)
// finds the smallest heap with which every action succeeds; when some other failure remains
// at any size, this finds the smallest heap with which the load gets past the heap
// (no longer fails with -ENOMEM), so the answer can name the next blocker. The block pools of
// CONFIG_LLEXT_HEAP_MEMBLK are sized the same way when the solver finds nothing.
import { minHeap, runQuiet, simulate, type InputFile } from '../engine.js';
import { prepareSession, type SessionRequest } from '../session.js';
import { applyFix } from './apply.js';
import { describeBlocker, progressOf } from './progress.js';

const ENOMEM = 12;
/** CONFIG_LLEXT_HEAP_SIZE's largest value (KiB) in wasm-core/data/kconfig.json. */
const MAX_KIB = 65536;
/** Quiet runs the search past the heap may take. */
const MAX_PROBES = 20;

export interface HeapAnswer {
  /** The assignments that size the heap(s). */
  defines: string[];
  /** True when the engine's solver found that every action succeeds with them; false when
   * they only get the load past the heap. */
  loads: boolean;
  /** KiB of the single static heap, when there is one. */
  kib?: number;
}

/** The first failing action's result with `defines` applied, or null when the configuration rejects them. */
async function quietWith<F extends InputFile>(req: SessionRequest<F>, defines: string[]): Promise<number | null> {
  const s = await prepareSession(applyFix(req, { defines }));
  if (s.diagnostics.some((d) => d.severity === 'error')) return null;
  return runQuiet({ files: s.files, config: s.config });
}

/** The smallest value (KiB) of the heap size option `option` (default CONFIG_LLEXT_HEAP_SIZE)
 * from which the run no longer fails with -ENOMEM, or null. */
export async function heapPastENOMEM<F extends InputFile>(
  req: SessionRequest<F>,
  fromKiB: number,
  option = 'CONFIG_LLEXT_HEAP_SIZE',
): Promise<number | null> {
  let probes = 0;
  const short = async (kib: number): Promise<boolean | null> => {
    probes++;
    const ret = await quietWith(req, [`${option}=${kib}`]);
    return ret === null ? null : ret === -ENOMEM;
  };
  let lo = Math.max(1, fromKiB),
    hi = lo * 2;
  for (;;) {
    if (hi > MAX_KIB || probes >= MAX_PROBES) return null;
    const s = await short(hi);
    if (s === null) return null;
    if (!s) break;
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1 && probes < MAX_PROBES) {
    const mid = Math.floor((lo + hi) / 2);
    const s = await short(mid);
    if (s === null) return null;
    if (s) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The heap sizes for the request's board and configuration, or null when no size helps
 * or the heap is not a static one (CONFIG_LLEXT_HEAP_DYNAMIC). */
export async function solveHeap<F extends InputFile>(req: SessionRequest<F>): Promise<HeapAnswer | null> {
  const s = await prepareSession(req);
  if (s.resolved.isEnabled('CONFIG_LLEXT_HEAP_DYNAMIC')) return null;
  const ans = await minHeap({ files: s.files, config: s.config });
  if ('kib' in ans) return { defines: [`CONFIG_LLEXT_HEAP_SIZE=${ans.kib}`], loads: true, kib: ans.kib };
  if ('instrKiB' in ans)
    return { defines: [`CONFIG_LLEXT_INSTR_HEAP_SIZE=${ans.instrKiB}`, `CONFIG_LLEXT_DATA_HEAP_SIZE=${ans.dataKiB}`], loads: true };
  if ('sizes' in ans) return { defines: ans.sizes.map((x) => `${x.name}=${x.kib}`), loads: true };
  // Some other failure remains at every size (or, for block pools, the solver's first
  // probe does not fit the board's memory): size the heap for getting past -ENOMEM.
  if (s.resolved.isEnabled('CONFIG_HARVARD')) return null;
  const option = s.resolved.isEnabled('CONFIG_LLEXT_HEAP_MEMBLK') ? 'CONFIG_LLEXT_EXT_HEAP_SIZE' : 'CONFIG_LLEXT_HEAP_SIZE';
  const kib = await heapPastENOMEM(req, s.resolved.int(option) ?? 1, option);
  if (kib === null) return null;
  const defines = [`${option}=${kib}`];
  return { defines, loads: (await quietWith(req, defines)) === 0, kib };
}

/**
 * For a load that fails whatever the heap size (the engine's solver answers an error): the
 * smallest static heap that gets past -ENOMEM, and what the load then stops on, with its errno.
 */
export async function heapPastFailure<F extends InputFile>(
  req: SessionRequest<F>,
): Promise<{ kib: number; next: string; errno: number } | null> {
  const ans = await solveHeap(req);
  if (!ans || ans.loads || ans.kib === undefined) return null;
  const s = await prepareSession(applyFix(req, { defines: ans.defines }));
  const r = await simulate({ files: s.files, config: s.config }, undefined, { images: false, lookups: 'imports', onLog: () => {} });
  if (r.document.ok) return null;
  return { kib: ans.kib, next: describeBlocker(progressOf(r.events, r.document, true)), errno: r.document.errno };
}
