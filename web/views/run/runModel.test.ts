import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '@core/trace.js';
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
    expect(nextStop(null)).toBe(1);
    expect(nextStop(1)).toBe(2);
    expect(nextStop(50_000_000)).toBe(50_000_000);
  });
});
