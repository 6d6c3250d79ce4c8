#!/usr/bin/env node
// Writes wasm-core/test/golden/qemu-calls.json again: every Cortex-M and RISC-V sample that
// loads is linked with the harness and run on QEMU (wasm-core/test/oracle-qemu.test.ts with
// UPDATE_GOLDEN=1). Needs binutils and QEMU (npm test's set-up installs them as root).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'wasm-core/test/oracle-qemu.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, UPDATE_GOLDEN: '1' },
});
process.exit(r.status ?? 1);
