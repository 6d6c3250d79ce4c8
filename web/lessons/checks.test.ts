import { describe, expect, it } from 'vitest';
import type { SimulationDocument } from '@core/document.js';
import { plainSession } from '../share/document.js';
import { type Check, checklist, describeCheck, evaluateCheck } from './checks.js';
import { readLesson } from './lesson.js';
import { applyPatch } from './patch.js';
import { catalogue } from '../test-support/samples.js';

const doc: SimulationDocument = {
  ok: false,
  errno: 12,
  message: '',
  zephyr: '4.4',
  board: 'nrf52840dk',
  arch: 'arm',
  log: ['<err> llext: Failed allocating 12288 bytes 4-aligned for region 3'],
  heaps: [],
  regions: [
    {
      ext: 'a',
      region: 0,
      name: 'TEXT',
      heap: 'llext_heap',
      addr: '0x20002bc4',
      size: 72,
      allocSize: 72,
      align: 4,
      prepad: 0,
      inPlace: false,
    },
    { ext: 'a', region: 2, name: 'RODATA', heap: null, addr: '0x0000c07c', size: 1068, allocSize: 0, align: 4, prepad: 0, inPlace: true },
  ],
  sections: [],
  regionInfo: [],
  sectionInfo: [],
  exports: [],
  imports: [{ ext: 'a', name: 'printk', slid: '0x87b31052', resolvedFrom: 'zephyr', addr: '0x00001219' }],
  relocations: [
    {
      ext: 'a',
      section: '.text',
      relSection: 2,
      offset: '0x18',
      type: 2,
      typeName: 'R_ARM_ABS32',
      symbol: 'printk',
      S: '0x00001219',
      A: '0x0',
      P: '0x20002bdc',
      value: '0x00001219',
      abiValue: '0x00001219',
      before: '00000000',
      after: '19120000',
      abiAfter: '19120000',
      ret: 0,
      abiRet: 0,
      quirk: null,
    },
    {
      ext: 'a',
      section: '.text',
      relSection: 2,
      offset: '0x1c',
      type: 10,
      typeName: 'R_ARM_THM_CALL',
      symbol: 'far',
      S: '0x00001219',
      A: '0x0',
      P: '0x20002be0',
      value: '0x0',
      abiValue: '0x0',
      before: '00000000',
      after: '00000000',
      abiAfter: '00000000',
      ret: -8,
      abiRet: -8,
      quirk: null,
    },
  ],
  image: {},
  abiImage: {},
  images: [],
  diagnostics: [],
  actions: [],
  calls: [
    { ext: 'a', fn: 'test_entry', args: '', console: 'hello world\n', ret: '0x00000000', fault: null, instructions: 15 },
    {
      ext: 'b',
      fn: 'crash',
      args: '',
      console: '',
      ret: '0x00000000',
      fault: { kind: 'no-execute', pc: '0x20002bc4', addr: '0x20002bc4', text: '<err> os: ***** MPU FAULT *****\n', detail: '' },
      instructions: 0,
    },
  ],
};
const ctx = {
  document: doc,
  option: (name: string) => (({ CONFIG_USERSPACE: true, CONFIG_LLEXT_HEAP_SIZE: 8 }) as Record<string, boolean | number>)[name],
};

describe('checkpoint predicates', () => {
  const cases: [Check, boolean][] = [
    [{ kind: 'loads' }, false],
    [{ kind: 'fails' }, true],
    [{ kind: 'errno', value: 12 }, true],
    [{ kind: 'errno', value: 8 }, false],
    [{ kind: 'logContains', text: 'for region 3' }, true],
    [{ kind: 'optionEquals', name: 'CONFIG_USERSPACE', value: true }, true],
    [{ kind: 'optionEquals', name: 'CONFIG_LLEXT_HEAP_SIZE', value: 16 }, false],
    [{ kind: 'regionInPlace', region: 'RODATA' }, true],
    [{ kind: 'regionInPlace', region: 'TEXT' }, false],
    [{ kind: 'regionInPlace', region: 'BSS' }, false],
    [{ kind: 'regionOnHeap', region: 'TEXT', heap: 'llext_heap' }, true],
    [{ kind: 'regionOnHeap', region: 'TEXT', heap: 'llext_instr_heap' }, false],
    [{ kind: 'regionOnHeap', region: 'TEXT', heap: 'llext_heap', ext: 'b' }, false],
    [{ kind: 'importResolved', name: 'printk', from: 'zephyr', bySlid: true }, true],
    [{ kind: 'importResolved', name: 'printk', bySlid: false }, false],
    [{ kind: 'relocation', typeName: 'R_ARM_ABS32', symbol: 'printk' }, true],
    // A relocation that failed was not applied.
    [{ kind: 'relocation', typeName: 'R_ARM_THM_CALL' }, false],
    [{ kind: 'board', id: 'nrf52840dk' }, true],
    [{ kind: 'callReturns', fn: 'test_entry' }, true],
    [{ kind: 'callReturns', fn: 'test_entry', ext: 'b' }, false],
    // A call that faulted did not return.
    [{ kind: 'callReturns', fn: 'crash' }, false],
    [{ kind: 'consoleContains', text: 'hello world' }, true],
    // Zephyr's fatal text is not what the call printed.
    [{ kind: 'consoleContains', text: 'MPU FAULT' }, false],
    [{ kind: 'all', of: [{ kind: 'fails' }, { kind: 'errno', value: 12 }] }, true],
    [{ kind: 'all', of: [{ kind: 'fails' }, { kind: 'loads' }] }, false],
    [{ kind: 'any', of: [{ kind: 'loads' }, { kind: 'errno', value: 12 }] }, true],
    [{ kind: 'not', check: { kind: 'loads' } }, true],
  ];
  for (const [check, expected] of cases) {
    it(`${describeCheck(check)} → ${expected}`, () => expect(evaluateCheck(check, ctx)).toBe(expected));
  }

  it('list the parts of an "all" with their status', () => {
    expect(
      checklist({ kind: 'all', of: [{ kind: 'loads' }, { kind: 'optionEquals', name: 'CONFIG_USERSPACE', value: true }] }, ctx),
    ).toEqual([
      { text: 'every extension loads', passed: false },
      { text: 'CONFIG_USERSPACE=y', passed: true },
    ]);
  });
});

describe('solution patches', () => {
  it('merge options and replace the other fields given', () => {
    const s = { ...plainSession('nrf52840dk', 'big_heap'), config: { CONFIG_USERSPACE: true }, step: 4 };
    expect(applyPatch(s, { config: { CONFIG_LLEXT_HEAP_SIZE: 64 }, sample: 'hello_world' })).toEqual({
      ...s,
      config: { CONFIG_USERSPACE: true, CONFIG_LLEXT_HEAP_SIZE: 64 },
      source: { kind: 'sample', id: 'hello_world' },
    });
    expect(applyPatch(s, { board: 'qemu_x86', exports: { mode: 'merge', text: 'f 0x1\n' } })).toMatchObject({
      board: 'qemu_x86',
      exports: { mode: 'merge', text: 'f 0x1\n' },
      config: { CONFIG_USERSPACE: true },
    });
  });
});

describe('lesson reader', () => {
  const good = {
    format: 1,
    id: 'x',
    title: 'T',
    summary: 'S',
    steps: [
      {
        title: 'a',
        text: ['p'],
        session: { v: 2, board: 'nrf52840dk', sample: 'hello_world' },
        checkpoint: { goal: 'g', hint: 'h', check: { kind: 'loads' }, solution: { config: { CONFIG_LLEXT_HEAP_SIZE: 4 } } },
      },
    ],
  };

  it('accepts a well-formed lesson', () => {
    const r = readLesson(good, { samples: catalogue });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.lesson.steps[0].session?.source).toEqual({ kind: 'sample', id: 'hello_world' });
  });

  it('lists every problem with where it is', () => {
    const bad = {
      format: 2,
      id: 'Bad Id',
      title: '',
      summary: 'S',
      steps: [
        {
          title: 'a',
          text: [],
          session: { v: 2, board: 'nrf52840dk', sample: 'nope' },
          checkpoint: { goal: 'g', hint: 'h', check: { kind: 'sparkles' }, solution: {} },
        },
        {
          title: 'b',
          text: ['p'],
          view: 'graph',
          extra: 1,
          checkpoint: {
            goal: 'g',
            hint: 'h',
            check: { kind: 'optionEquals', name: 'CONFIG_NOPE', value: 1 },
            solution: { sample: 'gone', config: { CONFIG_LLEXT_HEAP_SIZE: 'big' } },
          },
        },
      ],
    };
    const r = readLesson(bad, { samples: catalogue });
    expect(r).toEqual({
      ok: false,
      errors: [
        'lesson: "format" must be 1',
        'lesson: id "Bad Id" must be lower-case letters, digits and dashes',
        'lesson: "title" must be a non-empty string',
        'step 1: "text" must be a list of non-empty paragraphs',
        'step 1.session: This session uses sample "nope", which this version of the playground does not have.',
        'step 1.checkpoint.check: unknown check kind "sparkles"; known kinds: loads, fails, errno, logContains, optionEquals, regionInPlace, regionOnHeap, importResolved, relocation, board, callReturns, consoleContains, all, any, not',
        'step 1.checkpoint.solution: the solution changes nothing',
        'step 2: unknown step field "extra"',
        'step 2: "view" must be one of memory, sections, symbols, relocations, run',
        'step 2.checkpoint.check: CONFIG_NOPE is not a Kconfig option this version of the playground knows; its value (1) is not applied.',
        'step 2.checkpoint.solution: unknown sample "gone"',
        'step 2.checkpoint.solution: CONFIG_LLEXT_HEAP_SIZE must be an integer, not "big".',
        'step 1: the first step must load a session',
      ],
    });
  });
});
