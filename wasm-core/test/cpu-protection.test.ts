// The memory protection model (wasm-core/assembly/cpu/protection.ts): the regions the bus
// checks when an extension's code runs, after a real load on each board, with the Kconfig
// that decides them. Regions are listed lowest priority first; the last one holding an
// address decides.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareSession } from '../src/session.js';
import { freshTestInstance } from './test-engine.js';
import { SAMPLES_DIR } from './catalogue.js';

interface Region {
  name: string;
  lo: string;
  hi: string;
  perm: string;
}
interface Model {
  scheme: string;
  exts: { ext: string; kind: string; lo: string; size: number; part: number }[];
  regions: Region[];
}

const ARM = 'hello_world/hello_world.llext';
const RV32 = 'hello_world/hello_world.riscv32-medlow.llext';

async function model(
  board: string,
  file: string,
  defines: string[],
  user = false,
  inDomain = false,
  edit: (config: string) => string = (c) => c,
): Promise<Model> {
  const name = file.split('/').pop()!;
  const s = await prepareSession({ board, files: [{ name, bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, file))) }], defines });
  expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const wasm = await freshTestInstance();
  wasm.clearInputFiles();
  for (const f of s.files) wasm.addInputFile(f);
  return JSON.parse(wasm.protectionTestRegions(edit(s.config), user, inDomain)) as Model;
}

/** The region that decides an access at `addr` (the last holding it), or undefined. */
function decides(m: Model, addr: string): Region | undefined {
  const a = BigInt(addr);
  return [...m.regions].reverse().find((r) => BigInt(r.lo) <= a && a < BigInt(r.hi));
}

const text = (m: Model): string => m.exts.find((x) => x.kind === 'TEXT')!.lo;
const named = (m: Model, name: string): Region | undefined => m.regions.find((r) => r.name === name);

const CORTEX_M_DEFAULT_MAP: Region[] = [
  { name: 'Code (default map)', lo: '0x00000000', hi: '0x20000000', perm: 'rwx' },
  { name: 'SRAM (default map)', lo: '0x20000000', hi: '0x40000000', perm: 'rwx' },
  { name: 'Peripheral (default map)', lo: '0x40000000', hi: '0x60000000', perm: 'rw-' },
  { name: 'RAM (default map)', lo: '0x60000000', hi: '0xa0000000', perm: 'rwx' },
  { name: 'Device (default map)', lo: '0xa0000000', hi: '0xe0000000', perm: 'rw-' },
  { name: 'System (default map)', lo: '0xe0000000', hi: '0x0000000100000000', perm: 'rw-' },
];

describe('ARM MPU (nrf52840dk, mps2_an385)', () => {
  it('nrf52840dk: PRIVDEFENA background, FLASH_0 read-only executable, SRAM_0 execute-never', async () => {
    const m = await model('nrf52840dk', ARM, []);
    expect(m.scheme).toBe('arm-mpu');
    expect(m.exts).toEqual([
      { ext: 'hello_world', kind: 'TEXT', lo: '0x20002bc4', size: 40, part: 40 },
      { ext: 'hello_world', kind: 'RODATA', lo: '0x0000c05c', size: 56, part: 56 },
    ]);
    expect(m.regions).toEqual([
      ...CORTEX_M_DEFAULT_MAP,
      { name: 'FLASH_0', lo: '0x00000000', hi: '0x00100000', perm: 'r-x' },
      { name: 'SRAM_0', lo: '0x20000000', hi: '0x20040000', perm: 'rw-' },
      { name: 'image objects', lo: '0x0000a000', hi: '0x0000b000', perm: 'rw-' },
      { name: 'stack', lo: '0x2002e000', hi: '0x2002f000', perm: 'rw-' },
    ]);
    // The extension's text, in the LLEXT heap in SRAM, is not executable (issue #72957).
    expect(decides(m, text(m))).toMatchObject({ name: 'SRAM_0', perm: 'rw-' });
    // Its rodata, used in place in the ELF buffer in flash, is readable.
    expect(decides(m, '0x0000c05c')).toMatchObject({ name: 'FLASH_0', perm: 'r-x' });
  });

  it('nrf52840dk with CONFIG_ARM_MPU=n: the memory map alone, SRAM executable', async () => {
    const m = await model('nrf52840dk', ARM, ['CONFIG_ARM_MPU=n']);
    expect(m.scheme).toBe('none');
    expect(m.regions.slice(6)).toEqual([
      { name: 'flash', lo: '0x00000000', hi: '0x00100000', perm: 'r-x' },
      { name: 'sram', lo: '0x20000000', hi: '0x20040000', perm: 'rwx' },
      { name: 'image objects', lo: '0x0000a000', hi: '0x0000b000', perm: 'rw-' },
      { name: 'stack', lo: '0x2002e000', hi: '0x2002f000', perm: 'rw-' },
    ]);
    expect(decides(m, text(m))).toMatchObject({ name: 'sram', perm: 'rwx' });
  });

  it('nrf52840dk with CONFIG_USERSPACE=y: partitions only for a thread of the extension domain', async () => {
    // Supervisor, default domain: the partitions are not programmed.
    const sup = await model('nrf52840dk', ARM, ['CONFIG_USERSPACE=y']);
    expect(sup.exts).toEqual([
      // With CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: 64-byte, 64-aligned blocks.
      { ext: 'hello_world', kind: 'TEXT', lo: '0x20002c00', size: 40, part: 64 },
      { ext: 'hello_world', kind: 'RODATA', lo: '0x20002c80', size: 56, part: 64 },
    ]);
    expect(sup.regions.map((r) => r.name)).not.toContain('hello_world text partition');
    expect(decides(sup, '0x20002c00')).toMatchObject({ name: 'SRAM_0', perm: 'rw-' });

    // Supervisor in the domain (llext_add_domain()): K_MEM_PARTITION_P_RX_U_RX over SRAM_0.
    const dom = await model('nrf52840dk', ARM, ['CONFIG_USERSPACE=y'], false, true);
    expect(dom.regions.slice(8, 10)).toEqual([
      { name: 'hello_world text partition', lo: '0x20002c00', hi: '0x20002c40', perm: 'r-x' },
      { name: 'hello_world rodata partition', lo: '0x20002c80', hi: '0x20002cc0', perm: 'r--' },
    ]);
    expect(decides(dom, '0x20002c00')!.perm).toBe('r-x');

    // User mode in the domain: no background region, SRAM_0 privileged-only.
    const user = await model('nrf52840dk', ARM, ['CONFIG_USERSPACE=y'], true, true);
    expect(user.regions).toEqual([
      { name: 'FLASH_0', lo: '0x00000000', hi: '0x00100000', perm: 'r-x' },
      { name: 'SRAM_0', lo: '0x20000000', hi: '0x20040000', perm: '---' },
      { name: 'hello_world text partition', lo: '0x20002c00', hi: '0x20002c40', perm: 'r-x' },
      { name: 'hello_world rodata partition', lo: '0x20002c80', hi: '0x20002cc0', perm: 'r--' },
      { name: 'image objects', lo: '0x0000a000', hi: '0x0000b000', perm: 'rw-' },
      { name: 'stack', lo: '0x2002e000', hi: '0x2002f000', perm: 'rw-' },
    ]);
    // A peripheral address is unreachable from user mode (no PRIVDEFENA background).
    expect(decides(user, '0x40000000')).toBeUndefined();
  });

  it('mps2_an385: 4 MiB FLASH_0 and SRAM_0; without the MPU SRAM is executable', async () => {
    const m = await model('mps2_an385', ARM, []);
    expect(m.scheme).toBe('arm-mpu');
    expect(named(m, 'FLASH_0')).toEqual({ name: 'FLASH_0', lo: '0x00000000', hi: '0x00400000', perm: 'r-x' });
    expect(named(m, 'SRAM_0')).toEqual({ name: 'SRAM_0', lo: '0x20000000', hi: '0x20400000', perm: 'rw-' });
    expect(decides(m, text(m))!.name).toBe('SRAM_0');
    const off = await model('mps2_an385', ARM, ['CONFIG_ARM_MPU=n']);
    expect(off.scheme).toBe('none');
    expect(text(off)).toBe('0x200050ac');
    expect(decides(off, text(off))).toEqual({ name: 'sram', lo: '0x20000000', hi: '0x20400000', perm: 'rwx' });
  });
});

describe('RISC-V PMP (qemu_riscv32)', () => {
  it('machine mode: the locked ROM region, everything else as the memory is', async () => {
    const m = await model('qemu_riscv32', RV32, []);
    expect(m.scheme).toBe('riscv-pmp');
    expect(m.regions).toEqual([
      { name: 'address space', lo: '0x00000000', hi: '0xffffffffffffffff', perm: 'rwx' },
      { name: 'ram', lo: '0x80000000', hi: '0x88000000', perm: 'rwx' },
      { name: 'ROM region', lo: '0x80000400', hi: '0x80010400', perm: 'r-x' },
      { name: 'image objects', lo: '0x80012000', hi: '0x80014000', perm: 'rw-' },
      { name: 'stack', lo: '0x800fe000', hi: '0x800ff000', perm: 'rw-' },
    ]);
    expect(text(m)).toBe('0x8002c874');
    expect(decides(m, text(m))!.perm).toBe('rwx');
  });

  it('without CONFIG_RISCV_PMP: no ROM region', async () => {
    // CONFIG_RISCV_PMP is a board fact in the playground's Kconfig schema: set it in the
    // engine input directly.
    const m = await model('qemu_riscv32', RV32, [], false, false, (c) =>
      c.replace('kconfig CONFIG_RISCV_PMP y', 'kconfig CONFIG_RISCV_PMP n'),
    );
    expect(m.scheme).toBe('none');
    expect(m.regions.map((r) => `${r.name} ${r.perm}`)).toEqual(['address space rwx', 'ram rwx', 'image objects rw-', 'stack rw-']);
  });

  it('user mode: the ROM region, the stack and the domain partitions only', async () => {
    const out = await model('qemu_riscv32', RV32, ['CONFIG_USERSPACE=y'], true, false);
    expect(decides(out, text(out))).toBeUndefined();
    const dom = await model('qemu_riscv32', RV32, ['CONFIG_USERSPACE=y'], true, true);
    const t = dom.exts.find((x) => x.kind === 'TEXT')!;
    expect(decides(dom, t.lo)).toMatchObject({ name: 'hello_world.ris text partition', lo: t.lo, perm: 'r-x' });
    expect(decides(dom, '0x80000000')).toBeUndefined();
  });
});

describe('MMU (qemu_cortex_a53)', () => {
  it('RAM execute-never; llext_adjust_mmu_permissions() makes the text pages executable', async () => {
    const m = await model('qemu_cortex_a53', 'hello_world/hello_world.arm64.llext', ['CONFIG_LLEXT_HEAP_SIZE=128']);
    expect(m.scheme).toBe('mmu');
    expect(named(m, 'ram')).toEqual({ name: 'ram', lo: '0x40000000', hi: '0x48000000', perm: 'rw-' });
    const t = m.exts.find((x) => x.kind === 'TEXT')!;
    const r = decides(m, t.lo)!;
    expect(r.perm).toBe('r-x');
    expect(BigInt(r.hi) - BigInt(r.lo)).toBe(4096n);
  });
});
