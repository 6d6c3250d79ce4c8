// llext-sim as a user runs it: a separate Node process, exit status and output.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { generateThumb } from '../../bench/gen/thumb.js';
import { loadOrderOf, readCatalogue } from './catalogue.js';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'public', 'samples');
const fixtures = join(import.meta.dirname, 'fixtures', 'zephyr_image');

const launcher = join(root, 'scripts', 'llext-sim.mjs');

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function json(...args: string[]): Record<string, unknown> & { ok: boolean; errno: number } {
  const r = cli(...args, '--json');
  return JSON.parse(r.out) as Record<string, unknown> & { ok: boolean; errno: number };
}

const hello = join(samples, 'hello_world', 'hello_world.llext');

describe('llext-sim load', () => {
  it('stops quietly when the reader of its output goes away (| head)', () => {
    const big = join(root, 'bench', 'objects', 'arm-c-90k.o');
    const r = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${launcher}" load "${big}" --board mps2_an385 -D CONFIG_LLEXT_HEAP_SIZE=1812 -D CONFIG_ARM_MPU=n | head -n 2`,
      ],
      { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 },
    );
    // 130,000 lines were to come; head took two and closed the pipe. (Without the MPU the
    // text is executable: no hazard verdict comes before the log.)
    expect(r.stdout.split('\n')).toHaveLength(3);
    expect(r.stdout.split('\n')[0]).toBe('# Zephyr 4.4 (main, 2026), board mps2_an385 (arm)');
    expect(r.stderr).toBe('');
  });

  it('loads hello_world on nrf52840dk, prints the Zephyr log and exits 0', () => {
    // CONFIG_ARM_MPU=n: with the MPU the text lands in execute-never SRAM and the hazard
    // verdict comes first (cli-verdict.test.ts).
    const r = cli('load', hello, '--board', 'nrf52840dk', '-D', 'CONFIG_LLEXT_LOG_LEVEL_DBG=y', '-D', 'CONFIG_ARM_MPU=n');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('# Zephyr 4.4 (main, 2026), board nrf52840dk (arm)');
    expect(lines).toContain('<inf> llext: Loaded extension hello_world');
    // printk is imported through an R_ARM_ABS32 literal: at debug level the core and
    // arch_elf_relocate both resolve it.
    expect(lines.filter((l) => l.startsWith('<dbg> llext: llext_lookup_symbol: found symbol printk at '))).toHaveLength(2);
    expect(r.out).toContain('Result: loaded');
  });

  it('prints the debug-level log of an extension with 100,000 relocations (about 250,000 log lines)', () => {
    // A generated Thumb object (bench/gen/thumb.ts): 64 helpers, then 24-byte functions with four
    // relocations each, 16 more in .data; a quarter are long calls to printk and friends.
    const dir = mkdtempSync(join(tmpdir(), 'llext-cli-big-'));
    const path = join(dir, 'big.llext');
    writeFileSync(path, generateThumb(100_000).bytes);
    const r = cli('load', path, '--board', 'mps2_an385', '-D', 'CONFIG_LLEXT_HEAP_SIZE=700', '-D', 'CONFIG_LLEXT_LOG_LEVEL_DBG=y');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    // (100000 - 16) / 4 = 24996 functions, 99984 + 16 = 100000 relocations.
    expect(lines.filter((l) => l.startsWith('<dbg> llext: llext_link: writing relocation type '))).toHaveLength(100_000);
    expect(lines.filter((l) => l.startsWith('<dbg> llext: llext_lookup_symbol: found symbol '))).toHaveLength(2 * 24996);
    expect(r.out).toContain('Result: loaded');
  });

  it('prints the JSON contract', () => {
    const d = json('load', hello, '--board', 'nrf52840dk') as unknown as {
      ok: boolean;
      errno: number;
      zephyr: string;
      log: string[];
      heaps: { name: string; base: string; size: number; used: number; free: number; largestFree: number }[];
      regions: { name: string; inPlace: boolean; addr: string; heap: string | null }[];
      sections: { name: string; region: string; addr: string }[];
      imports: { name: string; resolvedFrom: string; addr: string }[];
      exports: { name: string; addr: string }[];
      relocations: { typeName: string; symbol: string; before: string; after: string; abiAfter: string; S: string; P: string }[];
      image: Record<string, string>;
    };
    expect(d.ok).toBe(true);
    expect(d.errno).toBe(0);
    expect(d.zephyr).toBe('Zephyr 4.4 (main, 2026)');
    expect(d.heaps).toEqual([expect.objectContaining({ name: 'llext_heap', base: '0x20002a48', size: 8192 })]);
    const text = d.regions.find((r) => r.name === 'TEXT')!;
    expect(text.inPlace).toBe(false);
    expect(text.heap).toBe('llext_heap');
    // Read-only data without relocations stays in the ELF buffer (persistent storage).
    expect(d.regions.find((r) => r.name === 'RODATA')!.inPlace).toBe(true);
    const textSection = d.sections.find((s) => s.name === '.text')!;
    expect(textSection.addr).toBe(text.addr);
    expect(d.imports).toEqual([{ ext: 'hello_world', name: 'printk', slid: null, resolvedFrom: 'zephyr', addr: '0x00001219' }]);
    expect(d.exports.map((e) => e.name)).toEqual(['test_entry']);
    // test_entry is a Thumb function at the start of .text: its exported address has bit 0 set.
    expect(BigInt(d.exports[0]!.addr)).toBe(BigInt(text.addr) + 1n);
    const abs = d.relocations.find((r) => r.symbol === 'printk')!;
    expect(abs.typeName).toBe('R_ARM_ABS32');
    expect(abs.before).toBe('00000000');
    expect(abs.after).toBe('19120000');
    expect(abs.after).toBe(abs.abiAfter);
    expect(d.image['.text']).toMatch(/^[0-9a-f]+$/);
    expect(d.image['.text']!.length).toBe(2 * 40);
  });

  it('exits with the errno and names every missing import', () => {
    const r = cli('load', join(samples, 'missing_import', 'missing_import.llext'), '--board', 'nrf52840dk');
    expect(r.code).toBe(61);
    expect(r.out).toMatch(/<err> llext: Undefined symbol with no entry in symbol table board_secret_init, offset \d+, link section \d+/);
    expect(r.out).toContain('<err> llext: Failed to link, ret -61');
    expect(r.out).toContain('EXPORT_SYMBOL(board_secret_init);\nEXPORT_SYMBOL(undefined_helper);');
  });

  it('links a consumer against a provider loaded before it', () => {
    const d = json(
      'load',
      join(samples, 'provider_consumer', 'provider.llext'),
      join(samples, 'provider_consumer', 'consumer.llext'),
      '--board',
      'nrf52840dk',
    ) as unknown as {
      ok: boolean;
      imports: { ext: string; name: string; resolvedFrom: string }[];
      actions: { ret: number }[];
    };
    expect(d.ok).toBe(true);
    expect(d.actions.map((a) => a.ret)).toEqual([0, 0]);
    expect(d.imports.filter((i) => i.ext === 'consumer' && i.resolvedFrom === 'provider').length).toBeGreaterThan(0);
  });

  it('takes the export table from a zephyr.elf, by name and by SLID', () => {
    const byName = json('load', hello, '--board', 'nrf52840dk', '--exports', join(fixtures, 'zephyr.elf')) as unknown as {
      ok: boolean;
      imports: { addr: string }[];
    };
    expect(byName.ok).toBe(true);
    expect(byName.imports[0]!.addr).toBe('0x00001001'); // printk in the stand-in image (Thumb bit set)
    const slid = json(
      'load',
      join(samples, 'hello_world', 'hello_world.slid.llext'),
      '--board',
      'nrf52840dk',
      '--exports',
      join(fixtures, 'zephyr_slid.elf'),
      '-D',
      'CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y',
    ) as unknown as { ok: boolean; imports: { slid: string; addr: string }[] };
    expect(slid.ok).toBe(true);
    expect(slid.imports[0]).toEqual(expect.objectContaining({ slid: '0x87b31052', addr: '0x00001001' }));
  });

  it('takes a text export table that replaces the default one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llext-sim-'));
    const table = join(dir, 'exports.txt');
    writeFileSync(table, '# name address\nprintk 0x00004001\n');
    const d = json('load', hello, '--board', 'nrf52840dk', '--exports', table) as unknown as { ok: boolean; imports: { addr: string }[] };
    expect(d.ok).toBe(true);
    expect(d.imports[0]!.addr).toBe('0x00004001');
    writeFileSync(table, 'k_sleep 0x00004001\n');
    expect(cli('load', hello, '--board', 'nrf52840dk', '--exports', table).code).toBe(61);
  });

  it('applies -D values over the default configuration', () => {
    // qemu_x86 has an MMU: every region is page-rounded, so a 4 KiB heap cannot hold TEXT and DATA.
    const ext = join(samples, 'data_mix', 'data_mix.i386.llext');
    const r = cli('load', ext, '--board', 'qemu_x86', '-D', 'CONFIG_LLEXT_HEAP_SIZE=4');
    expect(r.code).toBe(12);
    expect(r.out).toMatch(/<err> llext: Failed allocating 4096 bytes 4096-aligned for region \d/);
    expect(r.out).toContain('<err> llext: Failed to copy regions, ret -12');
    // An invalid value is reported and ignored; the load itself then succeeds, but the run exits with EINVAL.
    const rejected = cli('load', hello, '--board', 'nrf52840dk', '-D', 'CONFIG_LLEXT_HEAP_SIZE=0');
    expect(rejected.out).toContain(
      'error: [config:range] -D CONFIG_LLEXT_HEAP_SIZE=0: CONFIG_LLEXT_HEAP_SIZE=0 is outside what the simulator accepts (1 to 65536 KiB); the value is ignored.',
    );
    expect(rejected.code).toBe(22);
  });
});

describe('llext-sim load --quiet', () => {
  it('prints one line naming the extension and the board, and exits 0', () => {
    const r = cli('load', hello, '--board', 'nrf52840dk', '--quiet');
    expect(r).toEqual({ code: 0, out: 'Loaded hello_world on board nrf52840dk (arm)\n', err: '' });
  });

  it('names every extension it loaded, in load order', () => {
    const r = cli(
      'load',
      join(samples, 'provider_consumer', 'provider.llext'),
      join(samples, 'provider_consumer', 'consumer.llext'),
      '--board',
      'nrf52840dk',
      '--quiet',
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe('Loaded provider, consumer on board nrf52840dk (arm)\n');
  });

  it('does not say "Loaded" for a file built for another architecture that Zephyr loads', () => {
    // Zephyr checks no e_machine: the ARM object loads on qemu_xtensa, but cannot run there.
    const quiet = cli('load', hello, '--board', 'qemu_xtensa', '--quiet');
    const full = cli('load', hello, '--board', 'qemu_xtensa');
    expect(quiet.code).toBe(0);
    expect(quiet.out).toBe(full.out);
    expect(quiet.out).not.toContain('Loaded hello_world on board');
    expect(quiet.out.split('\n')[0]).toBe('Verdict: failed [arch-mismatch]');
  });

  it('prints the whole text output of a failure, as without --quiet, and exits with the errno', () => {
    const ext = join(samples, 'missing_import', 'missing_import.llext');
    const quiet = cli('load', ext, '--board', 'nrf52840dk', '--quiet');
    const full = cli('load', ext, '--board', 'nrf52840dk');
    expect(quiet.code).toBe(61);
    expect(quiet.out).toBe(full.out);
    expect(quiet.out).toContain('<err> llext: Failed to link, ret -61');
    expect(quiet.out).toContain('EXPORT_SYMBOL(board_secret_init);\nEXPORT_SYMBOL(undefined_helper);');
  });

  for (const entry of readCatalogue().filter((e) => e.expect === 'fails')) {
    it(`fails on ${entry.id} with Zephyr's message and errno ${entry.expectErrno}`, () => {
      const defines = (entry.prjConf ?? '')
        .split('\n')
        .filter((l) => l.startsWith('CONFIG_'))
        .flatMap((l) => ['-D', l]);
      const r = cli('load', ...loadOrderOf(entry).map((p) => join(samples, p)), '--board', entry.board, ...defines, '--quiet');
      expect(r.code).toBe(entry.expectErrno);
      // An error of the loader (llext) or of the architecture's code (elf).
      const lines = r.out.split('\n');
      expect(lines.filter((l) => l === `<err> llext: ${entry.expectMessage}` || l === `<err> elf: ${entry.expectMessage}`)).toHaveLength(1);
      expect(r.out.endsWith(`Result: failed with -${entry.expectErrno} (${entry.expectMessage})\n`)).toBe(true);
    });
  }

  it('reports configuration errors as without --quiet: the error, then the load, exit status EINVAL', () => {
    const r = cli('load', hello, '--board', 'nrf52840dk', '-D', 'CONFIG_LLEXT_HEAP_SIZE=0', '--quiet');
    expect(r.code).toBe(22);
    expect(r.out).toBe(
      'error: [config:range] -D CONFIG_LLEXT_HEAP_SIZE=0: CONFIG_LLEXT_HEAP_SIZE=0 is outside what the simulator accepts ' +
        '(1 to 65536 KiB); the value is ignored.\nLoaded hello_world on board nrf52840dk (arm)\n',
    );
  });

  it('reads an extension from a pipe', () => {
    // A shell pipe: the stdin of a Node child process is a socket, which /dev/stdin cannot open.
    const r = spawnSync(
      '/bin/sh',
      ['-c', 'cat "$1" | "$2" "$3" load /dev/stdin --name piped --board nrf52840dk --quiet', 'sh', hello, process.execPath, launcher],
      { encoding: 'utf8', cwd: root },
    );
    expect(r.stdout).toBe('Loaded piped on board nrf52840dk (arm)\n');
    expect(r.status).toBe(0);
  });

  it('refuses --json with --quiet, and --quiet for min-heap', () => {
    const both = cli('load', hello, '--board', 'nrf52840dk', '--quiet', '--json');
    expect(both.code).toBe(2);
    expect(both.err).toContain('llext-sim: --quiet and --json cannot be combined');
    const minHeap = cli('min-heap', hello, '--board', 'nrf52840dk', '--quiet');
    expect(minHeap.code).toBe(2);
    expect(minHeap.err).toContain("llext-sim: unknown option --quiet for 'min-heap'");
  });
});

describe('llext-sim --abi-strict', () => {
  it('writes the psABI value where Zephyr differs', () => {
    // Xtensa SLOT0_OP against an undefined global: Zephyr targets NULL + st_value + A.
    const ext = join(samples, 'data_mix', 'data_mix.lx106.llext');
    type Doc = {
      ok: boolean;
      relocations: { quirk: string | null; after: string; abiAfter: string }[];
      image: Record<string, string>;
      abiImage: Record<string, string>;
      diagnostics: { code: string; text: string }[];
    };
    const zephyr = json('load', ext, '--board', 'qemu_xtensa') as unknown as Doc;
    const strict = json('load', ext, '--board', 'qemu_xtensa', '--abi-strict') as unknown as Doc;
    const quirky = zephyr.relocations.filter((r) => r.quirk !== null && r.after !== r.abiAfter);
    expect(quirky.length).toBeGreaterThan(0);
    expect(zephyr.image['.text']).not.toBe(zephyr.abiImage['.text']);
    for (const r of strict.relocations) expect(r.after).toBe(r.abiAfter);
    expect(
      strict.diagnostics
        .filter((d) => d.code === 'zephyr-quirk')
        .every((d) => d.text.endsWith('(ABI-strict: the psABI value was written)')),
    ).toBe(true);
  });
});

describe('llext-sim min-heap', () => {
  it('finds the smallest heap, which loads while one KiB less does not', () => {
    const ext = join(samples, 'data_mix', 'data_mix.i386.llext');
    const r = cli('min-heap', ext, '--board', 'qemu_x86');
    expect(r.code).toBe(0);
    const m = /^CONFIG_LLEXT_HEAP_SIZE=(\d+)$/.exec(r.out.trim());
    expect(m).not.toBeNull();
    const kib = Number(m![1]);
    expect(kib).toBeGreaterThan(8);
    expect(cli('load', ext, '--board', 'qemu_x86', '-D', `CONFIG_LLEXT_HEAP_SIZE=${kib}`).code).toBe(0);
    expect(cli('load', ext, '--board', 'qemu_x86', '-D', `CONFIG_LLEXT_HEAP_SIZE=${kib - 1}`).code).toBe(12);
  });
});

describe('llext-sim heap', () => {
  it('reproduces the hand-computed heap example A (heap.test.ts)', () => {
    const d = JSON.parse(cli('heap', '--size', '16384', '--json', 'a100', 'a1000@64', 'f0').out) as {
      ops: { op: string; offset?: number }[];
      free: unknown[];
    };
    expect(d.ops.slice(0, 2)).toEqual([
      { op: 'a100', offset: 68 },
      { op: 'a1000@64', offset: 192 },
    ]);
    expect(d.free).toEqual([
      { chunk: 8, units: 15, bucket: 3 },
      { chunk: 149, units: 1898, bucket: 10 },
    ]);
  });
});

describe('llext-sim usage errors', () => {
  it('says what is missing and exits 2', () => {
    const r = cli('load', hello);
    expect(r.code).toBe(2);
    expect(r.err).toContain("llext-sim: 'load' needs --board ID");
    const b = cli('load', hello, '--board', 'no_such_board');
    expect(b.code).toBe(1);
    expect(b.err).toContain('no_such_board');
    expect(b.err).toContain('nrf52840dk');
    const f = cli('load', '/nonexistent.llext', '--board', 'nrf52840dk');
    expect(f.code).toBe(2);
    expect(f.err).toContain("cannot read extension '/nonexistent.llext': no such file");
    const dir = cli('load', samples, '--board', 'nrf52840dk', '--quiet');
    expect(dir.code).toBe(2);
    expect(dir.err).toContain(`cannot read extension '${samples}' (EISDIR)`);
  });
});
