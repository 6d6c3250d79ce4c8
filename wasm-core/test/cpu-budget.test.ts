// The instruction budget of an emulated call (`option cpu-budget`, the Run view's budget,
// llext-sim --cpu-budget): where a call stops, that the TypeScript default is the engine's, and
// what the verdict says about a call that did not return (not a crash: a larger budget, verified).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { simulate } from '../src/engine.js';
import { prepareSession, type SessionRequest } from '../src/session.js';
import { computeVerdict } from '../src/verdict/index.js';
import { CPU_BUDGET_MAX, DEFAULT_CPU_BUDGET, cpuBudgetProblem, largerCpuBudget, type EngineOptions } from '../src/config/index.js';
import { parseArgs, UsageError } from '../src/cli/args.js';

const root = join(import.meta.dirname, '..', '..');
// bench/gen/emu/emu_work.c for RV32IMAC: about 13,000 instructions a round.
const object = join(root, 'bench', 'objects', 'emu-work.rv32.llext');
const bytes = new Uint8Array(readFileSync(object));

function request(rounds: bigint, options?: EngineOptions): SessionRequest {
  return {
    board: 'qemu_riscv32',
    files: [{ name: 'emu.llext', bytes }],
    actions: [
      { kind: 'load', name: 'emu', file: 0 },
      { kind: 'call', name: 'emu', fn: 'emu_work', args: [rounds] },
    ],
    ...(options ? { options } : {}),
  };
}

async function run(req: SessionRequest) {
  const s = await prepareSession(req);
  return simulate({ files: s.files, config: s.config });
}

describe('the instruction budget of a call', () => {
  it('stops a call at the engine default, which is DEFAULT_CPU_BUDGET', async () => {
    const r = await run(request(100n));
    const call = r.document.calls[0]!;
    expect(call.fault?.kind).toBe('step-budget');
    expect(call.instructions).toBe(DEFAULT_CPU_BUDGET);
    expect(call.fault?.detail).toBe('still running after 1000000 instructions: an endless loop?');
  });

  it('lets the same call return with a larger budget', async () => {
    const r = await run(request(100n, { cpuBudget: 10 * DEFAULT_CPU_BUDGET }));
    const call = r.document.calls[0]!;
    expect(call.fault).toBeNull();
    expect(call.instructions).toBeGreaterThan(DEFAULT_CPU_BUDGET);
    expect(call.instructions).toBeLessThan(10 * DEFAULT_CPU_BUDGET);
    // The same work in fewer rounds returns the same way (the budget changes nothing else).
    const small = (await run(request(100n, { cpuBudget: call.instructions }))).document.calls[0]!;
    expect(small.fault).toBeNull();
    expect(small.ret).toBe(call.ret);
    const short = (await run(request(100n, { cpuBudget: call.instructions - 1 }))).document.calls[0]!;
    expect(short.fault?.kind).toBe('step-budget');
    expect(short.instructions).toBe(call.instructions - 1);
  });

  it('offers ten times the budget, up to the largest', () => {
    expect(largerCpuBudget(1_000_000)).toBe(10_000_000);
    expect(largerCpuBudget(300_000_000)).toBe(1_000_000_000);
    expect(largerCpuBudget(1_000_000_000)).toBeNull();
  });

  it('accepts whole numbers from 1 to CPU_BUDGET_MAX', () => {
    expect(cpuBudgetProblem(1)).toBeNull();
    expect(cpuBudgetProblem(CPU_BUDGET_MAX)).toBeNull();
    for (const bad of [0, -5, 1.5, CPU_BUDGET_MAX + 1, Number.NaN, '100']) {
      expect(cpuBudgetProblem(bad)).toBe('must be a whole number of instructions from 1 to 1,000,000,000');
    }
  });
});

describe('the verdict of a call that did not return', () => {
  it('is not a crash: loaded, with a larger budget verified by running the call again', async () => {
    const req = request(100n);
    const r = await run(req);
    const v = await computeVerdict(req, { document: r.document, events: r.events });
    expect(v.status).toBe('loaded');
    expect(v.causeCode).toBe('call-budget');
    expect(v.cause).toBe(
      "Loaded emu, but emu_work(100) did not return within 1,000,000 instructions, the playground's budget for a call: an endless loop, or more work than the budget allows. On the device it would still be running.",
    );
    expect(v.fixes).toHaveLength(1);
    const fix = v.fixes[0]!;
    expect(fix.verified).toBe(true);
    expect(fix.apply).toEqual({ cpuBudget: 10_000_000 });
    expect(fix.text).toBe("Let each call run up to 10,000,000 instructions (the Run view's budget; --cpu-budget 10000000 in the CLI)");
    const returned = (await run(request(100n, { cpuBudget: 10_000_000 }))).document.calls[0]!;
    expect(fix.outcome).toBe(
      `With 10,000,000 instructions emu_work(100) returns ${returned.ret} after ${returned.instructions.toLocaleString('en-US')}`,
    );
  });

  it('suggests a budget too large to try quickly without claiming it works', async () => {
    const req = request(100_000n, { cpuBudget: 20_000_000 });
    const r = await run(req);
    const v = await computeVerdict(req, { document: r.document, events: r.events });
    expect(v.causeCode).toBe('call-budget');
    expect(v.fixes.map((f) => [f.verified, f.apply, f.text])).toEqual([
      [
        false,
        { cpuBudget: 200_000_000 },
        "Let each call run up to 200,000,000 instructions (the Run view's budget; --cpu-budget 200000000 in the CLI) (not verified: it would take seconds)",
      ],
    ]);
  });
});

describe('llext-sim --cpu-budget', () => {
  const args = (...a: string[]) => parseArgs(['load', 'x.llext', '--board', 'qemu_riscv32', ...a]);

  it('reads a whole number of instructions', () => {
    expect(args('--cpu-budget', '5000')).toMatchObject({ cpuBudget: 5000 });
    expect(args()).not.toHaveProperty('cpuBudget');
  });

  it('says what is wrong with a bad budget', () => {
    expect(() => args('--cpu-budget', '0')).toThrow(
      new UsageError("--cpu-budget must be a whole number of instructions from 1 to 1,000,000,000, not '0'"),
    );
    expect(() => args('--cpu-budget', '1e6')).toThrow(UsageError);
    expect(() => args('--cpu-budget')).toThrow(new UsageError('--cpu-budget needs a value'));
  });

  it('runs each call with that budget', () => {
    const launcher = join(root, 'scripts', 'llext-sim.mjs');
    const cli = (...a: string[]) =>
      spawnSync(process.execPath, [launcher, 'load', object, '--board', 'qemu_riscv32', '--call', 'emu_work(100)', ...a], {
        encoding: 'utf8',
        cwd: root,
      });
    const stopped = cli();
    expect(stopped.status).toBe(14);
    expect(stopped.stdout).toContain('Verdict: loaded [call-budget]');
    expect(stopped.stdout).toContain('stopped after 1000000 instructions: step-budget at 0x');
    const done = cli('--cpu-budget', '10000000');
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/ {4}returned 0x[0-9a-f]+ after \d+ instructions/);
  });
});
