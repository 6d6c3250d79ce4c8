// Every input the fuzzer found crashing or hanging the engine, kept as a fixture
// (wasm-core/test/fixtures/fuzz/) with the outcome the fixed engine gives.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODES, boardFor, prepared } from './fuzz/corpus.js';
import { runCase } from './fuzz/check.js';

interface RegressionCase {
  file: string;
  mode: string;
  /** The board, when the mode does not set one (default: the file's own architecture). */
  board?: string;
  found: string;
  expect: { ok: boolean; errno: number; message: string };
}

const dir = join(import.meta.dirname, 'fixtures', 'fuzz');
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as RegressionCase[];

describe('fuzz regressions', () => {
  for (const c of cases) {
    it(`${c.file} (${c.mode})`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, c.file)));
      const mode = MODES.find((m) => m.name === c.mode);
      expect(mode, `mode ${c.mode}`).toBeDefined();
      const { config } = await prepared(
        { path: `wasm-core/test/fixtures/fuzz/${c.file}`, bytes, board: c.board ?? boardFor(bytes) },
        mode!,
      );
      const r = await runCase(bytes, config);
      expect(r.failure).toBeNull();
      expect({ ok: r.ok, errno: r.errno, message: r.message }).toEqual(c.expect);
    });
  }
});
