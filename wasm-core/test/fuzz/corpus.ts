// What the fuzzer mutates and how it runs the engine: every committed ELF fixture, each
// under every engine configuration that changes the loader's path (heap modes, storage
// types, loaders, log level, byte order), prepared once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { prepareSession, type SessionRequest } from '../../src/session.js';
import type { EngineAction } from '../../src/config/index.js';

const root = join(import.meta.dirname, '..', '..', '..');

export interface Fixture {
  /** Path relative to the repository root. */
  path: string;
  bytes: Uint8Array;
  /** The board of the file's architecture and class (its "native" board). */
  board: string;
}

export interface Mode {
  name: string;
  /** Uses this board instead of the fixture's own (Harvard heaps, big-endian target). */
  board?: string;
  defines?: string[];
  options?: SessionRequest['options'];
  actions?: EngineAction[];
}

export const MODES: Mode[] = [
  { name: 'static heap, buffer loader' },
  { name: 'writable storage', options: { storage: 'writable' } },
  { name: 'temporary storage', options: { storage: 'temporary' } },
  { name: 'filesystem loader', options: { loader: 'fs' } },
  {
    name: 'dynamic heap',
    defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=y'],
    actions: [
      { kind: 'heap_init', bytes: 65536 },
      { kind: 'load', name: 'ext', file: 0 },
    ],
  },
  { name: 'debug log, psABI values', defines: ['CONFIG_LLEXT_LOG_LEVEL_DBG=y'], options: { abiStrict: true } },
  {
    name: 'whole lifecycle',
    // Mutated code may loop: a small instruction budget keeps a case within the time limit.
    options: { cpuBudget: 100_000 },
    actions: [
      { kind: 'load', name: 'ext', file: 0 },
      { kind: 'bringup', name: 'ext' },
      { kind: 'call', name: 'ext', fn: 'test_entry' },
      { kind: 'teardown', name: 'ext' },
      { kind: 'unload', name: 'ext' },
      { kind: 'load', name: 'ext', file: 0 },
    ],
  },
  { name: 'Harvard heaps', board: 'esp32s3_devkitc' },
  {
    name: 'Harvard dynamic heaps',
    board: 'esp32s3_devkitc',
    defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=y'],
    actions: [
      { kind: 'heap_init_harvard', instrBytes: 32768, dataBytes: 32768 },
      { kind: 'load', name: 'ext', file: 0 },
    ],
  },
  { name: 'big-endian target', board: 'qemu_or1k' },
];

/** The board for an ELF file's machine and class (the file's own claim, however mutated later). */
export function boardFor(bytes: Uint8Array): string {
  const be = bytes[5] === 2;
  const machine = be ? (bytes[18]! << 8) | bytes[19]! : bytes[18]! | (bytes[19]! << 8);
  const is64 = bytes[4] === 2;
  switch (machine) {
    case 40:
      return 'nrf52840dk';
    case 183:
      return 'qemu_cortex_a53';
    case 243:
      return is64 ? 'qemu_riscv64' : 'qemu_riscv32';
    case 3:
      return 'qemu_x86';
    case 62:
      return 'qemu_x86_64';
    case 94:
      return 'qemu_xtensa';
    case 195:
    case 93:
      return 'qemu_arc_hs';
    case 92:
      return 'qemu_or1k';
    default:
      return 'nrf52840dk';
  }
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, keep));
    else if (keep(e.name) && statSync(p).size > 0) out.push(p);
  }
  return out;
}

/** Every committed fixture: the samples' extensions, the test fixtures and the fuzz regressions. */
export function loadFixtures(): Fixture[] {
  const files = [
    ...walk(join(root, 'public', 'samples'), (n) => n.endsWith('.llext')),
    ...walk(join(root, 'wasm-core', 'test', 'fixtures'), (n) => /\.(o|elf|llext)$/.test(n)),
  ];
  return files.map((p) => {
    const bytes = new Uint8Array(readFileSync(p));
    return { path: relative(root, p), bytes, board: boardFor(bytes) };
  });
}

export interface Prepared {
  config: string;
  fixture: Fixture;
  mode: Mode;
}

const cache = new Map<string, Promise<Prepared>>();

/** The engine input for a fixture under a mode (the file's size only appears in a comment,
 * so mutants of the fixture reuse it). */
export function prepared(fixture: Fixture, mode: Mode): Promise<Prepared> {
  const key = `${fixture.path}|${mode.name}`;
  let p = cache.get(key);
  if (!p) {
    p = prepareSession({
      board: mode.board ?? fixture.board,
      files: [{ name: 'ext.llext', bytes: fixture.bytes }],
      names: ['ext'],
      defines: mode.defines,
      options: mode.options,
      actions: mode.actions,
    }).then((s) => ({ config: s.config, fixture, mode }));
    cache.set(key, p);
  }
  return p;
}
