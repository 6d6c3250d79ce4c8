// Runs the engine on test files with an engine input document (see
// wasm-core/assembly/config/FORMAT.md) assembled from a few named settings.
import { readFileSync } from 'node:fs';
import { simulate } from '../src/engine.js';
import type { SimulationDocument } from '../src/document.js';

export interface SimSetup {
  arch?: string;
  bits?: 32 | 64;
  endian?: 'little' | 'big';
  /** `heap NAME ADDR` lines; default llext_heap at 0x20008000. */
  heaps?: Record<string, number>;
  /** Address of input file 0 for the buffer loader; default 0x20020000. */
  elfbuf?: number;
  /** Kconfig values; CONFIG_LLEXT_LOG_LEVEL defaults to 3 (INF). */
  kconfig?: Record<string, string | number>;
  /** Built-in export table (name -> address); default printk at 0x12345. */
  exports?: Record<string, number>;
  /** `option NAME VALUE` lines. */
  options?: Record<string, string>;
  /** Action lines without the `action ` prefix; default `load ext 0`. */
  actions?: string[];
}

const hex = (v: number) => '0x' + v.toString(16);

export function configText(s: SimSetup = {}): string {
  const lines = [
    `arch ${s.arch ?? 'arm'}`,
    `class ${s.bits ?? 32}`,
    `endian ${s.endian ?? 'little'}`,
    'board test',
    ...Object.entries(s.heaps ?? { llext_heap: 0x20008000 }).map(([n, a]) => `heap ${n} ${hex(a)}`),
    `elfbuf 0 ${hex(s.elfbuf ?? 0x20020000)}`,
    ...Object.entries({ CONFIG_LLEXT_LOG_LEVEL: 3, ...s.kconfig }).map(([k, v]) => `kconfig ${k} ${v}`),
    ...Object.entries(s.exports ?? { printk: 0x12345 }).map(([n, a]) => `export ${n} ${hex(a)}`),
    ...Object.entries(s.options ?? {}).map(([k, v]) => `option ${k} ${v}`),
    ...(s.actions ?? ['load ext 0']).map((a) => `action ${a}`),
  ];
  return lines.join('\n') + '\n';
}

export async function run(files: Uint8Array | Uint8Array[], setup: SimSetup = {}): Promise<SimulationDocument> {
  const list = Array.isArray(files) ? files : [files];
  return (await simulate({ files: list, config: configText(setup) })).document;
}

/** A committed test object (wasm-core/test/fixtures/). */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}
