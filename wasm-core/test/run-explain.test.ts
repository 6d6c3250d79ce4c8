// The explanation of an emulated call's end (wasm-core/src/run/explain.ts): by hand-made
// traces for each kind of cause, and by real runs of the RV32 hello_world sample.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../src/trace.js';
import type { CpuRegView, FaultKind, RelocEvent } from '../src/traceSchema.js';
import { callCount, describeLocation, engineInputFacts, explainCall, exportedSymbols } from '../src/run/explain.js';
import { simulate } from '../src/engine.js';
import { prepareSession, type ExportSource } from '../src/session.js';
import { SAMPLES_DIR } from './catalogue.js';

const TEXT = 0x8002c874n;
const DATA = 0x8002c92cn;

function reloc(r: Partial<RelocEvent> & Pick<RelocEvent, 'P' | 'offset' | 'typeName' | 'symbol' | 'S' | 'value'>): RelocEvent {
  return {
    kind: 'reloc',
    relSection: 2,
    target: 1,
    index: 0,
    type: 19,
    A: 0n,
    abiValue: r.value,
    before: new Uint8Array(8),
    after: new Uint8Array(8),
    abiAfter: new Uint8Array(8),
    ret: 0,
    abiRet: 0,
    quirk: '',
    hint: '',
    rangeMin: 0n,
    rangeMax: 0n,
    written: true,
    rangeFailed: false,
    ...r,
  };
}

const regs = (ra: bigint, pc: bigint): CpuRegView[] => [
  { name: 'zero', value: 0n },
  { name: 'ra', value: ra },
  { name: 'sp', value: 0x800feff0n },
  { name: 'a0', value: 7n },
  { name: 'pc', value: pc },
];

/** A loaded extension "demo": .text (code, test_entry and helper) and .data (the object counter). */
function loaded(relocs: RelocEvent[]): TraceEvent[] {
  return [
    { kind: 'step', ext: 'demo', fn: 'llext_load', title: 'load' },
    {
      kind: 'section',
      index: 1,
      name: '.text',
      type: 1,
      flags: 6n,
      offset: 0x34n,
      size: 0x40n,
      align: 4n,
      region: 0,
      note: '',
      nobits: false,
      exec: true,
    },
    {
      kind: 'section',
      index: 7,
      name: '.data',
      type: 1,
      flags: 3n,
      offset: 0x80n,
      size: 0x1cn,
      align: 4n,
      region: 1,
      note: '',
      nobits: false,
      exec: false,
    },
    { kind: 'place', section: 1, name: '.text', region: 0, addr: TEXT, size: 0x40n, nobits: false },
    { kind: 'place', section: 7, name: '.data', region: 1, addr: DATA, size: 0x1cn, nobits: false },
    { kind: 'symbol', table: 'sym_tab', name: '.LANCHOR0', addr: DATA },
    { kind: 'symbol', table: 'sym_tab', name: 'counter', addr: DATA },
    { kind: 'symbol', table: 'sym_tab', name: 'test_entry', addr: TEXT },
    { kind: 'symbol', table: 'sym_tab', name: 'helper', addr: TEXT + 0x20n },
    { kind: 'symbol', table: 'exp_tab', name: 'test_entry', addr: TEXT },
    {
      kind: 'lookup',
      name: 'printk',
      symIndex: 9,
      bySlid: false,
      slid: 0n,
      source: 'builtin',
      provider: '',
      addr: 0x80001000n,
      ret: 0,
    },
    ...relocs,
    { kind: 'result', action: 'load', ext: 'demo', ret: 0 },
  ];
}

function called(fault: FaultKind, pc: bigint, addr: bigint, ra: bigint, text = '', detail = ''): TraceEvent[] {
  return [
    { kind: 'run', ext: 'demo', fn: 'test_entry', args: '2', entry: TEXT },
    { kind: 'console', text: 'hello\n' },
    { kind: 'runEnd', ret: 7n, instructions: 12n, fault, pc, addr, text, detail, regs: regs(ra, pc) },
  ];
}

describe('explainCall on hand-made traces', () => {
  it('a call whose target Zephyr patched to 0x0 faults nowhere, and names that relocation', () => {
    const call = reloc({
      P: TEXT + 0xcn,
      offset: 0xcn,
      typeName: 'R_RISCV_CALL_PLT',
      symbol: 'missing_fn',
      S: 0n,
      value: 0n - (TEXT + 0xcn),
    });
    const events = [
      ...loaded([reloc({ P: TEXT, offset: 0n, typeName: 'R_RISCV_HI20', type: 26, symbol: '.LC0', S: DATA, value: DATA }), call]),
      ...called('fetch-unmapped', 0n, 0n, TEXT + 0x14n),
    ];
    const x = explainCall(events, null, 0, { ptrBytes: 4 })!;
    expect(x.headline).toBe('The CPU jumped to an address where no memory is mapped: 0x00000000.');
    expect(x.at).toEqual({ kind: 'nowhere', addr: 0n });
    expect(x.reloc).toMatchObject({
      n: 1,
      ext: 'demo',
      section: '.text',
      sectionIndex: 1,
      offset: 0xcn,
      P: TEXT + 0xcn,
      typeName: 'R_RISCV_CALL_PLT',
      symbol: 'missing_fn',
      S: 0n,
      why: 'call-site',
      differs: false,
    });
    expect(x.details).toEqual([
      '0x00000000 is nowhere: nothing is mapped there.',
      'It was called from test_entry+0x14 (the return address 0x8002c888).',
      'The call came from the relocation R_RISCV_CALL_PLT at .text+0xc (0x8002c880) against missing_fn; the symbol resolved to 0x00000000. Zephyr and the psABI agree on 0x7ffd3780.',
    ]);
  });

  it('a branch into a data object names the object, its section and the relocation that pointed there', () => {
    // A function-pointer slot in .data (R_RISCV_32) pointing at `counter` in .data.
    const slot = reloc({
      target: 7,
      relSection: 8,
      P: DATA + 0x10n,
      offset: 0x10n,
      type: 1,
      typeName: 'R_RISCV_32',
      symbol: 'counter',
      S: DATA,
      value: DATA,
      after: new Uint8Array(4),
    });
    const events = [...loaded([slot]), ...called('no-execute', DATA, DATA, TEXT + 0x8n)];
    const x = explainCall(events, null, 0, { ptrBytes: 4 })!;
    expect(x.headline).toBe('The CPU jumped into data: 0x8002c92c is counter in .data, which holds no code.');
    expect(x.at).toMatchObject({
      kind: 'section',
      ext: 'demo',
      section: 7,
      sectionName: '.data',
      exec: false,
      symbol: 'counter',
      symbolOffset: 0n,
    });
    expect(x.reloc).toMatchObject({ n: 0, section: '.data', sectionIndex: 7, offset: 0x10n, typeName: 'R_RISCV_32', why: 'target' });
    expect(x.details[0]).toBe('0x8002c92c is counter, in section .data of extension demo.');
  });

  it("a site where Zephyr's value differs from the psABI's gives both values and the quirk", () => {
    const q = reloc({
      P: TEXT + 0x4n,
      offset: 0x4n,
      typeName: 'R_RISCV_BRANCH',
      type: 16,
      symbol: 'helper',
      S: TEXT + 0x20n,
      A: 0n,
      value: TEXT + 0x3an,
      abiValue: TEXT + 0x20n,
      quirk: 'Zephyr adds the addend twice',
    });
    const events = [...loaded([q]), ...called('undefined-instruction', TEXT + 0x3an, 0n, TEXT + 0x8n)];
    const x = explainCall(events, null, 0, { ptrBytes: 4 })!;
    expect(x.headline).toBe('The CPU met bytes that are not a valid instruction at 0x8002c8ae.');
    expect(x.reloc).toMatchObject({ n: 0, why: 'call-site', differs: true, value: TEXT + 0x3an, abiValue: TEXT + 0x20n });
    expect(x.details.at(-1)).toBe(
      'The call came from the relocation R_RISCV_BRANCH at .text+0x4 (0x8002c878) against helper; S = 0x8002c894. Zephyr wrote 0x8002c8ae where the psABI (GNU ld) gives 0x8002c894: Zephyr adds the addend twice.',
    );
    expect(describeLocation(x.at, 4)).toBe('0x8002c8ae is helper+0x1a, in section .text of extension demo');
  });

  it('a read from nowhere names the address, the instruction and the relocation at that instruction', () => {
    const lo = reloc({
      P: TEXT + 0x6n,
      offset: 0x6n,
      type: 27,
      typeName: 'R_RISCV_LO12_I',
      symbol: 'table',
      S: 0x40000000n,
      value: 0x40000000n,
      after: new Uint8Array(4),
    });
    const events = [...loaded([lo]), ...called('read-unmapped', TEXT + 0x6n, 0x40000010n, 0x80010408n)];
    const x = explainCall(events, null, 0, { ptrBytes: 4 })!;
    expect(x.headline).toBe('The code read from an address where no memory is mapped: 0x40000010, by the instruction at 0x8002c87a.');
    expect(x.target).toEqual({ kind: 'nowhere', addr: 0x40000010n });
    expect(x.reloc).toMatchObject({ n: 0, why: 'access-site', typeName: 'R_RISCV_LO12_I', symbol: 'table' });
    expect(x.details.slice(0, 2)).toEqual([
      '0x40000010 is nowhere: nothing is mapped there.',
      'The instruction: 0x8002c87a is test_entry+0x6, in section .text of extension demo.',
    ]);
  });

  it("a call into the image's exported function names it; a board without a core says so", () => {
    const events = [...loaded([]), ...called('host-error', 0x80001000n, 0n, TEXT + 0x8n, '', 'printk was called with a bad format')];
    const x = explainCall(events, null, 0, { ptrBytes: 4 })!;
    expect(x.at).toEqual({ kind: 'image', addr: 0x80001000n, name: 'printk' });
    expect(x.headline).toBe('printk was called with a bad format');
    expect(x.details).toEqual(["0x80001000 is the Zephyr image's exported printk."]);
    const arm = [
      ...loaded([]),
      ...called('not-emulated', TEXT, 0n, 0n, '', "The playground does not emulate this board's CPU yet: the code was not run."),
    ];
    expect(explainCall(arm, null, 0, { ptrBytes: 4 })).toMatchObject({
      headline: "The playground does not emulate this board's CPU yet: the code was not run.",
      details: [],
      reloc: null,
    });
  });

  it('a return and a stop are explained too; a missing call is null', () => {
    const ok = explainCall([...loaded([]), ...called('none', TEXT, 0n, 0x80010408n)], null, 0, { ptrBytes: 4 })!;
    expect(ok.headline).toBe('test_entry(2) returned 0x00000007 (7) after 12 instructions.');
    const stop = explainCall([...loaded([]), ...called('stopped', TEXT + 0x22n, 0n, 0x80010408n)], null, 0, { ptrBytes: 4 })!;
    expect(stop.headline).toBe('Stopped after 12 instructions; the next instruction is at 0x8002c896.');
    expect(stop.details).toEqual(['0x8002c896 is helper+0x2, in section .text of extension demo.']);
    expect(explainCall(loaded([]), null, 0)).toBeNull();
    expect(callCount([...loaded([]), ...called('none', TEXT, 0n, 0n), ...called('none', TEXT, 0n, 0n)])).toBe(2);
  });

  it("names an extension by its whole name where Zephyr's is cut", () => {
    const events: TraceEvent[] = [
      { kind: 'extName', ext: 'demo', full: 'demo.riscv32-medlow', max: 15 },
      ...loaded([]),
      ...called('stopped', TEXT + 0x4n, 0n, 0n),
    ];
    const x = explainCall(events, null, 0, { ptrBytes: 4 })!;
    expect(x.at).toMatchObject({ ext: 'demo', extName: 'demo.riscv32-medlow' });
    expect(x.details).toEqual(['0x8002c878 is test_entry+0x4, in section .text of extension demo.riscv32-medlow.']);
  });

  it('reads the image exports, image text and stack from the engine input', () => {
    const f = engineInputFacts(
      'imagetext 0x80000000 0x10000\nstack 0x800fe000 0x1000\nexport printk 0x80001000\nexport-slid 0x1234 0x80002000 k_sleep\n',
    );
    expect(f).toEqual({
      imageExports: [
        { name: 'printk', addr: 0x80001000n },
        { name: 'k_sleep', addr: 0x80002000n },
      ],
      imageText: { base: 0x80000000n, size: 0x10000n },
      stack: { base: 0x800fe000n, size: 0x1000n },
    });
  });
});

async function runHello(options: { exports?: ExportSource; stop?: number } = {}) {
  const files = [
    { name: 'hello.llext', bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, 'hello_world/hello_world.riscv32-medlow.llext'))) },
  ];
  const s = await prepareSession({
    board: 'qemu_riscv32',
    files,
    exports: options.exports,
    actions: [
      { kind: 'load', name: 'hello', file: 0 },
      { kind: 'call', name: 'hello', fn: 'test_entry', args: [] },
    ],
    options: options.stop === undefined ? undefined : { cpuStop: options.stop },
  });
  const r = await simulate({ files: s.files, config: s.config });
  return { ...r, config: s.config };
}

describe('explainCall on real runs (hello_world, qemu_riscv32)', () => {
  it('printk exported at an unmapped address: the call through R_RISCV_CALL_PLT faults nowhere', async () => {
    const r = await runHello({ exports: { kind: 'text', text: 'printk 0x00001000', mode: 'merge' } });
    expect(r.document.calls[0]!.fault!.kind).toBe('fetch-unmapped');
    const x = explainCall(r.events, r.document, 0, { engineInput: r.config })!;
    expect(x.pc).toBe(0x1000n);
    expect(x.headline).toBe(
      'The CPU jumped to an address where no memory is mapped: 0x00001000, the address the export table gives printk.',
    );
    expect(x.at).toEqual({ kind: 'image', addr: 0x1000n, name: 'printk' });
    expect(x.reloc).toMatchObject({
      ext: 'hello',
      section: '.text',
      offset: 0xcn,
      P: 0x8002c880n,
      typeName: 'R_RISCV_CALL_PLT',
      symbol: 'printk',
      S: 0x1000n,
      value: 0x7ffd4780n,
      abiValue: 0x7ffd4780n,
      why: 'call-site',
    });
    expect(r.document.relocations[x.reloc!.n]).toMatchObject({ offset: '0xc', typeName: 'R_RISCV_CALL_PLT', P: '0x8002c880' });
    expect(x.details).toContain('It was called from test_entry+0x14 (the return address 0x8002c888).');
  });

  it('a normal call and a stop after 3 instructions', async () => {
    const ok = await runHello();
    expect(explainCall(ok.events, ok.document, 0)!.headline).toBe('test_entry() returned 0x00000000 (0) after 15 instructions.');
    const stop = await runHello({ stop: 3 });
    expect(stop.config).toMatch(/^option cpu-stop 3$/m);
    const x = explainCall(stop.events, stop.document, 0)!;
    expect(x.fault).toBe('stopped');
    expect(x.headline).toBe('Stopped after 3 instructions; the next instruction is at 0x8002c87e.');
    expect(x.at).toMatchObject({ kind: 'section', sectionName: '.text', symbol: 'test_entry', symbolOffset: 0xan });
    expect(x.registers.find((g) => g.name === 'a0')!.value).toBe(0x8001806cn);
  });
});

describe('exportedSymbols', () => {
  it('lists exp_tab entries with whether they are code', () => {
    const events: TraceEvent[] = [...loaded([]), { kind: 'symbol', table: 'exp_tab', name: 'counter', addr: DATA }];
    expect(exportedSymbols(events)).toEqual([
      { ext: 'demo', name: 'test_entry', addr: TEXT, code: true },
      { ext: 'demo', name: 'counter', addr: DATA, code: false },
    ]);
  });
});
