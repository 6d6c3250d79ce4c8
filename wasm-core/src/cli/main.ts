// llext-sim: the engine from the command line (same wasm as the playground).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { USAGE, UsageError, parseArgs, type LoadArgs } from './args.js';
import { formatText } from './format.js';
import { exportTableFromImage, heapRun, minHeap, simulate } from '../engine.js';
import { prepareSession, type ExportSource } from '../session.js';
import { allBoards, type EngineAction } from '../config/index.js';

function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} '${path}'${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
}

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

async function prepare(a: LoadArgs) {
  const files = a.files.map((f) => ({ name: basename(f), bytes: readInput(f, 'extension') }));
  const prjConf = a.conf === undefined ? undefined : new TextDecoder().decode(readInput(a.conf, 'prj.conf'));
  const names = a.names.length > 0 ? a.names : undefined;
  if (names && names.length !== files.length) throw new UsageError(`--name was given ${names.length} time(s) for ${files.length} file(s)`);
  const loadNames = files.map((f, i) => names?.[i] ?? f.name.replace(/\.(llext|elf|o|so)$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_'));
  const actions: EngineAction[] = [...heapInitActions(a), ...loadNames.map((name, file): EngineAction => ({ kind: 'load', name, file }))];
  return prepareSession({
    board: a.board, prjConf, defines: a.defines, exports: await exportSource(a.exports), files, names: loadNames, actions,
    options: { abiStrict: a.abiStrict, loader: a.loader },
  });
}

function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? '0x' + x.toString(16) : x), 2);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
    case 'boards': {
      const boards = allBoards().map((b) => ({ id: b.id, name: b.name, arch: b.arch, group: b.group, cpu: b.cpu }));
      process.stdout.write(args.json ? stringify(boards) + '\n' : boards.map((b) => `${b.id.padEnd(18)} ${b.arch.padEnd(8)} ${b.name}`).join('\n') + '\n');
      return 0;
    }
    case 'heap': {
      const r = (await heapRun(args.size, args.base, args.bits, args.ops)) as { error?: string; ops?: { op: string; offset?: number | null; noop?: string }[]; free?: { chunk: number; units: number; bucket: number }[] };
      if (args.json) { process.stdout.write(stringify(r) + '\n'); return r.error ? 22 : 0; }
      if (r.error) { process.stderr.write(`llext-sim heap: ${r.error}\n`); return 22; }
      for (const [i, op] of (r.ops ?? []).entries()) {
        const what = op.noop ? `(${op.noop})` : op.offset === undefined ? '' : op.offset === null ? 'NULL' : `offset ${op.offset}`;
        process.stdout.write(`${String(i).padStart(3)}  ${op.op.padEnd(12)} ${what}\n`);
      }
      process.stdout.write('free lists:\n');
      for (const f of r.free ?? []) process.stdout.write(`  bucket ${f.bucket}: chunk ${f.chunk}, ${f.units} units (${f.units * 8} bytes)\n`);
      return 0;
    }
    case 'min-heap': {
      const s = await prepare(args);
      const ans = await minHeap({ files: s.files, config: s.config });
      if ('error' in ans) {
        process.stderr.write(`llext-sim min-heap: ${ans.error}\n`);
        return 12;
      }
      if (args.json) process.stdout.write(stringify(ans) + '\n');
      else if ('kib' in ans) process.stdout.write(`CONFIG_LLEXT_HEAP_SIZE=${ans.kib}\n`);
      else if ('sizes' in ans) process.stdout.write(ans.sizes.map((s) => `${s.name}=${s.kib}\n`).join(''));
      else process.stdout.write(`CONFIG_LLEXT_INSTR_HEAP_SIZE=${ans.instrKiB}\nCONFIG_LLEXT_DATA_HEAP_SIZE=${ans.dataKiB}\n`);
      return 0;
    }
    case 'load': {
      const s = await prepare(args);
      const errors = s.diagnostics.filter((d) => d.severity === 'error');
      // The text output shows the log and a summary: no per-relocation detail, no images.
      const r = await simulate({ files: s.files, config: s.config }, undefined,
        args.json ? undefined : { relocations: 'quirks', lookups: 'imports', images: false });
      const doc = r.document;
      const configDiagnostics = s.diagnostics.map((d) => ({ severity: d.severity, code: `config:${d.code}`, text: d.where ? `${d.where}: ${d.message}` : d.message }));
      doc.diagnostics.unshift(...configDiagnostics);
      if (args.json) process.stdout.write(stringify(doc) + '\n');
      else process.stdout.write(formatText(doc));
      if (errors.length > 0 && doc.ok) return 22;
      return doc.ok ? 0 : doc.errno;
    }
  }
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`llext-sim: ${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`llext-sim: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
