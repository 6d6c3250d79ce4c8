// From what a user gives (board, prj.conf, -D values, export table, files) to the
// engine input document. Shared by the CLI and the web worker.
import {
  defaultPrjConf,
  type Board,
  type Diagnostic,
  type EngineAction,
  type EngineOptions,
  type ExportTable,
  type ResolvedConfig,
  applyUserExports,
  buildDefaultExportTable,
  buildEngineInput,
  getBoard,
  parseExportTableText,
  ptrSize as boardPtrSize,
  resolvePrjConf,
} from './config/index.js';
import { withEngine } from './wasm.js';
import type { ImageExportTable, InputFile } from './engine.js';

export type ExportSource =
  | { kind: 'default' }
  | { kind: 'text'; text: string; mode?: 'merge' | 'replace' }
  | { kind: 'image'; table: Extract<ImageExportTable, { entries: unknown }> };

/** `F`: how the files come (bytes, or readers that put them straight into the engine); only their sizes are read here. */
export interface SessionRequest<F extends InputFile = Uint8Array> {
  board: string;
  prjConf?: string;
  /** Extra `CONFIG_X=value` assignments applied after prj.conf (the CLI's -D). */
  defines?: string[];
  exports?: ExportSource;
  files: { name: string; bytes: F }[];
  /** Extension names, one per file (default: the file name without its extension). */
  names?: string[];
  /** Application calls; default: llext_load of every file in order. */
  actions?: EngineAction[];
  options?: EngineOptions;
}

/** A configuration diagnostic and where its line came from. */
export interface SessionDiagnostic extends Diagnostic {
  /** "prj.conf line 3", "-D CONFIG_X=1" or "default configuration line 2"; empty for whole-configuration findings. */
  where: string;
}

export interface PreparedSession<F extends InputFile = Uint8Array> {
  config: string;
  files: F[];
  diagnostics: SessionDiagnostic[];
  board: Board;
  resolved: ResolvedConfig;
  exports: ExportTable;
  names: string[];
}

export class SessionError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

/** A plain token usable as an extension name: the file's base name without extension. */
export function extensionNameOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.(llext|elf|o|so)$/i, '');
  const token = stem.replace(/[^A-Za-z0-9_.-]/g, '_');
  return token === '' ? 'ext' : token;
}

function exportTableFor(
  board: Board,
  resolved: ResolvedConfig,
  src: ExportSource | undefined,
): { table: ExportTable; diagnostics: Diagnostic[] } {
  const base = buildDefaultExportTable(board, resolved);
  if (!src || src.kind === 'default') return { table: base, diagnostics: [] };
  if (src.kind === 'text') {
    const parsed = parseExportTableText(src.text, boardPtrSize(board));
    return { table: applyUserExports(base, parsed.entries, src.mode ?? 'replace'), diagnostics: parsed.diagnostics };
  }
  const entries = src.table.entries.map((e, i) => ({
    name: e.name !== '' ? e.name : `slid_${i}`,
    address: BigInt(e.addr),
    kind: 'unknown' as const,
    group: 'IMAGE',
    origin: 'image' as const,
    slid: e.slid === null ? undefined : BigInt(e.slid),
  }));
  return { table: { entries }, diagnostics: [] };
}

export async function prepareSession<F extends InputFile = Uint8Array>(req: SessionRequest<F>): Promise<PreparedSession<F>> {
  const board = getBoard(req.board);
  // Without a prj.conf, start from the playground's default image configuration (LLEXT and logging on).
  const base = req.prjConf ?? defaultPrjConf();
  const baseLines = base.split('\n').length;
  const defines = req.defines ?? [];
  const text = [base, ...defines].join('\n');
  const check = resolvePrjConf(board, text);
  const where = (d: Diagnostic): string => {
    const line = d.range?.line;
    if (line === undefined) return '';
    if (line > baseLines) return `-D ${defines[line - baseLines - 1] ?? ''}`;
    return req.prjConf === undefined ? `default configuration line ${line}` : `prj.conf line ${line}`;
  };
  const diagnostics: SessionDiagnostic[] = check.diagnostics.map((d) => ({ ...d, where: where(d) }));
  const exp = exportTableFor(board, check.config, req.exports);
  for (const d of exp.diagnostics) diagnostics.push({ ...d, where: d.range ? `export table line ${d.range.line}` : '' });
  const names = req.files.map((f, i) => req.names?.[i] ?? extensionNameOf(f.name));
  const actions: EngineAction[] = req.actions ?? names.map((name, file) => ({ kind: 'load', name, file }));
  const config = await withEngine((wasm) =>
    buildEngineInput({
      board,
      config: check.config,
      exports: exp.table,
      files: req.files.map((f) => ({ name: f.name, size: f.bytes.length })),
      actions,
      options: req.options,
      slidOf: (name: string, ptr: number): bigint => BigInt.asUintN(ptr * 8, wasm.slid(name, ptr)),
    }),
  );
  return { config, files: req.files.map((f) => f.bytes), diagnostics, board, resolved: check.config, exports: exp.table, names };
}
