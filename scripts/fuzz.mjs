#!/usr/bin/env node
// npm run fuzz [-- --cases N] [--seed S]: the fuzzer of wasm-core/test/fuzz.test.ts with more
// cases than npm test's fixed slice (20,000), and a fresh seed unless one is given.
// A failing case is written to .test-output/fuzz/ (the bytes and how they were made).
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (flag, dflt) => {
  const i = args.indexOf(flag);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`fuzz: ${flag} needs a non-negative integer`);
    process.exit(2);
  }
  return v;
};
const cases = value('--cases', 100_000);
const seed = value('--seed', Date.now() % 2 ** 31);
console.log(`fuzz: ${cases} cases, seed ${seed} (replay with: npm run fuzz -- --cases ${cases} --seed ${seed})`);

const build = spawnSync(process.execPath, ['scripts/build-wasm.mjs'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'wasm-core/test/fuzz.test.ts'], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, FUZZ_CASES: String(cases), FUZZ_SEED: String(seed) },
});
process.exit(r.status ?? 1);
