// Keeps public/samples/index.json honest: every entry must describe the file
// that is actually committed (class, type, machine), reference existing
// sources, and the SLID variants must carry the SLIDs Zephyr computes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ET_DYN, ET_REL, readElf } from './oracle/elf.js';
import { readCatalogue, SAMPLES_DIR as SAMPLES } from './catalogue.js';
import { getBoard } from '../src/config/boards.js';

const INJECT = fileURLToPath(new URL('../../scripts/inject-slids.mjs', import.meta.url));

const catalogue = readCatalogue();
const elfOf = (path: string) => readElf(readFileSync(join(SAMPLES, path)));

// e_machine values from the ELF ABI supplements
const MACHINE: Record<string, number> = { arm: 40, arm64: 183, riscv: 243, x86: 3, x86_64: 62, xtensa: 94, arc: 195, openrisc: 92 };
const BOARDS: Record<string, string[]> = {
  arm: ['nrf52840dk', 'qemu_cortex_a9'],
  arm64: ['qemu_cortex_a53'],
  riscv: ['qemu_riscv32', 'qemu_riscv64'],
  x86: ['qemu_x86'],
  x86_64: ['qemu_x86_64'],
  xtensa: ['qemu_xtensa'],
  arc: ['qemu_arc_hs'],
  openrisc: ['qemu_or1k'],
};

describe('samples catalogue', () => {
  it('has unique ids and the default hello_world first', () => {
    expect(new Set(catalogue.map((e) => e.id)).size).toBe(catalogue.length);
    expect(catalogue[0].id).toBe('hello_world');
    expect(catalogue[0].files[0].path).toBe('hello_world/hello_world.llext');
  });

  it('lists every committed .llext file', () => {
    const listed = new Set(catalogue.flatMap((e) => e.files.map((f) => f.path)));
    const onDisk = readdirSync(SAMPLES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(SAMPLES, d.name))
          .filter((f) => f.endsWith('.llext'))
          .map((f) => `${d.name}/${f}`),
      );
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.filter((p) => !listed.has(p))).toEqual([]);
  });

  it.each(catalogue)('$id matches its files', (e) => {
    expect(BOARDS[e.arch]).toContain(e.board);
    expect(e.title.length).toBeGreaterThan(0);
    expect(e.description.length).toBeGreaterThan(20);
    for (const src of e.sources) expect(existsSync(join(SAMPLES, src)), src).toBe(true);
    if (e.expect === 'fails') {
      expect(e.expectNote?.length ?? 0).toBeGreaterThan(10);
      expect(e.expectMessage?.length ?? 0).toBeGreaterThan(10);
      expect(Number.isInteger(e.expectErrno) && e.expectErrno! > 0, `expectErrno ${e.expectErrno}`).toBe(true);
    } else {
      expect(e.expectMessage).toBeUndefined();
      expect(e.expectErrno).toBeUndefined();
    }
    // prjConf: plain CONFIG_X=value lines, one per "\n"
    if (e.prjConf !== undefined) for (const line of e.prjConf.split('\n')) expect(line).toMatch(/^CONFIG_[A-Z0-9_]+=\S+$/);
    if (e.loadOrder) expect(e.loadOrder.every((p) => e.files.some((f) => f.path === p))).toBe(true);
    expect(e.objectType === 'SHAREDLIB').toBe(e.elfType === 'ET_DYN');

    for (const file of e.files) {
      const elf = elfOf(file.path);
      expect(elf.is64 ? 64 : 32).toBe(e.elfClass);
      expect(elf.littleEndian).toBe(getBoard(e.board).endian === 'little');
      expect(elf.machine).toBe(MACHINE[e.arch]);
      expect(elf.type).toBe(e.elfType === 'ET_DYN' ? ET_DYN : ET_REL);
      // the export table entry layout the loader relies on: {name, addr} pointers
      const exported = elf.section('.exported_sym');
      expect(exported, `${file.path} has no .exported_sym`).toBeDefined();
      expect(exported!.size % (2 * (e.elfClass / 8))).toBe(0);
    }
  });
});

describe('SLID variants', () => {
  // Worked values from Zephyr's tests/subsys/llext/src/test_llext.c
  const PRINTK_SLID_32 = 0x87b31052n;
  const PRINTK_SLID_64 = 0x87b3105268827052n;
  const pairs = [
    { plain: 'hello_world/hello_world.llext', slid: 'hello_world/hello_world.slid.llext', value: PRINTK_SLID_32, width: 4 },
    { plain: 'hello_world/hello_world.arm64.llext', slid: 'hello_world/hello_world.arm64.slid.llext', value: PRINTK_SLID_64, width: 8 },
    {
      plain: 'hello_world/hello_world.riscv64-medany.llext',
      slid: 'hello_world/hello_world.riscv64-medany.slid.llext',
      value: PRINTK_SLID_64,
      width: 8,
    },
  ];

  it.each(pairs)('$slid differs from its input only in printk.st_value', ({ plain, slid, value, width }) => {
    const before = elfOf(plain);
    const after = elfOf(slid);
    expect(before.symbols.find((s) => s.name === 'printk')!.value).toBe(0n);
    const printk = after.symbols.find((s) => s.name === 'printk')!;
    expect(printk.value).toBe(value);

    // st_value sits at offset 4 (Elf32_Sym) or 8 (Elf64_Sym), little-endian
    const symtab = after.sections.find((s) => s.name === '.symtab')!;
    const at = symtab.offset + printk.index * (width === 8 ? 24 : 16) + width;
    const changed: number[] = [];
    before.bytes.forEach((b, i) => {
      if (b !== after.bytes[i]) changed.push(i);
    });
    expect(changed).toEqual(Array.from({ length: width }, (_, i) => at + i));
    expect(after.bytes[at]).toBe(Number(value & 0xffn)); // low byte first
  });

  it('refuses to inject twice, like llext_inject_slids.py', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slid-'));
    try {
      const run = spawnSync(process.execPath, [INJECT, join(SAMPLES, pairs[0].slid), join(dir, 'again.llext')], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('unexpected non-zero st_value for symbol printk');
      expect(existsSync(join(dir, 'again.llext'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function injectInto(input: Uint8Array) {
    const dir = mkdtempSync(join(tmpdir(), 'slid-'));
    try {
      writeFileSync(join(dir, 'in.llext'), input);
      const run = spawnSync(process.execPath, [INJECT, join(dir, 'in.llext'), join(dir, 'out.llext')], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return { elf: readElf(readFileSync(join(dir, 'out.llext'))), stdout: run.stdout };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('converts every NOTYPE/GLOBAL/UNDEF import and nothing else', () => {
    const before = elfOf('provider_consumer/consumer.llext');
    const { elf, stdout } = injectInto(before.bytes);
    const imports = ['printk', 'shared_counter', 'shared_counter_inc'];
    for (const sym of elf.symbols) {
      const old = before.symbols[sym.index];
      if (imports.includes(sym.name)) expect(sym.value, sym.name).not.toBe(0n);
      else expect(sym.value, sym.name).toBe(old.value);
    }
    expect(elf.symbols.find((s) => s.name === 'printk')!.value).toBe(PRINTK_SLID_32);
    expect(stdout).toContain('printk -> 0x87B31052');
  });

  it('skips a weak undefined symbol', () => {
    // Turn printk into STB_WEAK (st_info 0x20) in a copy of hello_world.
    const plain = elfOf('hello_world/hello_world.llext');
    const printk = plain.symbols.find((s) => s.name === 'printk')!;
    const symtab = plain.sections.find((s) => s.name === '.symtab')!;
    const copy = Uint8Array.from(plain.bytes);
    copy[symtab.offset + printk.index * 16 + 12] = 0x20;
    const { elf, stdout } = injectInto(copy);
    expect(elf.symbols[printk.index].value).toBe(0n);
    expect(stdout).toBe('');
  });
});
