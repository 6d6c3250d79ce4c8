// A fix applied to the user's session: another board, more Kconfig assignments, another
// load order. The playground applies exactly this to re-run the engine when it verifies a
// fix, and the UI applies it when the user accepts the fix.
import type { EngineAction } from '../config/index.js';
import type { InputFile } from '../engine.js';
import type { SessionRequest } from '../session.js';

/** What a fix changes; every field is optional and they combine. */
export interface FixApply {
  /** A board id (wasm-core/data/boards.json). */
  board?: string;
  /** `CONFIG_X=value` assignments, applied after prj.conf and the earlier -D values. */
  defines?: string[];
  /** The request's file names in the order to load them. */
  order?: string[];
  /** Instructions each emulated call may run (`option cpu-budget`). */
  cpuBudget?: number;
}

const nameOf = (define: string): string => define.slice(0, define.indexOf('='));

/** `defines` with the assignments of `extra` replacing earlier ones to the same option. */
export function mergeDefines(defines: readonly string[], extra: readonly string[]): string[] {
  const replaced = new Set(extra.map(nameOf));
  return [...defines.filter((d) => !replaced.has(nameOf(d))), ...extra];
}

/**
 * Indices into `files` in the order `order` names them, or null when `order` is not a
 * permutation of the file names (each name used once, every file named).
 */
export function orderIndices(files: readonly { name: string }[], order: readonly string[]): number[] | null {
  if (order.length !== files.length) return null;
  const used = new Set<number>();
  const out: number[] = [];
  for (const name of order) {
    const i = files.findIndex((f, k) => f.name === name && !used.has(k));
    if (i < 0) return null;
    used.add(i);
    out.push(i);
  }
  return out;
}

/**
 * The session request with the fix applied. A new order moves the files, their extension
 * names and the llext_load() calls together; the application's other calls (heap
 * initialisation, unloads) keep their place before the first load.
 */
export function applyFix<F extends InputFile>(req: SessionRequest<F>, apply: FixApply): SessionRequest<F> {
  const out: SessionRequest<F> = { ...req };
  if (apply.board !== undefined) out.board = apply.board;
  if (apply.cpuBudget !== undefined) out.options = { ...req.options, cpuBudget: apply.cpuBudget };
  if (apply.defines && apply.defines.length > 0) out.defines = mergeDefines(req.defines ?? [], apply.defines);
  if (apply.order) {
    const idx = orderIndices(req.files, apply.order);
    if (!idx) throw new Error(`the load order ${apply.order.join(', ')} does not name each file once`);
    out.files = idx.map((i) => req.files[i]!);
    if (req.names) out.names = idx.map((i) => req.names![i]!);
    if (req.actions) {
      const newIndex = new Map(idx.map((old, now) => [old, now]));
      const loads = req.actions
        .filter((a): a is Extract<EngineAction, { kind: 'load' }> => a.kind === 'load')
        .map((a) => ({ ...a, file: newIndex.get(a.file) ?? a.file }))
        .sort((a, b) => a.file - b.file);
      const firstLoad = req.actions.findIndex((a) => a.kind === 'load');
      const before = firstLoad < 0 ? req.actions : req.actions.slice(0, firstLoad);
      const after = firstLoad < 0 ? [] : req.actions.slice(firstLoad).filter((a) => a.kind !== 'load');
      out.actions = [...before, ...loads, ...after];
    }
  }
  return out;
}
