// From a shared session to what the engine runs: its files (its own, or the
// sample's from the catalogue), in load order, and the wasm-core session
// request (board, prj.conf, export table, files).
import { exportTableFromImage } from '@core/engine.js';
import { type SessionRequest, extensionNameOf } from '@core/session.js';
import type { FileRole, SharedSession } from './document.js';
import { prjConfWithChanges } from './kconfigChanges.js';
import { appCallsOf, cpuBudgetOf } from '../engine/appActions.js';
import { actionsOf } from '../engine/engineInput.js';
import type { SampleEntry } from './wire.js';

export interface SessionFileBytes {
  name: string;
  role: FileRole;
  bytes: Uint8Array;
}

/** Reads a catalogue path (relative to public/samples/) as bytes. */
export type FetchSampleFile = (path: string) => Promise<Uint8Array>;

export class SessionFilesError extends Error {}

/** The session's files in catalogue or document order (not yet in load order). */
export async function sessionFiles(
  s: SharedSession,
  samples: readonly SampleEntry[],
  fetchFile: FetchSampleFile,
): Promise<SessionFileBytes[]> {
  if (s.source.kind === 'files') return s.source.files.map((f) => ({ ...f }));
  const id = s.source.id;
  const entry = samples.find((e) => e.id === id);
  if (!entry) throw new SessionFilesError(`Sample "${id}" is not in the catalogue.`);
  return Promise.all(
    entry.files.map(async (f) => ({
      name: f.path.split('/').pop() ?? f.path,
      role: f.role === 'zephyr-elf' ? ('zephyr-elf' as const) : ('extension' as const),
      bytes: await fetchFile(f.path),
    })),
  );
}

/** Extension files in the session's load order (all of them, in file order, without one), then the Zephyr image if any. */
export function inLoadOrder(files: SessionFileBytes[], loadOrder: readonly string[] | null): SessionFileBytes[] {
  const exts = files.filter((f) => f.role === 'extension');
  const image = files.filter((f) => f.role === 'zephyr-elf');
  if (!loadOrder) return [...exts, ...image];
  const ordered = loadOrder.map((name) => {
    const f = exts.find((e) => extensionNameOf(e.name) === name);
    if (!f) throw new SessionFilesError(`No file provides extension "${name}".`);
    return f;
  });
  return [...ordered, ...image];
}

/** The wasm-core session request that reproduces the shared session's run: its files, options
 * and export table, and what the application does (heap set-up, loads, calls, unloading), as
 * the playground's runner makes them. */
export async function sessionRequest(s: SharedSession, files: SessionFileBytes[]): Promise<SessionRequest> {
  const ordered = inLoadOrder(files, s.loadOrder);
  const prjConf = prjConfWithChanges(s.config);
  const exts = ordered.filter((f) => f.role === 'extension');
  const names = exts.map((f) => extensionNameOf(f.name));
  const budget = cpuBudgetOf(s.app);
  const req: SessionRequest = {
    board: s.board,
    prjConf,
    files: exts.map((f) => ({ name: f.name, bytes: f.bytes })),
    names,
    actions: actionsOf(names, appCallsOf(s.board, prjConf, s.app)),
    ...(budget.cpuBudget !== undefined ? { options: budget } : {}),
  };
  const image = ordered.find((f) => f.role === 'zephyr-elf');
  if (image) {
    const table = await exportTableFromImage(image.bytes);
    if ('error' in table) throw new SessionFilesError(`${image.name}: ${table.error}`);
    req.exports = { kind: 'image', table };
  } else if (s.exports) {
    req.exports = { kind: 'text', text: s.exports.text, mode: s.exports.mode };
  }
  return req;
}
