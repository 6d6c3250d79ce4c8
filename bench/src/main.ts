// `npm run bench`: measures the engine and the playground, prints a table and writes
// bench/results.json. Not part of `npm test`: nothing here passes or fails, targets are
// reported as met or missed.
//
//   npm run bench [-- --quick] [--skip-browser] [--rebuild-objects] [--only=scaling,ld,slid,heap,emu,browser]
//                    [--object FILE [--board ID]]
//   --object: the GNU ld comparison on that object (a little-endian ARM relocatable) instead of
//   the committed ones, on mps2_an385 or the board given (an ARM board whose memory holds the
//   heap sized for the object and the ELF buffer where a session places them); printed, not
//   written to results.json.
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureScaling, type ScalingRow } from './scaling.js';
import { DEFAULT_BOARD, measureVersusLd, type VersusLd } from './versus-ld.js';
import { measureSlid, type SlidResult } from './slid.js';
import { measureHeap, type HeapResult } from './heap.js';
import { measureBrowser, type BrowserResult } from './browser.js';
import { BENCH_OBJECTS, SYMBOLS_OBJECT, buildObject, haveArmGcc } from '../gen/build-objects.js';
import { printTable, type Row } from './report.js';
import { measureEmu } from './emu.js';
import { measureBrowserEmu } from './browser-emu.js';

// bench/out/js/bench/src -> the repository root.
const root = join(import.meta.dirname, '..', '..', '..', '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wants = (part: string) => (only ? only.includes(part) : !(part === 'browser' && args.includes('--skip-browser')));
const log = (s: string) => process.stdout.write(s + '\n');
const optionValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return args.find((a) => a.startsWith(name + '='))?.slice(name.length + 1);
  if (i + 1 >= args.length) throw new Error(`${name} needs a value`);
  return args[i + 1];
};
const objectArg = optionValue('--object');
const boardArg = optionValue('--board');
/** An --object run measured an object of the user's: results.json is left as it is. */
let ownObject = false;

async function main(): Promise<void> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const results: Record<string, number | null> = {
    engineVsLdSpeedup: null,
    traceOverQuiet: null,
    cliVsLdRatio: null,
    cliVsLdRatioWithEnvironment: null,
    cliTextOutputMs: null,
    engineVsLdSpeedupSymbols: null,
    traceOverQuietSymbols: null,
    cliVsLdRatioSymbols: null,
    cliTextOutputMsSymbols: null,
    scaling1MOver100k: null,
    nsPerRelocation100k: null,
    slidVsNodeCryptoRatio: null,
    slidVsWebCryptoSpeedup: null,
    heapOpsPerSecond: null,
    emuMips: null,
    emuMipsNode: null,
    firstFrameMs100k: null,
    firstFrameMs1M: null,
    animationFps10k: null,
    initialJsGzipKB: null,
    peakMemoryOverInput1M: null,
  };

  if (wants('scaling')) {
    log('Engine scaling (generated extensions, in process, warm)');
    const scaling = await measureScaling([1_000, 10_000, 100_000, 1_000_000], quick, log);
    details.scaling = scaling;
    const by = (arch: string, n: number) => scaling.find((r) => r.arch === arch && r.relocations >= n * 0.99 && r.relocations <= n * 1.01)!;
    for (const arch of ['arm', 'riscv']) {
      for (const n of [1_000, 10_000, 100_000, 1_000_000]) {
        const r = by(arch, n);
        rows.push({
          metric: `${arch} ${n.toLocaleString('en')} relocations: load+link`,
          value: `${r.engineMs.toFixed(1)} ms, ${r.nsPerRelocation.toFixed(0)} ns/reloc`,
        });
      }
    }
    const ratio = (arch: string) => by(arch, 1_000_000).engineMs / by(arch, 100_000).engineMs;
    const worst = Math.max(ratio('arm'), ratio('riscv'));
    results.scaling1MOver100k = round(worst, 2);
    results.nsPerRelocation100k = round(Math.max(by('arm', 100_000).nsPerRelocation, by('riscv', 100_000).nsPerRelocation), 0);
    rows.push({
      metric: 'time 1M / time 100k (worse of ARM, RISC-V)',
      value: worst.toFixed(2),
      target: '≤ 12 (linear: 10)',
      met: worst <= 12,
    });
    const big = scaling.filter((r: ScalingRow) => r.relocations >= 990_000);
    const mem = Math.max(...big.map((r) => r.wasmMemoryBytes / r.inputBytes));
    results.peakMemoryOverInput1M = round(mem, 2);
    rows.push({
      metric: 'engine peak memory, 1M relocations (× input size)',
      value: big.map((r) => `${r.arch} ${(r.wasmMemoryBytes / r.inputBytes).toFixed(2)}×`).join(', '),
    });
  }

  if (wants('ld')) {
    log('Engine and CLI against GNU ld (real compiled C files)');
    const plan = quick ? { warmup: 1, runs: 3 } : { warmup: 3, runs: 9 };
    if (!haveTool('arm-none-eabi-ld') || !haveTool('arm-none-eabi-objcopy')) {
      log('  arm-none-eabi-ld/objcopy not installed: skipped (npm test installs them when run as root)');
    } else if (objectArg !== undefined) {
      // Any object, measured the same way; its figures are printed, not kept in results.json.
      const v = await measureVersusLd(objectArg, boardArg ?? DEFAULT_BOARD, root, plan, log);
      details.versusLd = [v];
      versusLdRows(v, rows);
      ownObject = true;
    } else {
      if (boardArg !== undefined)
        throw new Error('--board goes with --object (the committed objects are measured on ' + DEFAULT_BOARD + ')');
      const measured: VersusLd[] = [];
      for (const name of BENCH_OBJECTS) {
        const object = join(root, 'bench', 'objects', name);
        if (args.includes('--rebuild-objects') || !existsSync(object)) {
          if (!haveArmGcc()) throw new Error(`${object} is missing and arm-none-eabi-gcc is not installed to build it`);
          log(`  compiling ${name} with arm-none-eabi-gcc (about a minute)`);
          buildObject(name, join(root, 'bench', 'out', 'c'), join(root, 'bench', 'objects'));
        }
        const v = await measureVersusLd(object, DEFAULT_BOARD, root, plan, log);
        measured.push(v);
        const f = versusLdRows(v, rows);
        // The first object's figures keep their names; the symbol-heavy one's carry "Symbols".
        const suffix = name === SYMBOLS_OBJECT ? 'Symbols' : '';
        results[`engineVsLdSpeedup${suffix}`] = round(f.speedup, 2);
        results[`traceOverQuiet${suffix}`] = round(f.traceOverQuiet, 2);
        results[`cliVsLdRatio${suffix}`] = round(f.cliRatio, 2);
        results[`cliTextOutputMs${suffix}`] = round(v.cliText.ms, 1);
        if (suffix === '') results.cliVsLdRatioWithEnvironment = round(f.cliRatioAsIs, 2);
      }
      details.versusLd = measured;
    }
  }

  if (wants('slid')) {
    log('SLID hashing of 10,000 symbol names');
    const s: SlidResult = await measureSlid(quick ? { warmup: 1, runs: 3 } : { warmup: 3, runs: 9 });
    details.slid = s;
    const vsNode = s.wasm.ms / s.node.ms,
      vsWeb = s.webcrypto.ms / s.wasm.ms;
    results.slidVsNodeCryptoRatio = round(vsNode, 2);
    results.slidVsWebCryptoSpeedup = round(vsWeb, 2);
    rows.push({
      metric: 'SHA-256 of 10,000 names: wasm / node:crypto / WebCrypto',
      value: `${s.wasm.ms.toFixed(1)} / ${s.node.ms.toFixed(1)} / ${s.webcrypto.ms.toFixed(1)} ms`,
    });
    rows.push({ metric: 'wasm / node:crypto', value: vsNode.toFixed(2), target: '≤ 2', met: vsNode <= 2 });
    rows.push({ metric: 'WebCrypto / wasm', value: vsWeb.toFixed(2), target: '> 1', met: vsWeb > 1 });
    if (!s.agree) rows.push({ metric: 'the three digests agree', value: 'NO' });
  }

  if (wants('heap')) {
    log('sys_heap model');
    const h: HeapResult = await measureHeap(join(root, 'public', 'samples'), quick ? { warmup: 1, runs: 3 } : { warmup: 2, runs: 7 });
    details.heap = h;
    results.heapOpsPerSecond = Math.round(h.opsPerSecond);
    rows.push({
      metric: `random workload, ${h.ops.toLocaleString('en')} allocations and frees`,
      value: `${h.run.ms.toFixed(1)} ms, ${Math.round(h.opsPerSecond).toLocaleString('en')} ops/s`,
    });
    rows.push({ metric: "  the same with heapRun()'s JSON answer", value: `${h.runWithJson.ms.toFixed(1)} ms` });
    rows.push({
      metric: `minimum-heap solver on the largest sample (${h.minHeapSample})`,
      value: `${h.minHeap.ms.toFixed(1)} ms (${h.minHeapKiB} KiB)`,
    });
  }

  if (wants('emu')) {
    log('Emulated CPU (an extension function looping, through the engine)');
    const e = await measureEmu(root, quick ? { warmup: 1, runs: 3 } : { warmup: 2, runs: 7 }, log);
    details.emu = e;
    results.emuMipsNode = round(e.mips, 1);
    rows.push(...e.rows);
    const b = await measureBrowserEmu(root, quick, log);
    results.emuMips = round(b.mips, 1);
    rows.push(...b.rows);
  }

  if (wants('browser')) {
    log('Browser (Playwright, Chromium, vite preview)');
    const b: BrowserResult = await measureBrowser(root, quick, log);
    details.browser = b;
    for (const [k, v] of Object.entries(b.results)) results[k] = v;
    rows.push(...b.rows);
  }

  printTable(rows, log);
  if (ownObject) {
    mkdirSync(join(root, 'bench', 'out'), { recursive: true });
    writeFileSync(join(root, 'bench', 'out', 'details-object.json'), JSON.stringify(details, null, 2));
    log(`\nbench/results.json left as it is (--object); run details in bench/out/details-object.json.`);
    return;
  }
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.versions.node}`;
  // A partial run (--only, --skip-browser) keeps the earlier figures of the parts it did not
  // measure, and says which parts are from this run.
  const earlier = previousResults();
  for (const [k, v] of Object.entries(results)) if (v === null && typeof earlier[k] === 'number') results[k] = earlier[k];
  const partial = only ?? (args.includes('--skip-browser') ? ['scaling', 'ld', 'slid', 'heap'] : null);
  const out = { ...results, machine, date: new Date().toISOString(), ...(partial ? { measuredThisRun: partial.join(',') } : {}) };
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'out', 'details.json'),
    JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2),
  );
  log(`\nWrote bench/results.json (run details in bench/out/details.json).`);
}

/** The table rows of one GNU ld comparison, and its ratios. */
function versusLdRows(v: VersusLd, rows: Row[]): { speedup: number; traceOverQuiet: number; cliRatio: number; cliRatioAsIs: number } {
  // ld links: the comparison is with the engine's loader alone (load and link, both
  // images, recording nothing). The recorded run, which also writes the trace the
  // playground plays, is reported beside it.
  const speedup = v.ld.ms / v.engineQuiet.ms;
  const traceOverQuiet = v.engine.ms / v.engineQuiet.ms;
  // NODE_EXTRA_CA_CERTS makes Node load a certificate bundle before it runs any script
  // (about 35 ms here); the CLI never opens a connection. The CLI's own figure is timed
  // without it; the figure with the environment as it is is reported beside it.
  const cliOwn = v.cliWithoutExtraCaCerts ?? v.cli;
  const cliRatio = cliOwn.ms / (v.ld.ms + v.objcopy.ms);
  const cliRatioAsIs = v.cli.ms / (v.ld.ms + v.objcopy.ms);
  rows.push({
    metric: `${v.object} on ${v.board}: ${v.relocations.toLocaleString('en')} relocations, ${v.globalSymbols.toLocaleString('en')} global symbols`,
    value: '',
  });
  rows.push({ metric: '  engine load+link', value: `${v.engineQuiet.ms.toFixed(2)} ms` });
  rows.push({ metric: '  the same recording the full trace', value: `${v.engine.ms.toFixed(1)} ms` });
  rows.push({ metric: '  arm-none-eabi-ld, whole process', value: `${v.ld.ms.toFixed(1)} ms` });
  rows.push({ metric: '  arm-none-eabi-objcopy, one per section', value: `${v.objcopy.ms.toFixed(1)} ms` });
  rows.push({ metric: '  llext-sim load --quiet, whole process', value: `${cliOwn.ms.toFixed(1)} ms` });
  if (v.cliWithoutExtraCaCerts) {
    rows.push({ metric: '    the same with NODE_EXTRA_CA_CERTS as set here', value: `${v.cli.ms.toFixed(1)} ms` });
  }
  rows.push({
    metric: '  llext-sim load printing the debug-level log as text',
    value: `${v.cliText.ms.toFixed(1)} ms`,
    target: '≤ 500 ms',
    met: v.cliText.ms <= 500,
  });
  rows.push({ metric: '  ld / engine', value: speedup.toFixed(2), target: '≥ 10', met: speedup >= 10 });
  rows.push({ metric: '  engine recording the trace / engine', value: traceOverQuiet.toFixed(2), target: '≤ 2', met: traceOverQuiet <= 2 });
  rows.push({ metric: '  CLI / (ld + objcopy)', value: cliRatio.toFixed(2), target: '≤ 1', met: cliRatio <= 1 });
  if (v.cliWithoutExtraCaCerts) {
    rows.push({ metric: '    with NODE_EXTRA_CA_CERTS as set here', value: cliRatioAsIs.toFixed(2) });
  }
  rows.push({ metric: '  GNU ld bytes equal the engine psABI image', value: v.bytesAgree ? 'yes' : 'NO' });
  return { speedup, traceOverQuiet, cliRatio, cliRatioAsIs };
}

function haveTool(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, name)));
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});

/** bench/results.json as the last run left it (empty when missing or unreadable). */
function previousResults(): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
