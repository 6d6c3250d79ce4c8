// llext-sim's verdict: first in the text output and in --quiet's failure output, a key of
// the --json document, and min-heap naming the next blocker when the heap is not the only one.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'public', 'samples');
const launcher = join(root, 'scripts', 'llext-sim.mjs');

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const consumer = join(samples, 'provider_consumer', 'consumer.llext');
const provider = join(samples, 'provider_consumer', 'provider.llext');
const x86Small = join(samples, 'data_mix', 'data_mix.x86_64-small.llext');

describe('llext-sim verdict', () => {
  it('prints the verdict first, with the verified fix and its outcome', () => {
    for (const extra of [[], ['--quiet']]) {
      const r = cli('load', consumer, provider, '--board', 'nrf52840dk', ...extra);
      expect(r.code).toBe(61);
      expect(r.out.split('\n').slice(0, 5)).toEqual([
        'Verdict: failed [load-order]',
        expect.stringMatching(
          /^ {2}Load order: consumer needs shared_counter and shared_counter_inc from provider, which is loaded after it\..* Zephyr: "Undefined symbol with no entry in symbol table shared_counter_inc, offset \d+, link section \d+" \(-ENODATA\)\.$/,
        ),
        '  Fixes (each one on its own):',
        '    1. Load provider.llext before consumer.llext',
        '       verified: In that order it loads',
      ]);
    }
  });

  it('names the MPU region that makes the text non-executable, and the verified Kconfig', () => {
    const r = cli('load', join(samples, 'hello_world', 'hello_world.llext'), '--board', 'nrf52840dk');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 5)).toEqual([
      'Verdict: loaded-with-hazards [text-not-executable]',
      "  Loaded, but its code cannot run where it landed. The text of hello_world (0x20002bc4-0x20002bec) lies in SRAM_0 (0x20000000-0x20040000), where Zephyr's MPU map makes SRAM execute-never (CONFIG_ARM_MPU=y: arch/arm/core/mpu/arm_mpu_regions.c programs SRAM_0 with REGION_RAM_ATTR, XN set): calling any of its functions faults before the first instruction.",
      '  Fixes (each one on its own):',
      "    1. Build the image without the MPU, as Zephyr's LLEXT shell_loader sample does: CONFIG_ARM_MPU=n",
      '       verified: With CONFIG_ARM_MPU=n it loads, and its text is executable',
    ]);
  });

  it('adds the verdict to the --json document', () => {
    const d = JSON.parse(cli('load', join(samples, 'hello_world', 'hello_world.llext'), '--board', 'qemu_xtensa', '--json').out) as {
      ok: boolean;
      verdict: { status: string; causeCode: string; fixes: { kind: string; apply: { board?: string }; verified: boolean }[] };
    };
    expect(d.ok).toBe(true);
    expect(d.verdict).toMatchObject({ status: 'failed', causeCode: 'arch-mismatch' });
    expect(d.verdict.fixes[0]).toMatchObject({ kind: 'switch-board', apply: { board: 'nrf52840dk' }, verified: true });
  });

  it('keeps 64-bit addresses apart from the size column', () => {
    const r = cli('load', x86Small, '--board', 'qemu_x86_64', '-D', 'CONFIG_LLEXT_HEAP_SIZE=64');
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').filter((l) => /^ {2}data_mix\.x86_64 +[A-Z]+ +0x[0-9a-f]{16} +\d+ +\d+ +/.test(l));
    expect(rows.length).toBeGreaterThan(2);
  });

  it('min-heap: gives the heap that gets past -ENOMEM and names the next blocker', () => {
    const empty = join(root, 'wasm-core', 'test', 'fixtures', 'empty-exports.txt');
    const r = cli('min-heap', x86Small, '--board', 'qemu_x86_64', '--exports', empty);
    expect(r.code).toBe(61);
    expect(r.out).toMatch(/^CONFIG_LLEXT_HEAP_SIZE=\d+\n$/);
    expect(r.err).toMatch(
      /^llext-sim min-heap: with \d+ KiB the heap is enough, but the load still fails: next it stops on the missing printk/,
    );
  });
});
