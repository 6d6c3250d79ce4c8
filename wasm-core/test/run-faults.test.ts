// Calls that crash, as the device would: code in memory the MPU leaves execute-never, and a call
// whose target Zephyr wrote differently from the psABI (a truncated R_RISCV_JAL).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { simulate } from '../src/engine.js';
import { prepareSession } from '../src/session.js';
import type { EngineAction } from '../src/config/index.js';
import { computeVerdict } from '../src/verdict/index.js';
import type { SessionRequest } from '../src/session.js';
import type { InputFile } from '../src/engine.js';

async function runWithEvents(board: string, path: URL, opts: { defines?: string[]; exports?: string; calls: EngineAction[] }) {
  const bytes = new Uint8Array(readFileSync(path));
  const req: SessionRequest<InputFile> = {
    board,
    files: [{ name: 'ext.llext', bytes }],
    defines: opts.defines,
    exports: opts.exports === undefined ? undefined : { kind: 'text', text: opts.exports, mode: 'merge' },
    actions: [{ kind: 'load', name: 'ext', file: 0 }, ...opts.calls],
  };
  const s = await prepareSession(req);
  const r = await simulate({ files: s.files, config: s.config });
  return { req, doc: r.document, events: r.events };
}

async function run(board: string, path: URL, opts: { defines?: string[]; exports?: string; calls: EngineAction[] }) {
  return (await runWithEvents(board, path, opts)).doc;
}

const hello = new URL('../../public/samples/hello_world/hello_world.llext', import.meta.url);
const farJal = new URL('./fixtures/run/far_jal.rv32.llext', import.meta.url);
const call = (fn: string): EngineAction => ({ kind: 'call', name: 'ext', fn });

describe('a call into memory the MPU leaves execute-never', () => {
  it("faults on the first fetch on nrf52840dk, as Zephyr's MPU map makes SRAM XN", async () => {
    const doc = await run('nrf52840dk', hello, { calls: [call('test_entry'), call('test_entry')] });
    expect(doc.ok).toBe(true);
    const text = doc.regions.find((r) => r.name === 'TEXT')!;
    // The fault halts the system: the second call never runs.
    expect(doc.calls).toHaveLength(1);
    const c = doc.calls[0]!;
    expect(c.instructions).toBe(0);
    expect(c.fault).toMatchObject({ kind: 'no-execute', pc: text.addr, addr: text.addr });
    expect(c.fault!.text.split('\n').slice(0, 3)).toEqual([
      '<err> os: ***** MPU FAULT *****',
      '<err> os:   Instruction Access Violation',
      '<err> os: r0/a1:  0x00000000  r1/a2:  0x00000000  r2/a3:  0x00000000',
    ]);
    expect(c.fault!.text).toContain(`<err> os: Faulting instruction address (r15/pc): ${text.addr}\n`);
    expect(c.fault!.text).toContain('<err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0\n');
    expect(doc.diagnostics.map((d) => d.code)).toContain('halted');
  });

  it('runs with the MPU off (CONFIG_ARM_MPU=n), as the shell_loader sample builds its image', async () => {
    const doc = await run('nrf52840dk', hello, { defines: ['CONFIG_ARM_MPU=n'], calls: [call('test_entry')] });
    expect(doc.calls[0]).toMatchObject({ fault: null, console: 'hello world\nA number is 42 (at 0xc090)\n' });
  });
});

describe('a call whose target Zephyr wrote differently from the psABI', () => {
  it('jumps where the truncated R_RISCV_JAL points and faults there', async () => {
    const doc = await run('qemu_riscv32', farJal, { exports: 'far_func 0x80200000', calls: [call('test_entry')] });
    expect(doc.ok).toBe(true);
    const jal = doc.relocations.find((r) => r.typeName === 'R_RISCV_JAL')!;
    // GNU ld rejects the 1.8 MiB offset; Zephyr checks it against INT32 and keeps 21 bits.
    expect(jal.quirk).toBe(
      'R_RISCV_JAL is range-checked against INT32_MAX instead of ±1 MiB: offset 0x1d3798 was silently truncated to the 21-bit J-type field.',
    );
    expect(jal.abiRet).not.toBe(0);
    const c = doc.calls[0]!;
    // P = 0x8002c868, offset 0x1d3798 with bit 20 set: the J-type field reads -0x2c868.
    expect(jal.P).toBe('0x8002c868');
    expect(c.fault).toMatchObject({ kind: 'fetch-unmapped', pc: '0x80000000', addr: '0x80000000' });
    expect(c.instructions).toBe(3);
    expect(c.fault!.text.split('\n').slice(0, 4)).toEqual([
      '<err> os: ',
      '<err> os:  mcause: 1, Instruction Access fault',
      '<err> os:   mtval: 80000000',
      '<err> os:      a0: 00000000    t0: 00000000',
    ]);
    expect(c.fault!.text).toContain('<err> os:      ra: 8002c86c\n');
  });

  it('makes the verdict loaded-with-hazards, naming the truncated JAL and the crash it causes', async () => {
    const { req, doc, events } = await runWithEvents('qemu_riscv32', farJal, {
      exports: 'far_func 0x80200000',
      calls: [call('test_entry')],
    });
    const v = await computeVerdict(req, { document: doc, events });
    expect(v.status).toBe('loaded-with-hazards');
    expect(v.causeCode).toBe('zephyr-quirk');
    expect(v.cause).toContain('R_RISCV_JAL is range-checked against INT32_MAX instead of ±1 MiB');
    expect(v.cause).toContain('Running it shows it: The CPU jumped to an address where no memory is mapped: 0x80000000.');
    expect(v.cause).toContain('the call to far_func was written with 0x1d3798, which GNU ld rejects');
    expect(v.cause).toMatch(/Zephyr: ">>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0"\.$/);
  });
});

describe('an Xtensa SYSCALL, which Zephyr reports and steps over without CONFIG_USERSPACE', () => {
  const syscall = new URL('./fixtures/run/syscall.xtensa.llext', import.meta.url);

  it('prints the SYSCALL and the registers, then the function goes on and returns', async () => {
    const doc = await run('qemu_xtensa', syscall, { calls: [call('sys_then'), call('sys_then')] });
    expect(doc.ok).toBe(true);
    const text = BigInt(doc.regions.find((r) => r.name === 'TEXT')!.addr);
    // Not a fault: both calls run, and each returns 7 + 1.
    expect(doc.calls.map((c) => [c.fault, c.ret, c.instructions])).toEqual([
      [null, '0x00000008', 4],
      [null, '0x00000008', 4],
    ]);
    const lines = doc.calls[0]!.console.split('\n');
    // The PC is the SYSCALL's (sys_then + 2); a2 holds 7 there; PS as the call runs (WOE, UM).
    // %p prints 0x and the digits, unpadded, and "(nil)" for 0. A0 is the return address into
    // the application, SP the calling thread's stack top.
    expect(lines[0]).toBe(`<err> os:  ** SYSCALL PS 0x40020 PC 0x${(text + 2n).toString(16)}`);
    expect(lines[1]).toBe('<err> os:  **  A0 0x60010408  SP 0x600ff000  A2 0x7  A3 (nil)');
    expect(lines.slice(5, 8).map((l) => l.replace(/0x[0-9a-f]+|\(nil\)/g, 'X'))).toEqual([
      '<err> os:  ** LBEG X LEND X LCOUNT X',
      '<err> os:  ** SAR X',
      '<err> os:  **  THREADPTR X',
    ]);
    expect(lines).toHaveLength(9);
    expect(lines[8]).toBe('');
  });
});

describe('a call that reaches an image function the playground does not emulate', () => {
  const notEmulated = new URL('./fixtures/run/not_emulated.rv32.llext', import.meta.url);

  it('stops there, and the verdict says it is the playground limit, not a crash', async () => {
    const { req, doc, events } = await runWithEvents('qemu_riscv32', notEmulated, { calls: [call('test_entry')] });
    const c = doc.calls[0]!;
    expect(c.fault?.kind).toBe('not-emulated');
    expect(c.fault?.detail).toBe('not emulated: z_impl_k_sem_take');
    expect(c.instructions).toBe(7);
    const v = await computeVerdict(req, { document: doc, events });
    expect(v.status).toBe('loaded');
    expect(v.causeCode).toBe('call-not-emulated');
    expect(v.cause).toBe(
      "Loaded ext; test_entry() ran until it called a function the playground does not emulate (z_impl_k_sem_take), so what it does after that is not shown. That is the playground's limit, not a fault: on the device the call goes on into the function.",
    );
    expect(v.fixes).toEqual([]);
  });
});
