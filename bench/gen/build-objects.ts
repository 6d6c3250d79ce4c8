// Builds the committed benchmark objects of the GNU ld comparison from generated C, compiled
// with arm-none-eabi-gcc and Zephyr's ARM LLEXT flags (bench/objects/README.md):
//   arm-c-90k.o      about 90,000 relocations against few symbols (c-source.ts)
//   arm-c-symbols.o  about 92,000 relocations and 60,000 global symbols (c-symbols.ts)
// Run it through `npm run bench -- --rebuild-objects`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCSource } from './c-source.js';
import { symbolsCSource } from './c-symbols.js';

/** Functions in the generated file: about 3 relocations each after gcc's literal pools. */
export const C_FUNCTIONS = 26800;

export const C_OBJECT = 'arm-c-90k.o';

/** The compile command, also recorded in bench/objects/README.md. */
export const C_FLAGS = [
  '-O2',
  '-ffreestanding',
  '-fno-common',
  '-nostdlib',
  '-fno-asynchronous-unwind-tables',
  '-fno-unwind-tables',
  '-mcpu=cortex-m3',
  '-mfloat-abi=soft',
  '-mthumb',
  '-mlong-calls',
  '-c',
];

/** Functions of the symbol-heavy file: three global symbols and about 4.6 relocations each. */
export const SYMBOLS_FUNCTIONS = 20000;

export const SYMBOLS_OBJECT = 'arm-c-symbols.o';

/** Its compile command (bench/objects/README.md). */
export const SYMBOLS_FLAGS = ['-mcpu=cortex-m4', '-mthumb', '-mlong-calls', '-O2', '-ffreestanding', '-fno-common', '-nostdlib', '-c'];

/** The objects the GNU ld comparison measures, in order. */
export const BENCH_OBJECTS: readonly string[] = [C_OBJECT, SYMBOLS_OBJECT];

export function haveArmGcc(): boolean {
  return spawnSync('arm-none-eabi-gcc', ['--version'], { stdio: 'ignore' }).status === 0;
}

function compile(scratch: string, objectsDir: string, object: string, source: string, flags: readonly string[]): string {
  mkdirSync(scratch, { recursive: true });
  const src = join(scratch, object.replace(/\.o$/, '.c'));
  writeFileSync(src, source);
  const out = join(objectsDir, object);
  const r = spawnSync('arm-none-eabi-gcc', [...flags, src, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`arm-none-eabi-gcc failed:\n${r.stderr}`);
  return out;
}

/** Generates the C source of `object` (one of BENCH_OBJECTS) into `scratch` and compiles
 * it to `objectsDir`/`object`. */
export function buildObject(object: string, scratch: string, objectsDir: string): string {
  if (object === C_OBJECT) return compile(scratch, objectsDir, object, benchCSource(C_FUNCTIONS), C_FLAGS);
  if (object === SYMBOLS_OBJECT) return compile(scratch, objectsDir, object, symbolsCSource(SYMBOLS_FUNCTIONS), SYMBOLS_FLAGS);
  throw new Error(`no generator for ${object}`);
}
