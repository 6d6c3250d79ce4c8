#!/usr/bin/env node
// Runs every suite (type-check, lint, unit + oracle under vitest, end-to-end under Playwright) and
// ends with one plain summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.test-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const problems = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function step(label, cmd, args) {
  if (run(label, cmd, args) !== 0) {
    failed += 1;
    problems.push(label);
    return false;
  }
  return true;
}

const node = process.execPath;
const built =
  step('build the wasm engine', node, ['scripts/build-wasm.mjs']) &&
  step('type-check (TypeScript strict)', node, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']) &&
  // bench/ has its own project: it is compiled for Node (NodeNext) and run from bench/out.
  step('type-check the benchmarks', node, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'bench/tsconfig.json']) &&
  step('bundle the CLI (llext-sim)', node, ['scripts/build-cli.mjs']);

if (built) {
  // After the build: the type-aware rules on web/ read the engine's generated bindings.
  // A lint failure counts as one failed suite and the tests still run.
  step('lint (ESLint)', node, ['node_modules/eslint/bin/eslint.js', '.']);

  const vitestJson = join(out, 'vitest.json');
  const code = run('unit and oracle tests (vitest)', node, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ]);
  if (existsSync(vitestJson)) {
    const j = JSON.parse(readFileSync(vitestJson, 'utf8'));
    passed += j.numPassedTests ?? 0;
    failed += (j.numFailedTests ?? 0) + (j.numTotalTestSuites > 0 && j.success === false && (j.numFailedTests ?? 0) === 0 ? 1 : 0);
  } else if (code !== 0) {
    failed += 1;
    problems.push('vitest produced no report');
  }

  if (step('build the site', node, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])) {
    const e2eJson = join(out, 'e2e.json');
    const pcode = run(
      'end-to-end tests (Playwright, Chromium)',
      node,
      ['node_modules/@playwright/test/cli.js', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'],
      { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson },
    );
    if (existsSync(e2eJson)) {
      const j = JSON.parse(readFileSync(e2eJson, 'utf8'));
      passed += (j.stats?.expected ?? 0) + (j.stats?.flaky ?? 0);
      failed += j.stats?.unexpected ?? 0;
      if ((j.errors ?? []).length > 0 && (j.stats?.unexpected ?? 0) === 0) {
        failed += 1;
        problems.push('Playwright reported errors');
      }
    } else if (pcode !== 0) {
      failed += 1;
      problems.push('Playwright produced no report');
    }
  }
}

if (problems.length > 0) console.log(`\nProblems: ${problems.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
