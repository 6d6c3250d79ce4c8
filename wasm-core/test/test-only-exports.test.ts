// The entry points only tests call live in the test build (assembly/index.test-build.ts,
// wasm-core/build/engine-test.wasm); the engine.wasm that the site and the CLI ship must
// not export them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const TEST_ONLY = [
  'riscvPcrelPair',
  'testEnvClear',
  'testEnvAddSection',
  'testRelocateWithEnv',
  'testArchFlags',
  'testArchList',
  'cpuTestRun',
  'cpuTestArgs',
  'testCbprintf',
  'testHostReset',
  'testHostCall',
  'testHostPoke',
  'testHostPeek',
  'testFatalText',
  'protectionTestRegions',
];

async function exportNames(file: string): Promise<string[]> {
  const bytes = await readFile(new URL(`../build/${file}`, import.meta.url));
  return WebAssembly.Module.exports(await WebAssembly.compile(bytes as BufferSource)).map((e) => e.name);
}

describe('test-only exports', () => {
  it('engine.wasm exports none of them', async () => {
    const names = await exportNames('engine.wasm');
    expect(names).toContain('simulate');
    expect(TEST_ONLY.filter((n) => names.includes(n))).toEqual([]);
  });

  it('engine-test.wasm exports all of them and everything engine.wasm exports', async () => {
    const prod = await exportNames('engine.wasm');
    const test = await exportNames('engine-test.wasm');
    expect(TEST_ONLY.filter((n) => !test.includes(n))).toEqual([]);
    expect(prod.filter((n) => !test.includes(n))).toEqual([]);
  });
});
