#!/usr/bin/env node
// Installs what is missing so that `npm start` and `npm test` work on a fresh clone:
// npm packages always; for tests, when running as root, the Debian packages the
// browser and oracle suites need (chromium, cross binutils, QEMU).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'start';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`setup: '${cmd} ${args.join(' ')}' failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

// npm packages: install when node_modules is missing or older than the lock file.
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(stamp) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(stamp).mtimeMs)) {
  run('npm', ['install', '--no-audit', '--no-fund']);
}

if (mode === 'test') {
  // binary -> Debian package that provides it
  const debs = {
    chromium: 'chromium',
    'arm-none-eabi-ld': 'binutils-arm-none-eabi',
    'riscv64-unknown-elf-ld': 'binutils-riscv64-unknown-elf',
    'aarch64-linux-gnu-ld': 'binutils-aarch64-linux-gnu',
    'xtensa-lx106-elf-ld': 'binutils-xtensa-lx106',
    'arc-linux-gnu-ld': 'binutils-arc-linux-gnu',
    'x86_64-linux-gnu-ld': 'binutils-x86-64-linux-gnu',
    // The QEMU oracle for the emulated CPU (wasm-core/test/oracle-qemu.test.ts).
    'qemu-system-arm': 'qemu-system-arm',
    'qemu-system-riscv32': 'qemu-system-misc',
    'qemu-system-xtensa': 'qemu-system-misc',
  };
  const missing = [
    ...new Set(
      Object.entries(debs)
        .filter(([bin]) => !has(bin))
        .map(([, pkg]) => pkg),
    ),
  ];
  if (missing.length > 0) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot && has('apt-get')) {
      console.log(`setup: installing Debian packages: ${missing.join(' ')}`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      run('apt-get', ['update', '-qq'], { env });
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
    } else {
      console.warn(`setup: missing Debian packages (${missing.join(' ')}); run as root or install them to run every suite.`);
    }
  }
}
