// llext-sim: the engine from the command line (same wasm as the playground).
import { USAGE, UsageError, parseArgs } from './args.js';
import { stringify } from './json.js';
import { load } from './load.js';
import { requestOf } from './prepare.js';
import { heapPastFailure } from '../verdict/index.js';
import { prepareSession } from '../session.js';
import { heapRun, minHeap } from '../engine.js';
import { setWasmSource } from '../wasm.js';
import { allBoards } from '../config/index.js';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
    case 'boards': {
      const boards = allBoards().map((b) => ({ id: b.id, name: b.name, arch: b.arch, group: b.group, cpu: b.cpu }));
      process.stdout.write(
        args.json ? stringify(boards) + '\n' : boards.map((b) => `${b.id.padEnd(18)} ${b.arch.padEnd(8)} ${b.name}`).join('\n') + '\n',
      );
      return 0;
    }
    case 'heap': {
      const r = (await heapRun(args.size, args.base, args.bits, args.ops)) as {
        error?: string;
        ops?: { op: string; offset?: number | null; noop?: string }[];
        free?: { chunk: number; units: number; bucket: number }[];
      };
      if (args.json) {
        process.stdout.write(stringify(r) + '\n');
        return r.error ? 22 : 0;
      }
      if (r.error) {
        process.stderr.write(`llext-sim heap: ${r.error}\n`);
        return 22;
      }
      for (const [i, op] of (r.ops ?? []).entries()) {
        const what = op.noop ? `(${op.noop})` : op.offset === undefined ? '' : op.offset === null ? 'NULL' : `offset ${op.offset}`;
        process.stdout.write(`${String(i).padStart(3)}  ${op.op.padEnd(12)} ${what}\n`);
      }
      process.stdout.write('free lists:\n');
      for (const f of r.free ?? [])
        process.stdout.write(`  bucket ${f.bucket}: chunk ${f.chunk}, ${f.units} units (${f.units * 8} bytes)\n`);
      return 0;
    }
    case 'min-heap': {
      const req = await requestOf(args);
      const s = await prepareSession(req);
      const ans = await minHeap({ files: s.files, config: s.config });
      if ('error' in ans) {
        // Another failure remains at every size: the heap that gets past -ENOMEM, and what comes next.
        const past = await heapPastFailure(req);
        if (!past) {
          process.stderr.write(`llext-sim min-heap: ${ans.error}\n`);
          return 12;
        }
        if (args.json) process.stdout.write(stringify({ kib: past.kib, loads: false, next: past.next }) + '\n');
        else process.stdout.write(`CONFIG_LLEXT_HEAP_SIZE=${past.kib}\n`);
        process.stderr.write(
          `llext-sim min-heap: with ${past.kib} KiB the heap is enough, but the load still fails: next it stops on ${past.next}\n`,
        );
        return past.errno;
      }
      if (args.json) process.stdout.write(stringify(ans) + '\n');
      else if ('kib' in ans) process.stdout.write(`CONFIG_LLEXT_HEAP_SIZE=${ans.kib}\n`);
      else if ('sizes' in ans) process.stdout.write(ans.sizes.map((s) => `${s.name}=${s.kib}\n`).join(''));
      else process.stdout.write(`CONFIG_LLEXT_INSTR_HEAP_SIZE=${ans.instrKiB}\nCONFIG_LLEXT_DATA_HEAP_SIZE=${ans.dataKiB}\n`);
      return 0;
    }
    case 'load': {
      const req = await requestOf(args);
      return load(args, await prepareSession(req), req);
    }
  }
}

/** `llext-sim load … | head`: when the reader closes the pipe, stop without a stack trace,
 * as command-line tools do. */
function stopQuietlyWhenReaderLeaves(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

/**
 * Runs the CLI and sets the exit status. `engine`: the compiled engine, when the launcher
 * started compiling it early (the compile then overlaps loading this module).
 */
export async function run(argv: string[], engine?: Promise<WebAssembly.Module>): Promise<void> {
  if (engine) setWasmSource(() => engine);
  stopQuietlyWhenReaderLeaves();
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
