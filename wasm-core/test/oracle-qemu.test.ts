// The QEMU oracle for the emulated CPU (wasm-core/test/oracle/qemu.ts, scripts/oracle/).
//
// Every Cortex-M (nrf52840dk, mps2_an385), RISC-V (qemu_riscv32, qemu_riscv64), Xtensa
// (qemu_xtensa) and AArch64 (qemu_cortex_a53: QEMU virt's cortex-a53, MMU off) sample that loads
// is linked by GNU ld at the engine's section addresses with a small harness and run on QEMU: its exported functions are called (twice; an extension with init or fini arrays
// also through llext_bringup() and llext_teardown()), and each call's console output, return
// register and fault are recorded in golden/qemu-calls.json. nrf52840dk samples are loaded
// on nrf52840dk and run on mps2-an386 (Cortex-M4: they are compiled with -mcpu=cortex-m4),
// whose memory map contains the nrf52840dk's flash and SRAM. qemu_xtensa samples (lx106, call0
// code) run on the sim machine's dc233c, its RAM mapped at the board's 0x60000000.
//
// 1. When QEMU and binutils are installed, QEMU must still give what the JSON says.
//    UPDATE_GOLDEN=1 npx vitest run wasm-core/test/oracle-qemu.test.ts writes it again.
// 2. Always: the engine runs the same actions (load, then `call EXT FN [ARGS]`, `bringup`,
//    `teardown`) and each of its calls must equal QEMU's. While the engine reports that it
//    does not emulate the board's CPU, a case is skipped; once it does, it is compared.
//
// Faults: FAULT_CASES in oracle/qemu.ts, one boot each (a fault halts the system). Only
// provider_consumer/call-data-object (calling a data export: a UsageFault INVSTATE on
// Cortex-M) is there. The other fault classes one would want do not show on QEMU without a
// Zephyr image: a branch out of range is refused at load time (relative_calls-short-calls),
// and a fetch from memory Zephyr's MPU/PMP leaves non-executable needs that MPU programmed
// as Zephyr does; QEMU's MPS2 and virt machines run everything from any RAM. Calling a data
// export on RISC-V runs the data as instructions, which depends on memory QEMU and the engine
// do not share. Not covered: data_mix-so and the Xtensa shared libraries (a shared object
// cannot be linked again at other addresses), data_mix-lx106 (its CALL0 to printk is out of
// range: GNU ld refuses what Zephyr writes truncated; cpu-xtensa.test.ts runs it to the fault).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CallDoc } from '../src/document.js';
import type { EngineAction } from '../src/config/engineInput.js';
import { simulate } from '../src/engine.js';
import { extensionNameOf, prepareSession } from '../src/session.js';
import { loadOrderOf, prjConfOf, readCatalogue, SAMPLES_DIR, type CatalogueEntry } from './catalogue.js';
import {
  exclusionOf,
  FAULT_CASES,
  haveQemuTools,
  machineFor,
  oracleDefines,
  oracleRun,
  parseHarnessOutput,
  QEMU_CALLS_JSON,
  type OracleCall,
  type OracleSample,
  type QemuCallsFile,
} from './oracle/qemu.js';
import { join } from 'node:path';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const catalogue = readCatalogue();
const onQemu = catalogue.filter((e) => machineFor(e) !== null);
const runnable = onQemu.filter((e) => exclusionOf(e) === null);
const golden: QemuCallsFile = existsSync(QEMU_CALLS_JSON)
  ? (JSON.parse(readFileSync(QEMU_CALLS_JSON, 'utf8')) as QemuCallsFile)
  : { $comment: '', samples: [] };
const recorded = new Map<string, OracleSample>();
const recordIds = [...runnable.map((e) => e.id), ...FAULT_CASES.map((c) => c.id)];

const COMMENT =
  'Expected results of calling each sample extension on a real CPU (QEMU), written by wasm-core/test/oracle-qemu.test.ts ' +
  'with UPDATE_GOLDEN=1. Per sample: the QEMU machine, the engine actions after the loads, and per call the extension, ' +
  'function (or init/fini table entry), arguments, console output, return register (pointer-width hex, null for void ' +
  'functions) and fault (null when it returned).';

describe('QEMU oracle: the recorded calls', () => {
  it('records every loading Cortex-M, RISC-V, Xtensa and AArch64 sample that can be linked again', () => {
    expect(runnable.map((e) => e.id)).toContain('hello_world');
    expect(runnable.map((e) => e.id)).toContain('data_mix-riscv64-medany');
    expect(runnable.map((e) => e.id)).toContain('data_mix-lx106-longcalls');
    expect(runnable.map((e) => e.id)).toContain('data_mix-arm64-large');
    if (!UPDATE) expect(golden.samples.map((s) => s.id)).toEqual(recordIds);
  });

  it('reads the harness protocol: console text between markers, byte for byte', () => {
    const out = parseHarnessOutput('\x01run 0\nab\nc\x01ret 0000002a\n\x01run 1\n\x01fault usagefault-divbyzero pc=200 addr=0\n', 4);
    expect(out.ended).toBe(false);
    expect(out.calls).toEqual([
      { console: 'ab\nc', ret: 42n, fault: null },
      { console: '', ret: null, fault: { cause: 'usagefault-divbyzero', pc: '0x00000200', addr: '0x00000000' } },
    ]);
    expect(parseHarnessOutput('\x01run 0\n\x01ret 0000000000000001\n\x01end\n', 8)).toMatchObject({ ended: true, calls: [{ ret: 1n }] });
    expect(() => parseHarnessOutput('noise\x01end\n', 4)).toThrow(/before the first call/);
  });

  for (const entry of onQemu) {
    const why = exclusionOf(entry);
    if (why !== null) {
      it.skip(`${entry.id}: not run (${why})`, () => {});
      continue;
    }
    const m = machineFor(entry)!;
    const tools = haveQemuTools(m);
    it.skipIf(!tools && !UPDATE)(
      `${entry.id} on ${m.qemu} ${m.args.join(' ')}`,
      async () => {
        expect(tools, `binutils and ${m.qemu} must be installed to record the calls`).toBe(true);
        const got = await oracleRun(entry);
        expect(got.calls.length).toBeGreaterThan(0);
        if (UPDATE) {
          recorded.set(entry.id, got);
          return;
        }
        expect(got).toEqual(golden.samples.find((s) => s.id === entry.id));
      },
      60_000,
    );
  }

  for (const c of FAULT_CASES) {
    const entry = catalogue.find((e) => e.id === c.sample)!;
    const m = machineFor(entry)!;
    const tools = haveQemuTools(m);
    it.skipIf(!tools && !UPDATE)(
      `${c.id}: faults on ${m.qemu} ${m.args.join(' ')}`,
      async () => {
        expect(tools, `binutils and ${m.qemu} must be installed to record the calls`).toBe(true);
        const got = await oracleRun(entry, c);
        expect(got.calls.map((x) => x.fault !== null)).toEqual([true]);
        if (UPDATE) {
          recorded.set(c.id, got);
          return;
        }
        expect(got).toEqual(golden.samples.find((s) => s.id === c.id));
      },
      60_000,
    );
  }

  afterAll(() => {
    if (!UPDATE) return;
    const samples = recordIds.map((id) => recorded.get(id)).filter((s): s is OracleSample => s !== undefined);
    if (samples.length !== recordIds.length) throw new Error('not every sample was recorded: JSON left as it was');
    const file: QemuCallsFile = { $comment: COMMENT, samples };
    writeFileSync(QEMU_CALLS_JSON, JSON.stringify(file, null, 2) + '\n');
  });
});

/** `call NAME FN [ARGS]`, `bringup NAME`, `teardown NAME`, as oracle/qemu.ts actionText() writes them. */
function parseAction(line: string): EngineAction {
  const [kind, name, fn, ...args] = line.split(' ');
  if (kind === 'call' && name && fn) return { kind, name, fn, ...(args.length > 0 ? { args: args.map((a) => BigInt(a)) } : {}) };
  if ((kind === 'bringup' || kind === 'teardown') && name) return { kind, name };
  throw new Error(`unknown action '${line}'`);
}

async function engineCalls(entry: CatalogueEntry, sample: OracleSample): Promise<CallDoc[]> {
  const paths = loadOrderOf(entry);
  const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, p))) }));
  const loads: EngineAction[] = files.map((f, file) => ({ kind: 'load', name: extensionNameOf(f.name), file }));
  const session = await prepareSession({
    board: entry.board,
    files,
    prjConf: prjConfOf(entry),
    defines: oracleDefines(entry),
    actions: [...loads, ...sample.actions.map(parseAction)],
  });
  const { document: doc } = await simulate({ files: session.files, config: session.config });
  expect(doc.ok, `${entry.id} failed to load: ${doc.message}`).toBe(true);
  return doc.calls;
}

/** The engine's fault kind for a QEMU fault cause (the classes both can show). */
const FAULT_KIND_OF: Record<string, string> = {
  // A branch to an even address: the core cannot leave Thumb state (Zephyr's fault.c prints
  // "Attempt to change to ARM state"); no instruction at the target runs.
  'usagefault-invstate': 'undefined-instruction',
  'usagefault-divbyzero': 'divide-by-zero',
  'usagefault-undefinstr': 'undefined-instruction',
  'usagefault-unaligned': 'unaligned',
  'illegal-instruction': 'undefined-instruction',
  'load-misaligned': 'unaligned',
  'store-misaligned': 'unaligned',
  // Xtensa EXCCAUSE names (scripts/oracle/harness/runtime.c: oracle_xtensa_trap())
  'load-store-alignment': 'unaligned',
  'integer-divide-by-zero': 'divide-by-zero',
  // AArch64: ESR_EL1's exception class (scripts/oracle/harness/runtime.c: oracle_arm64_fault())
  'unknown-reason': 'undefined-instruction',
  brk: 'undefined-instruction',
  'pc-alignment': 'unaligned',
  'sp-alignment': 'unaligned',
  alignment: 'unaligned',
};

/** How the engine's call differs from QEMU's: empty when it is the same call with the same outcome. */
function differences(want: OracleCall, got: CallDoc | undefined): string[] {
  if (!got) return ['the engine did not make this call'];
  const out: string[] = [];
  if (got.ext !== want.ext || got.fn !== want.fn || got.args !== want.args)
    out.push(`call: ${got.ext} ${got.fn}(${got.args}), QEMU ${want.ext} ${want.fn}(${want.args})`);
  if (got.console !== want.console) out.push(`console: ${JSON.stringify(got.console)}, QEMU ${JSON.stringify(want.console)}`);
  if (want.fault === null) {
    if (got.fault) out.push(`fault: ${got.fault.kind} at ${got.fault.pc} (${got.fault.detail}), QEMU returned`);
    else if (want.ret !== null && got.ret !== want.ret) out.push(`ret: ${got.ret}, QEMU ${want.ret}`);
  } else {
    const kind = FAULT_KIND_OF[want.fault.cause] ?? want.fault.cause;
    if (!got.fault) out.push(`fault: none, QEMU ${want.fault.cause} at ${want.fault.pc}`);
    else if (got.fault.kind !== kind || got.fault.pc !== want.fault.pc)
      out.push(`fault: ${got.fault.kind} at ${got.fault.pc}, QEMU ${want.fault.cause} (${kind}) at ${want.fault.pc}`);
  }
  return out;
}

describe('the emulated CPU gives the calls QEMU gave', () => {
  it('compares strictly: console, return register unless void, fault class and PC', () => {
    const want: OracleCall = { ext: 'e', fn: 'f', args: '5', console: 'x = 1\n', ret: '0x00000001', fault: null };
    const same: CallDoc = { ext: 'e', fn: 'f', args: '5', console: 'x = 1\n', ret: '0x00000001', fault: null, instructions: 9 };
    expect(differences(want, same)).toEqual([]);
    expect(differences(want, { ...same, console: 'x = 1' })).toEqual(['console: "x = 1", QEMU "x = 1\\n"']);
    expect(differences(want, { ...same, ret: '0x00000002' })).toEqual(['ret: 0x00000002, QEMU 0x00000001']);
    expect(differences({ ...want, ret: null }, { ...same, ret: '0x00000002' })).toEqual([]);
    expect(differences(want, undefined)).toEqual(['the engine did not make this call']);
    const fault = { cause: 'usagefault-invstate', pc: '0x20002be4', addr: '0x00000000' };
    const engineFault = { kind: 'undefined-instruction' as const, pc: '0x20002be4', addr: '0x00000000', text: '', detail: '' };
    expect(differences({ ...want, ret: null, fault }, { ...same, fault: engineFault })).toEqual([]);
    expect(differences({ ...want, ret: null, fault }, { ...same, fault: { ...engineFault, pc: '0x20002be5' } })).toEqual([
      'fault: undefined-instruction at 0x20002be5, QEMU usagefault-invstate (undefined-instruction) at 0x20002be4',
    ]);
  });

  it.skipIf(UPDATE)('compares the calls of samples the catalogue has, on a board with a QEMU machine', () => {
    for (const s of golden.samples) {
      const entry = catalogue.find((e) => e.id === s.sample);
      expect(entry && machineFor(entry) !== null, s.id).toBe(true);
      // One call per `call` action, plus one per init/fini entry of a bringup or teardown.
      const direct = s.actions.filter((a) => a.startsWith('call ')).length;
      expect(s.calls.filter((c) => c.fn.includes('[')).length, s.id).toBe(s.calls.length - direct);
      // Only a fault case faults, and its call is the last that runs.
      expect(
        s.calls.map((c) => c.fault !== null),
        s.id,
      ).toEqual(s.calls.map((_, i) => s.id !== s.sample && i === s.calls.length - 1));
    }
  });

  // While the JSON is being written again, the old one is not read.
  for (const sample of UPDATE ? [] : golden.samples) {
    const entry = catalogue.find((e) => e.id === sample.sample);
    if (!entry) throw new Error(`golden/qemu-calls.json names ${sample.sample}, which is not in the catalogue`);
    let calls: Promise<CallDoc[]> | null = null;
    const run = () => (calls ??= engineCalls(entry, sample));
    sample.calls.forEach((want, i) => {
      it(`${sample.id} #${i}: ${want.ext} ${want.fn}(${want.args})`, async (ctx) => {
        const got = await run();
        const notRun = got.find((c) => c.fault?.kind === 'not-emulated' && /does not emulate/.test(c.fault.detail));
        if (notRun) ctx.skip(`the engine does not emulate ${entry.board}'s CPU yet: ${notRun.fault!.detail}`);
        expect(differences(want, got[i]), `the engine made ${got.length} calls`).toEqual([]);
      });
    });
  }
});
