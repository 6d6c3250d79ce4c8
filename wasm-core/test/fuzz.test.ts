// A fixed-seed slice of the fuzzer (`npm run fuzz -- --cases N` runs more): every committed
// fixture, mutated (bit flips, truncation, header and section fields at extremes, sh_link /
// sh_info cycles and dangling indexes, symbol and relocation fields out of range, huge
// alignments, overlapping and duplicated sections), under every heap mode, storage type
// and loader. A failing case is written to .test-output/fuzz/ for a regression fixture.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODES, loadFixtures, prepared } from './fuzz/corpus.js';
import { applyMutations, mutations, type Mutation } from './fuzz/mutations.js';
import { runCase } from './fuzz/check.js';

const CASES = Number(process.env.FUZZ_CASES ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260601);
const out = join(import.meta.dirname, '..', '..', '.test-output', 'fuzz');

describe('fuzzing the loader', () => {
  const fixtures = loadFixtures();

  it('has fixtures of every architecture', () => {
    expect(new Set(fixtures.map((f) => f.board))).toEqual(
      new Set([
        'nrf52840dk',
        'qemu_cortex_a53',
        'qemu_riscv32',
        'qemu_riscv64',
        'qemu_x86',
        'qemu_x86_64',
        'qemu_xtensa',
        'qemu_arc_hs',
        'qemu_or1k',
      ]),
    );
  });

  it(
    `survives ${CASES} mutated inputs (seed ${SEED})`,
    async () => {
      let slowest = 0,
        rejected = 0,
        loaded = 0;
      const property = fc.asyncProperty(fc.nat(), fc.nat(), mutations, async (fi: number, mi: number, muts: Mutation[]) => {
        const fixture = fixtures[fi % fixtures.length]!;
        const mode = MODES[mi % MODES.length]!;
        const { config } = await prepared(fixture, mode);
        const bytes = applyMutations(fixture.bytes, muts);
        const r = await runCase(bytes, config);
        slowest = Math.max(slowest, r.ms);
        if (r.ok) loaded++;
        else rejected++;
        if (r.failure !== null) {
          mkdirSync(out, { recursive: true });
          const name = `${fixture.path.split('/').pop()!.replace(/\W+/g, '_')}-${Date.now()}`;
          writeFileSync(join(out, `${name}.llext`), bytes);
          writeFileSync(
            join(out, `${name}.json`),
            JSON.stringify(
              { fixture: fixture.path, mode: mode.name, mutations: muts, failure: r.failure, config },
              (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v),
              2,
            ),
          );
        }
        if (r.failure !== null) throw new Error(`${fixture.path} (${mode.name}): ${r.failure}`);
      });
      await fc.assert(property, { seed: SEED, numRuns: CASES });
      // Both outcomes must be common, or the mutations are too mild or too destructive.
      expect(loaded).toBeGreaterThan(CASES / 50);
      expect(rejected).toBeGreaterThan(CASES / 50);
      expect(slowest).toBeLessThan(1000);
    },
    30 * 60_000,
  );
});
