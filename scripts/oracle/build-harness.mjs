#!/usr/bin/env node
// Builds the QEMU oracle's runtime (harness/runtime.c) into scripts/oracle/prebuilt/, one
// object per target. The objects are committed: running the oracle then needs only binutils
// and QEMU. Rebuild after changing runtime.c (needs arm-none-eabi-gcc, riscv64-unknown-elf-gcc,
// xtensa-lx106-elf-gcc and aarch64-linux-gnu-gcc): node scripts/oracle/build-harness.mjs
// [TARGET_ID...] (all targets when none is named).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const { targets } = JSON.parse(readFileSync(join(here, 'harness-targets.json'), 'utf8'));
const out = join(here, 'prebuilt');
mkdirSync(out, { recursive: true });
let failed = false;
const only = process.argv.slice(2);
for (const t of targets.filter((x) => only.length === 0 || only.includes(x.id))) {
  const dest = join(out, t.object);
  const r = spawnSync(t.gcc, [...t.cflags, '-c', join(here, 'harness', 'runtime.c'), '-o', dest], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build-harness: ${t.gcc} failed for ${t.id}${r.error ? `: ${r.error.message}` : ''}`);
    failed = true;
  } else {
    console.log(`build-harness: ${dest}`);
  }
}
process.exit(failed ? 1 : 0);
