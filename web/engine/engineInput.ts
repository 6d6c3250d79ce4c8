// Builds the engine input document for a session with the shared session
// preparation (board profile, Kconfig resolution, export table), so the web
// worker and the CLI run exactly the same document for the same inputs.
import { prepareSession, type ExportSource } from '../../wasm-core/src/session';
import { exportTableFromImage } from '../../wasm-core/src/engine';
import type { RunSpec } from './protocol';

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

export async function buildEngineInput(spec: RunSpec): Promise<BuiltInput> {
  const exts = spec.files.filter((f) => f.role === 'extension');
  const prepared = await prepareSession({
    board: spec.boardId,
    prjConf: spec.prjConf,
    exports: await exportSourceOf(spec),
    files: exts.map((f) => ({ name: f.name, bytes: f.bytes })),
  });
  return { config: prepared.config, files: prepared.files };
}
