// From load/min-heap arguments to a prepared engine session (board, configuration,
// export table, the extension files and the llext_load calls).
import { basename } from 'node:path';
import { UsageError, type LoadArgs } from './args.js';
import { openExtension, readInput } from './input-file.js';
import { exportTableFromImage, type InputFile } from '../engine.js';
import { prepareSession, type ExportSource, type PreparedSession, type SessionRequest } from '../session.js';
import { applyLoadParam, type EngineAction, type LoadParams } from '../config/index.js';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

async function exportSource(path: string | undefined): Promise<ExportSource | undefined> {
  if (path === undefined) return undefined;
  const bytes = readInput(path, 'export table');
  if (ELF_MAGIC.every((b, i) => bytes[i] === b)) {
    const table = await exportTableFromImage(bytes);
    if ('error' in table) throw new UsageError(`${path}: ${table.error}`);
    return { kind: 'image', table };
  }
  return { kind: 'text', text: new TextDecoder().decode(bytes), mode: 'replace' };
}

function heapInitActions(a: LoadArgs): EngineAction[] {
  if (a.heapInit === undefined) return [];
  const parts = a.heapInit.split(',').map((s) => s.trim());
  const nums = parts.map((p) => (/^(0x[0-9a-f]+|\d+)$/i.test(p) ? Number(p) : NaN));
  if (nums.some((n) => !Number.isSafeInteger(n))) throw new UsageError(`--heap-init expects BYTES or IBYTES,DBYTES, not '${a.heapInit}'`);
  if (nums.length === 1) return [{ kind: 'heap_init', bytes: nums[0]! }];
  if (nums.length === 2) return [{ kind: 'heap_init_harvard', instrBytes: nums[0]!, dataBytes: nums[1]! }];
  throw new UsageError(`--heap-init expects BYTES or IBYTES,DBYTES, not '${a.heapInit}'`);
}

/**
 * Extension files go straight into engine memory for the runs that record nothing (load
 * --quiet, min-heap). Recorded runs read them whole first, as they always did: on the 86k-
 * relocation benchmark object that was 40 ms faster as a whole process, because the
 * early full collection the file buffers cause keeps V8's later ones away from the moment
 * the decoded trace is largest (with the files read into the engine, one of them lands
 * there and takes 50 ms). Their time goes to decoding, not to reading.
 */
function readsIntoEngine(a: LoadArgs): boolean {
  return a.command === 'min-heap' || (a.quiet && a.calls.length === 0 && !a.bringup && !a.teardown);
}

/** The session the arguments ask for (what a fix of the verdict is applied to). */
export async function requestOf(a: LoadArgs): Promise<SessionRequest<InputFile>> {
  const intoEngine = readsIntoEngine(a);
  const files = a.files.map((f) => ({ name: basename(f), bytes: intoEngine ? openExtension(f) : readInput(f, 'extension') }));
  const prjConf = a.conf === undefined ? undefined : new TextDecoder().decode(readInput(a.conf, 'prj.conf'));
  const names = a.names.length > 0 ? a.names : undefined;
  if (names && names.length !== files.length)
    throw new UsageError(
      `--name was given ${names.length === 1 ? 'once' : `${names.length} times`} for ${files.length === 1 ? 'one file' : `${files.length} files`}`,
    );
  const loadNames = files.map((f, i) => names?.[i] ?? f.name.replace(/\.(llext|elf|o|so)$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_'));
  const params: LoadParams = {};
  for (const w of a.loadParams) applyLoadParam(params, w);
  const withParams = a.loadParams.length > 0;
  const actions: EngineAction[] = [
    ...heapInitActions(a),
    ...loadNames.map((name, file): EngineAction => (withParams ? { kind: 'load', name, file, params } : { kind: 'load', name, file })),
  ];
  for (const c of a.calls) {
    if (c.ext !== undefined && !loadNames.includes(c.ext))
      throw new UsageError(`--call ${c.ext}:${c.fn}: no extension is named '${c.ext}' (loaded: ${loadNames.join(', ')})`);
  }
  if (a.bringup) actions.push(...loadNames.map((name): EngineAction => ({ kind: 'bringup', name })));
  // An extension left out: the first loaded extension that exports the function (the engine's '*').
  actions.push(...a.calls.map((c): EngineAction => ({ kind: 'call', name: c.ext ?? '*', fn: c.fn, args: c.args })));
  if (a.teardown) actions.push(...[...loadNames].reverse().map((name): EngineAction => ({ kind: 'teardown', name })));
  return {
    board: a.board,
    prjConf,
    defines: a.defines,
    exports: await exportSource(a.exports),
    files,
    names: loadNames,
    actions,
    options: { abiStrict: a.abiStrict, loader: a.loader, ...(a.cpuBudget !== undefined ? { cpuBudget: a.cpuBudget } : {}) },
  };
}

export async function prepare(a: LoadArgs): Promise<PreparedSession<InputFile>> {
  return prepareSession(await requestOf(a));
}
