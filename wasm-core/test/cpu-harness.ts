// Runs machine code on a bare emulated core through the test build's cpuTestRun()
// (wasm-core/assembly/exports/cpu_test.ts), for the per-instruction-group tests.
import { freshTestInstance, type TestEngineInstance } from './test-engine.js';

export interface CpuRunResult {
  instructions: number;
  /** A FaultKind the core raised (0: none). */
  fault: number;
  faultNote: string;
  /** For an undefined instruction: its encoding (first halfword high for 32-bit ones). */
  faultInsn: number;
  /** The bus's stop: 0 none, -1 a fetch from the trap range (the code returned), else a FaultKind. */
  stop: number;
  faultAddr: bigint;
  /** At a stop in the trap range: arguments 0-5 as the host side reads them (Cpu.arg). */
  args: bigint[];
  pc: bigint;
  regs: Record<string, bigint>;
  ram: Uint8Array;
}

export interface CpuRunOptions {
  codeBase?: bigint;
  ramBase?: bigint;
  ramSize?: number;
  /** Register assignments, by the names the core's regName() uses. */
  regs?: Record<string, bigint | number>;
  maxSteps?: number;
  /** Where the return address points: fetching there ends the run (stop -1). */
  trapBase?: bigint;
  /** When set, [trapBase + 8, trapBase + 16) is a host function returning its first
   * argument plus this (through Cpu.hostReturn()), and the run goes on. */
  hostReturnAdd?: number;
}

let instance: TestEngineInstance | null = null;

export async function runCode(core: string, code: Uint8Array, o: CpuRunOptions = {}): Promise<CpuRunResult> {
  instance ??= await freshTestInstance();
  const setup = Object.entries({ ...(o.regs ?? {}), ...(o.hostReturnAdd === undefined ? {} : { hostret: o.hostReturnAdd }) })
    .map(([k, v]) => `${k}=0x${BigInt(v).toString(16)}`)
    .join(' ');
  const text = instance.cpuTestRun(
    core,
    code,
    o.codeBase ?? 0x1000n,
    o.ramBase ?? 0x20000000n,
    o.ramSize ?? 256,
    setup,
    BigInt(o.maxSteps ?? 1000),
    o.trapBase ?? 0xf0000000n,
  );
  // The instance is reused by every test of a file: what the run allocated (its memory areas,
  // the core) goes back now, or a file of a few thousand runs would fill the instance's memory.
  instance.__collect();
  const raw = JSON.parse(text) as {
    error?: string;
    instructions: number;
    fault: number;
    faultNote: string;
    faultInsn: string;
    stop: number;
    faultAddr: string;
    args: string[];
    pc: string;
    regs: Record<string, string>;
    ram: string;
  };
  if (raw.error) throw new Error(raw.error);
  const regs: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(raw.regs)) regs[k] = BigInt(v);
  const ram = new Uint8Array(raw.ram.length / 2);
  for (let i = 0; i < ram.length; i++) ram[i] = parseInt(raw.ram.slice(i * 2, i * 2 + 2), 16);
  return {
    instructions: raw.instructions,
    fault: raw.fault,
    faultNote: raw.faultNote,
    faultInsn: Number(raw.faultInsn),
    stop: raw.stop,
    faultAddr: BigInt(raw.faultAddr),
    args: raw.args.map((a) => BigInt(a)),
    pc: BigInt(raw.pc),
    regs,
    ram,
  };
}

/** Little-endian bytes of 16-bit halfwords (Thumb) or 32-bit words. */
export function halfwords(...hw: number[]): Uint8Array {
  const out = new Uint8Array(hw.length * 2);
  hw.forEach((h, i) => {
    out[i * 2] = h & 0xff;
    out[i * 2 + 1] = (h >> 8) & 0xff;
  });
  return out;
}
export function words(...w: number[]): Uint8Array {
  const out = new Uint8Array(w.length * 4);
  w.forEach((x, i) => {
    for (let k = 0; k < 4; k++) out[i * 4 + k] = (x >>> (k * 8)) & 0xff;
  });
  return out;
}

/**
 * Reads arguments as the host side does, through the test build's cpuTestArgs(): `source`
 * "varargs:FIRST", "valist:ADDR" or "args"; `kinds` "32", "64", "ptr", "f64" (or argument
 * indexes for "args"). `ram` is placed at `ramBase` and the stack pointer starts at its end.
 */
export async function readArgs(
  core: string,
  source: string,
  kinds: string[],
  o: { ram?: Uint8Array; ramBase?: bigint; regs?: Record<string, bigint | number> } = {},
): Promise<string[]> {
  instance ??= await freshTestInstance();
  const setup = Object.entries(o.regs ?? {})
    .map(([k, v]) => `${k}=0x${BigInt(v).toString(16)}`)
    .join(' ');
  const raw = JSON.parse(
    instance.cpuTestArgs(core, o.ramBase ?? 0x20000000n, o.ram ?? new Uint8Array(64), setup, source, kinds.join(',')),
  ) as string[] | { error: string };
  if (!Array.isArray(raw)) throw new Error(raw.error);
  return raw;
}
