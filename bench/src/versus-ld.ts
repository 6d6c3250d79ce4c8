// Item 2: the engine against GNU ld on the same object at the same addresses (the oracle
// recipe of wasm-core/test/oracle: one output section per input section at the address the
// engine chose, every import pinned with --defsym), and the CLI as a whole process against
// ld + objcopy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { simulate } from '../../wasm-core/src/engine.js';
import { engineRun, heapKiBFor, prepare, symTabBytes } from './engine.js';
import { median, type Plan, type Timing } from './stats.js';

export interface VersusLd {
  /** The object's file name and the board it was loaded on. */
  object: string;
  board: string;
  relocations: number;
  /** Global function and object symbols (the extension's sym_tab). */
  globalSymbols: number;
  /** Engine in process, recording the full trace the playground plays (simulate()). */
  engine: Timing;
  /** The loader alone, load and link, recording nothing (simulateQuiet()): what ld is compared with. */
  engineQuiet: Timing;
  ld: Timing;
  objcopy: Timing;
  /** `llext-sim load --quiet` through scripts/llext-sim.mjs, as a user runs it. */
  cli: Timing;
  /** The same with NODE_EXTRA_CA_CERTS removed from its environment (null when it is not set):
   * Node loads those certificates at every start, before running any script. */
  cliWithoutExtraCaCerts: Timing | null;
  /** `llext-sim load` at debug log level (a line per symbol lookup and per relocation)
   * printing the log and the summary as text (to /dev/null), in the environment the CLI's
   * own figure is timed in. */
  cliText: Timing;
  /** ld's bytes equal the engine's psABI image for every section. */
  bytesAgree: boolean;
}

/** The board of the comparison unless one is named (`--board`): a Cortex-M3 with the default export table. */
export const DEFAULT_BOARD = 'mps2_an385';
const DISCARD = ['.ARM.exidx*', '.ARM.extab*', '.comment', '.note*', '.ARM.attributes'];

interface SectionInfo {
  name: string;
  type: number;
  size: number;
  align: number;
}

function allocatedSections(elf: Uint8Array): SectionInfo[] {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = v.getUint32(32, true),
    shnum = v.getUint16(48, true),
    shstrndx = v.getUint16(50, true);
  const strOff = v.getUint32(shoff + shstrndx * 40 + 16, true);
  const name = (o: number) => {
    let e = strOff + o;
    while (elf[e] !== 0) e++;
    return new TextDecoder().decode(elf.subarray(strOff + o, e));
  };
  const out: SectionInfo[] = [];
  for (let i = 1; i < shnum; i++) {
    const h = shoff + i * 40;
    if ((v.getUint32(h + 8, true) & 2) === 0) continue;
    out.push({
      name: name(v.getUint32(h, true)),
      type: v.getUint32(h + 4, true),
      size: v.getUint32(h + 20, true),
      align: Math.max(1, v.getUint32(h + 32, true)),
    });
  }
  return out;
}

function timeProcess(plan: Plan, cmd: string, args: string[], check = true, env: NodeJS.ProcessEnv = process.env): Timing {
  const runs: number[] = [];
  for (let i = 0; i < plan.warmup + plan.runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20, env });
    const dt = performance.now() - t0;
    if (check && r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr?.toString().slice(0, 2000)}`);
    if (i >= plan.warmup) runs.push(dt);
  }
  return { ms: median(runs), runs };
}

/** The comparison reads the object's section headers itself and links with arm-none-eabi-ld. */
function checkArmObject(bytes: Uint8Array, path: string): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isElf = bytes.length >= 52 && v.getUint32(0, false) === 0x7f454c46;
  // ELFCLASS32, ELFDATA2LSB, ET_REL, EM_ARM
  if (!isElf || bytes[4] !== 1 || bytes[5] !== 1 || v.getUint16(16, true) !== 1 || v.getUint16(18, true) !== 40) {
    throw new Error(`${path}: the GNU ld comparison takes a little-endian 32-bit ARM relocatable object (arm-none-eabi-gcc -c)`);
  }
}

/** Loads `objectPath` on `board` (an ARM board) with a heap sized to fit, in process and
 * through the CLI, and links it with GNU ld at the engine's addresses. */
export async function measureVersusLd(
  objectPath: string,
  board: string,
  root: string,
  plan: Plan,
  log: (s: string) => void,
): Promise<VersusLd> {
  const bytes = new Uint8Array(readFileSync(objectPath));
  checkArmObject(bytes, objectPath);
  const kib = heapKiBFor(bytes);
  const object = basename(objectPath);
  const p = await prepare({
    board,
    files: [{ name: object.replace(/\.o$/, '') + '.llext', bytes }],
    defines: [`CONFIG_LLEXT_HEAP_SIZE=${kib}`],
  });

  // One full run for the placement, the imports and the bytes to compare with ld's. Only
  // those are kept: the timed runs start without this run's objects (see bench/README.md).
  const { relocations, placed, imports, abiImage } = await (async () => {
    const { document: doc } = await simulate({ files: p.files, config: p.config });
    if (!doc.ok) throw new Error(`${object} does not load on ${board}: ${doc.message}`);
    return {
      relocations: doc.relocations.length,
      placed: new Map(doc.sections.map((s) => [s.name, BigInt(s.addr)])),
      imports: doc.imports,
      abiImage: doc.abiImage,
    };
  })();
  let spare = 0x7f000000n;
  const sections = allocatedSections(bytes).map((s) => {
    let addr = placed.get(s.name);
    if (addr === undefined) {
      const a = BigInt(s.align);
      spare = (spare + a - 1n) & ~(a - 1n);
      addr = spare;
      spare += BigInt(s.size) + 0x100n;
    }
    return { ...s, addr };
  });
  const dir = mkdtempSync(join(tmpdir(), 'llext-bench-'));
  try {
    const script = join(dir, 'llext.ld');
    const linked = join(dir, 'linked.elf');
    writeFileSync(
      script,
      `SECTIONS {\n${sections.map((s) => `  ${s.name} 0x${s.addr.toString(16)} : { KEEP(*(${s.name})) }`).join('\n')}\n` +
        `  /DISCARD/ : { ${DISCARD.map((d) => `*(${d})`).join(' ')} }\n}\n`,
    );
    const defsyms = imports.filter((im) => im.addr !== null).map((im) => `--defsym=${im.name}=${im.addr}`);
    const ldArgs = [
      '-T',
      script,
      '-e',
      '0',
      '--no-relax',
      '--no-warn-rwx-segments',
      '--no-warn-execstack',
      '-static',
      ...defsyms,
      '-o',
      linked,
      objectPath,
    ];
    const progbits = sections.filter((s) => s.type !== 8 && s.size > 0);
    const objcopyOne = (s: SectionInfo) => ['-O', 'binary', '-j', s.name, linked, join(dir, `${s.name.replace(/^\./, '')}.bin`)];

    // Correctness first: ld must produce the engine's psABI bytes, or the comparison means nothing.
    const first = spawnSync('arm-none-eabi-ld', ldArgs, { encoding: 'utf8' });
    if (first.status !== 0) throw new Error(`arm-none-eabi-ld failed: ${first.stderr}`);
    let bytesAgree = true;
    for (const s of progbits) {
      spawnSync('arm-none-eabi-objcopy', objcopyOne(s));
      const ldBytes = readFileSync(join(dir, `${s.name.replace(/^\./, '')}.bin`)).toString('hex');
      if (abiImage[s.name] !== ldBytes) bytesAgree = false;
    }
    log(`  ${relocations} relocations; GNU ld's bytes ${bytesAgree ? 'equal' : 'DIFFER from'} the engine's psABI image`);

    // Each mode's runs follow one another, as repeated loads do (a recorded run before
    // each quiet one would leave the quiet one a heap of freed trace to allocate from).
    // Every run of either mode starts after a full collection of the JavaScript heap. The
    // recorded runs need it (each leaves megabytes of trace that a collection during the
    // next run would otherwise take: 2 ms of a 10.5 ms run of arm-c-symbols.o), and a run
    // that starts after one starts with colder caches (0.15 ms of a 4.3 ms quiet run):
    // collecting before the recorded runs only charged that to recording.
    const gc = (globalThis as { gc?: () => void }).gc;
    const quietRuns: number[] = [],
      runs: number[] = [];
    for (let i = 0; i < plan.warmup + plan.runs; i++) {
      gc?.();
      const quiet = await engineRun(p, 'quiet');
      if (quiet.ret !== 0) throw new Error(`quiet run failed with ${quiet.ret}`);
      if (i >= plan.warmup) quietRuns.push(quiet.ms);
    }
    for (let i = 0; i < plan.warmup + plan.runs; i++) {
      gc?.();
      const traced = await engineRun(p, 'traced');
      if (i >= plan.warmup) runs.push(traced.ms);
    }
    const ld = timeProcess(plan, 'arm-none-eabi-ld', ldArgs);
    const objcopyRuns: number[] = [];
    for (let i = 0; i < plan.warmup + plan.runs; i++) {
      const t0 = performance.now();
      for (const s of progbits) spawnSync('arm-none-eabi-objcopy', objcopyOne(s), { stdio: 'ignore' });
      if (i >= plan.warmup) objcopyRuns.push(performance.now() - t0);
    }
    const cliArgs = [
      join(root, 'scripts', 'llext-sim.mjs'),
      'load',
      objectPath,
      '--board',
      board,
      '-D',
      `CONFIG_LLEXT_HEAP_SIZE=${kib}`,
      '--quiet',
    ];
    const cli = timeProcess(plan, process.execPath, cliArgs);
    const { NODE_EXTRA_CA_CERTS: extraCaCerts, ...envWithoutCerts } = process.env;
    const cliWithoutExtraCaCerts = extraCaCerts === undefined ? null : timeProcess(plan, process.execPath, cliArgs, true, envWithoutCerts);
    const cliText = timeProcess(
      plan,
      process.execPath,
      [...cliArgs.filter((a) => a !== '--quiet'), '-D', 'CONFIG_LLEXT_LOG_LEVEL_DBG=y'],
      true,
      envWithoutCerts,
    );
    return {
      object,
      board,
      relocations,
      globalSymbols: symTabBytes(bytes) / 8,
      bytesAgree,
      ld,
      cli,
      cliWithoutExtraCaCerts,
      cliText,
      engine: { ms: median(runs), runs },
      engineQuiet: { ms: median(quietRuns), runs: quietRuns },
      objcopy: { ms: median(objcopyRuns), runs: objcopyRuns },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
