#!/usr/bin/env node
// Writes the OpenRISC gallery sample (public/samples/hello_or1k/hello_or1k.llext, or the
// path given) from wasm-core/test/elf/hello-or1k.ts: no Debian toolchain targets OpenRISC.
// The module is TypeScript, so it is bundled first (rolldown, as for the CLI).
//
//   node scripts/build-openrisc-sample.mjs [OUT]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = join(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'public', 'samples', 'hello_or1k', 'hello_or1k.llext'));
const scratch = mkdtempSync(join(tmpdir(), 'or1k-sample-'));
try {
  const bundle = join(scratch, 'hello-or1k.mjs');
  await build({
    input: join(root, 'wasm-core', 'test', 'elf', 'hello-or1k.ts'),
    platform: 'node',
    logLevel: 'warn',
    output: { file: bundle, format: 'esm', codeSplitting: false },
  });
  const { helloOr1k } = await import(pathToFileURL(bundle).href);
  writeFileSync(out, helloOr1k());
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
