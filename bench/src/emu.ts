// The emulated CPU's speed (issue key emuMips): an extension's exported function that loops
// (bench/gen/emu/emu_work.c, committed objects in bench/objects/) run through the product's entry
// point, as llext-sim load --call and the web worker run it, in this process's V8 (the browser
// worker figure comes from browser.ts, on the same engine module). Instructions per second of
// wall time over the whole run, the load included (it is well under 1% of it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../wasm-core/src/engine.js';
import { prepareSession } from '../../wasm-core/src/session.js';
import { median, type Plan } from './stats.js';
import type { Row } from './report.js';

/** The workloads: object, board, Kconfig that lets the code run (Zephyr's shell_loader sample
 * builds its Cortex-M image without the MPU, whose map makes SRAM execute-never). */
export const EMU_WORKLOADS = [
  { object: 'emu-work.cortex-m4.llext', board: 'mps2_an385', defines: ['CONFIG_ARM_MPU=n'], core: 'Thumb-2' },
  { object: 'emu-work.rv32.llext', board: 'qemu_riscv32', defines: [], core: 'RV32IMAC' },
  { object: 'emu-work.lx106.llext', board: 'qemu_xtensa', defines: [], core: 'Xtensa' },
  { object: 'emu-work.aarch64.llext', board: 'qemu_cortex_a53', defines: ['CONFIG_LLEXT_HEAP_SIZE=64'], core: 'AArch64' },
] as const;

/** Rounds of emu_work(): about 13,000 (Thumb-2, AArch64) to 17,500 (RV32) instructions each. */
export const EMU_ROUNDS = 3000;

export interface EmuRun {
  core: string;
  instructions: number;
  ms: number;
  mips: number;
}

/** The engine input of one workload's timed run (also what browser.ts hands the worker). */
export async function emuSession(root: string, w: (typeof EMU_WORKLOADS)[number]): Promise<{ files: Uint8Array[]; config: string }> {
  const bytes = new Uint8Array(readFileSync(join(root, 'bench', 'objects', w.object)));
  const s = await prepareSession({
    board: w.board,
    files: [{ name: w.object, bytes }],
    defines: [...w.defines],
    actions: [
      { kind: 'load', name: 'emu', file: 0 },
      { kind: 'call', name: 'emu', fn: 'emu_work', args: [BigInt(EMU_ROUNDS)] },
    ],
    options: { cpuBudget: 1_000_000_000 },
  });
  if (s.diagnostics.some((d) => d.severity === 'error')) throw new Error(`${w.object}: ${s.diagnostics.map((d) => d.message).join('; ')}`);
  return { files: s.files, config: s.config };
}

export async function measureEmu(
  root: string,
  plan: Plan,
  log: (s: string) => void,
): Promise<{ runs: EmuRun[]; rows: Row[]; mips: number }> {
  const runs: EmuRun[] = [];
  const rows: Row[] = [];
  for (const w of EMU_WORKLOADS) {
    const input = await emuSession(root, w);
    const times: number[] = [];
    let instructions = 0;
    for (let i = 0; i < plan.warmup + plan.runs; i++) {
      const t0 = performance.now();
      const { document: doc } = await simulate(input);
      const ms = performance.now() - t0;
      const call = doc.calls[0];
      if (!doc.ok || !call || call.fault !== null)
        throw new Error(`${w.object}: the call did not return (${call?.fault?.kind ?? doc.message})`);
      instructions = call.instructions;
      if (i >= plan.warmup) times.push(ms);
    }
    const ms = median(times);
    const run = { core: w.core, instructions, ms, mips: instructions / ms / 1000 };
    runs.push(run);
    log(`  ${w.core}: ${instructions.toLocaleString('en')} instructions in ${ms.toFixed(1)} ms`);
    rows.push({
      metric: `  emulated ${w.core}, Node`,
      value: `${run.mips.toFixed(1)} M instructions/s`,
      target: '≥ 20',
      met: run.mips >= 20,
    });
  }
  return { runs, rows, mips: Math.min(...runs.map((r) => r.mips)) };
}
