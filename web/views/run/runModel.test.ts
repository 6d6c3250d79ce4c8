import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '@core/trace.js';
import { readFileSync } from 'node:fs';
import MCapstone from '@alexaltea/capstone-js';
import { prepareSession } from '@core/session.js';
import { simulate } from '@core/engine.js';
import { explainCall } from '@core/run/explain.js';
import { disassembleInsns } from '../relocations/disasm.js';
import { codeAround, insnWindow, nextStop } from './runModel.js';

const image = (addr: bigint, n: number): TraceEvent => ({
  kind: 'image',
  ext: 'hello',
  section: 1,
  name: '.text',
  addr,
  bytes: Uint8Array.from({ length: n }, (_, i) => i),
  abiBytes: new Uint8Array(n),
});

describe('the Run view model', () => {
  it('takes the code from the section start up to 32 bytes past pc', () => {
    const c = codeAround([image(0x8002c874n, 52)], 0x8002c87en)!;
    expect(c.addr).toBe(0x8002c874n);
    expect([...c.bytes]).toEqual(Array.from({ length: 42 }, (_, i) => i));
    expect(codeAround([image(0x8002c874n, 52)], 0x1000n)).toBeNull();
    const far = codeAround([image(0x1000n, 8192)], 0x2000n)!;
    expect(far.addr).toBe(0x2000n);
    expect(far.bytes.length).toBe(32);
    expect(far.bytes[0]).toBe(0x1000 & 0xff);
  });

  it('shows three instructions either side of pc, marking pc', () => {
    const insns = [0, 4, 6, 10, 12, 16, 20, 22, 26].map((o) => ({ address: 0x100n + BigInt(o), size: 2, text: `i${o}` }));
    expect(insnWindow(insns, 0x10cn)).toEqual({ insns: insns.slice(1, 8), current: 3 });
    expect(insnWindow(insns, 0x100n).current).toBe(0);
    expect(insnWindow(insns, 0x101n).current).toBe(0);
    expect(insnWindow(insns, 0x102n).current).toBe(-1);
  });

  it('steps one instruction further each time', () => {
    expect(nextStop(null, 1_000_000)).toBe(1);
    expect(nextStop(1, 1_000_000)).toBe(2);
    expect(nextStop(1_000_000, 1_000_000)).toBe(1_000_000);
    expect(nextStop(7, 5)).toBe(5);
  });
});

describe('the code around pc of a real stop (hello_world, qemu_riscv32, option cpu-stop 3)', () => {
  it('disassembles from the section start and marks the next instruction', async () => {
    const bytes = new Uint8Array(readFileSync('public/samples/hello_world/hello_world.riscv32-medlow.llext'));
    const s = await prepareSession({
      board: 'qemu_riscv32',
      files: [{ name: 'hello.llext', bytes }],
      actions: [
        { kind: 'load', name: 'hello', file: 0 },
        { kind: 'call', name: 'hello', fn: 'test_entry', args: [] },
      ],
      options: { cpuStop: 3 },
    });
    const run = await simulate({ files: s.files, config: s.config });
    const x = explainCall(run.events, run.document, 0)!;
    expect(x.pc).toBe(0x8002c87en);
    const code = codeAround(run.events, x.pc)!;
    expect(code.addr).toBe(0x8002c874n);
    const cs = await MCapstone();
    const insns = disassembleInsns(cs, { arch: 'riscv', ptrBytes: 4, thumb: false, bigEndian: false }, code.bytes, code.addr)!;
    const w = insnWindow(insns, x.pc);
    expect(w.insns.map((i) => `${i.address.toString(16)} ${i.text}`)).toEqual([
      '8002c874 lui a0, 0x80018',
      '8002c878 c.addi sp, -0x10',
      '8002c87a addi a0, a0, 0x6c',
      '8002c87e c.swsp ra, 0xc(sp)',
      '8002c880 auipc ra, 0xfffd4',
      '8002c884 jalr ra, ra, -0x268',
      '8002c888 c.lwsp ra, 0xc(sp)',
    ]);
    expect(w.current).toBe(3);
  });
});
