// Builds the engine input document for a session with the shared session
// preparation (board profile, Kconfig resolution, export table), so the web
// worker and the CLI run exactly the same document for the same inputs.
import { extensionNameOf, prepareSession, type ExportSource, type SessionRequest } from '@core/session.js';
import type { EngineAction, EngineOptions } from '@core/config/index.js';
import { exportTableFromImage } from '@core/engine.js';
import type { AppCalls, RunSpec } from './protocol.js';

export interface BuiltInput {
  config: string;
  files: Uint8Array[];
}

async function exportSourceOf(spec: RunSpec): Promise<ExportSource> {
  const image = spec.files.find((f) => f.role === 'zephyr-elf');
  if (!image) return spec.exports ? { kind: 'text', text: spec.exports.text, mode: spec.exports.mode } : { kind: 'default' };
  const table = await exportTableFromImage(image.bytes);
  if ('error' in table) throw new Error(`${image.name}: cannot read its export table: ${table.error}`);
  return { kind: 'image', table };
}

const KIB = 1024;

/** The application's calls: optional heap set-up, every load in order, optional tear-down. */
export function actionsOf(names: string[], app: AppCalls): EngineAction[] {
  const actions: EngineAction[] = [];
  const h = app.heapInit;
  if (h)
    actions.push(
      'kib' in h
        ? { kind: 'heap_init', bytes: h.kib * KIB }
        : { kind: 'heap_init_harvard', instrBytes: h.instrKiB * KIB, dataBytes: h.dataKiB * KIB },
    );
  const params = app.loadParams;
  names.forEach((name, file) => actions.push(params ? { kind: 'load', name, file, params } : { kind: 'load', name, file }));
  for (const c of app.calls) actions.push({ kind: 'call', name: c.ext, fn: c.fn, args: [...c.args] });
  if (app.unloadAll) {
    for (const name of [...names].reverse()) actions.push({ kind: 'unload', name });
    if (h) actions.push({ kind: 'heap_uninit' });
  }
  return actions;
}

/** The session request of a spec: its extensions (a Zephyr image gives the export table). */
export async function requestOf(spec: RunSpec): Promise<SessionRequest> {
  const exts = spec.files.filter((f) => f.role === 'extension');
  const names = exts.map((f) => extensionNameOf(f.name));
  const options: EngineOptions = {
    ...(spec.cpuStop !== undefined && spec.cpuStop > 0 ? { cpuStop: spec.cpuStop } : {}),
    ...(spec.cpuBudget !== undefined ? { cpuBudget: spec.cpuBudget } : {}),
  };
  return {
    board: spec.boardId,
    prjConf: spec.prjConf,
    exports: await exportSourceOf(spec),
    files: exts.map((f) => ({ name: f.name, bytes: f.bytes })),
    names,
    actions: actionsOf(names, spec.app),
    ...(options.cpuStop !== undefined || options.cpuBudget !== undefined ? { options } : {}),
  };
}

export async function buildEngineInput(spec: RunSpec): Promise<BuiltInput> {
  const prepared = await prepareSession(await requestOf(spec));
  return { config: prepared.config, files: prepared.files };
}
