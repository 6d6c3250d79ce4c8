// Every lesson in public/lessons/ can be completed: for each checkpoint the
// engine runs the session the learner has at that step (the checkpoint is not
// yet reached) and the session after the intended solution (it is).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '@core/engine.js';
import { prepareSession } from '@core/session.js';
import type { SharedSession } from '../share/document.js';
import { sessionFiles, sessionRequest } from '../share/request.js';
import { catalogue, fetchSample } from '../test-support/samples.js';
import { checklist, evaluateCheck } from './checks.js';
import { checkContext } from './context.js';
import { type Lesson, readLesson, readLessonIndex, sessionsAlongLesson } from './lesson.js';
import { applyPatch } from './patch.js';
import { explainCall } from '@core/run/explain.js';

const LESSONS = new URL('../../public/lessons/', import.meta.url);
const json = (name: string): unknown => JSON.parse(readFileSync(new URL(name, LESSONS), 'utf8'));
const ctx = { samples: catalogue };

async function run(s: SharedSession) {
  const prepared = await prepareSession(await sessionRequest(s, await sessionFiles(s, catalogue, fetchSample)));
  return (await simulate({ files: prepared.files, config: prepared.config })).document;
}

function lesson(id: string): Lesson {
  const read = readLesson(json(`${id}.json`), ctx);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  return read.lesson;
}

const index = readLessonIndex(json('index.json'));
if (!index.ok) throw new Error(index.errors.join('\n'));

describe('lesson catalogue', () => {
  it('lists every lesson file once, at least seven, with matching titles', () => {
    const files = readdirSync(LESSONS)
      .filter((f) => f.endsWith('.json') && f !== 'index.json')
      .map((f) => f.replace(/\.json$/, ''));
    expect(index.lessons.map((l) => l.id).sort()).toEqual(files.sort());
    expect(index.lessons.length).toBeGreaterThanOrEqual(7);
    for (const entry of index.lessons) {
      const l = lesson(entry.id);
      expect([l.title, l.summary]).toEqual([entry.title, entry.summary]);
    }
  });
});

for (const entry of index.lessons) {
  describe(`lesson ${entry.id}`, () => {
    const l = lesson(entry.id);
    const starts = sessionsAlongLesson(l, applyPatch);
    l.steps.forEach((step, i) => {
      const checkpoint = step.checkpoint;
      if (!checkpoint) return;
      it(`step ${i + 1} (${step.title}): not reached at first, reached by the intended solution`, async () => {
        const before = starts[i];
        const beforeDoc = await run(before);
        expect(
          evaluateCheck(checkpoint.check, checkContext(before, beforeDoc)),
          `already reached: ${JSON.stringify(checklist(checkpoint.check, checkContext(before, beforeDoc)))}`,
        ).toBe(false);
        const after = applyPatch(before, checkpoint.solution);
        const afterDoc = await run(after);
        const status = checklist(checkpoint.check, checkContext(after, afterDoc));
        expect(
          status.filter((s) => !s.passed),
          `log:\n${afterDoc.log.filter((x) => !x.startsWith('<dbg>')).join('\n')}`,
        ).toEqual([]);
      });
    });
  });
}

// Numbers the lesson texts quote, checked against the engine so the text cannot drift from the runs.
describe('facts quoted in lesson texts', () => {
  const start = (id: string, step: number): SharedSession => sessionsAlongLesson(lesson(id), applyPatch)[step - 1];

  it('first-load: TEXT copied to 0x20002bc4, RODATA in place at 0x0000c05c, printk 0x00001219 written at 0x20002bdc', async () => {
    const doc = await run(start('first-load', 3));
    expect(doc.regions.find((r) => r.name === 'TEXT')).toMatchObject({ addr: '0x20002bc4', heap: 'llext_heap', inPlace: false });
    expect(doc.regions.find((r) => r.name === 'RODATA')).toMatchObject({ addr: '0x0000c05c', inPlace: true });
    expect(doc.relocations.filter((r) => r.section === '.text').map((r) => r.typeName)).toEqual([
      'R_ARM_ABS32',
      'R_ARM_ABS32',
      'R_ARM_ABS32',
      'R_ARM_ABS32',
    ]);
    expect(doc.relocations[0]).toMatchObject({ symbol: 'printk', P: '0x20002bdc', value: '0x00001219' });
    expect(doc.log).toContain('<dbg> llext: do_llext_load: Linking ELF...');
  });

  it('heap-sizing: -ENOMEM on region 3 at 8 KiB; MPU rounding 72→128, 1068→2048, 12288→16384; BSS at 0x20004000 with 64 KiB', async () => {
    const small = await run(start('heap-sizing', 1));
    expect(small.errno).toBe(12);
    expect(small.log).toContain('<err> llext: Failed allocating 12288 bytes 4-aligned for region 3');
    const mpu = applyPatch(start('heap-sizing', 2), { config: { CONFIG_LLEXT_HEAP_SIZE: 64 } });
    const doc = await run(mpu);
    expect(doc.regions.filter((r) => !r.inPlace).map((r) => [r.name, r.size, r.allocSize, r.align])).toEqual([
      ['TEXT', 72, 128, 128],
      ['RODATA', 1068, 2048, 2048],
      ['BSS', 12288, 16384, 16384],
      ['EXPORT', 8, 32, 32],
    ]);
    expect(doc.regions.find((r) => r.name === 'BSS')?.addr).toBe('0x20004000');
    expect(doc.log).toContain('<wrn> llext: Cannot peek region 2: 0xc07c not aligned to 0x800');
  });

  it('harvard-heaps: TEXT of 139 bytes in instruction RAM, the buffer in data RAM', async () => {
    const doc = await run(start('harvard-heaps', 2));
    expect(doc.regions.find((r) => r.name === 'TEXT')).toMatchObject({ size: 139, heap: 'llext_instr_heap' });
    expect(doc.regions.find((r) => r.name === 'TEXT')?.addr.startsWith('0x403a')).toBe(true);
    expect(doc.log.some((l) => l.startsWith('<wrn> llext: Cannot reuse ELF buffer for region 0, not instruction memory: 0x3fcc'))).toBe(
      true,
    );
  });

  it('storage-writable: every region in place in RAM; on the ESP32-S3 read-only storage copies DATA and EXPORT', async () => {
    const writable = await run(applyPatch(start('storage-writable', 1), { config: { CONFIG_LLEXT_STORAGE_WRITABLE: true } }));
    expect(writable.regions.every((r) => r.inPlace && r.addr.startsWith('0x2003'))).toBe(true);
    const copied = await run(start('storage-writable', 2));
    expect(copied.ok).toBe(true);
    expect(copied.imports.find((i) => i.name === 'printk')).toMatchObject({ resolvedFrom: 'zephyr' });
    expect(['TEXT', 'DATA', 'EXPORT'].map((n) => copied.regions.find((r) => r.name === n)?.heap)).toEqual([
      'llext_instr_heap',
      'llext_data_heap',
      'llext_data_heap',
    ]);
    const inPlace = await run(applyPatch(start('storage-writable', 2), { config: { CONFIG_LLEXT_STORAGE_WRITABLE: true } }));
    expect(['TEXT', 'DATA', 'EXPORT'].map((n) => inPlace.regions.find((r) => r.name === n)?.inPlace)).toEqual([false, true, true]);
  });

  it('slid-vs-names: printk has SLID 0x87b31052; the plain build asks for SLID 0 and fails with -ENODATA', async () => {
    const bySlid = await run(applyPatch(start('slid-vs-names', 1), { config: { CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID: true } }));
    expect(bySlid.imports.find((i) => i.name === 'printk')?.slid).toBe('0x87b31052');
    const plain = await run(start('slid-vs-names', 2));
    expect(plain.errno).toBe(61);
    expect(plain.imports.find((i) => i.name === 'printk')).toMatchObject({ slid: '0x00000000', resolvedFrom: 'unresolved' });
  });

  it('relocations-two-archs: THM_CALL out of range (-ENOEXEC); R_RISCV_ALIGN refused (-ENOEXEC)', async () => {
    const arm = await run(start('relocations-two-archs', 1));
    expect(arm.errno).toBe(8);
    expect(arm.relocations.find((r) => r.symbol === 'printk')).toMatchObject({ typeName: 'R_ARM_THM_CALL', S: '0x00001219' });
    const riscv = await run(start('relocations-two-archs', 2));
    expect(riscv.errno).toBe(8);
    expect(riscv.log).toContain('<err> elf: Alignment relocation is currently not supported!');
  });

  it('debug-failed-load: the first error names board_secret_init, the second undefined_helper', async () => {
    const first = await run(start('debug-failed-load', 1));
    expect(first.log).toContain(
      '<err> llext: Undefined symbol with no entry in symbol table board_secret_init, offset 36, link section 10',
    );
    const second = await run(start('debug-failed-load', 2));
    expect(second.errno).toBe(61);
    expect(second.log.some((l) => l.includes('Undefined symbol with no entry in symbol table undefined_helper'))).toBe(true);
  });

  it('run-code: test_entry prints two lines in 15 instructions; one step leaves a0 = 0x80018000; MPU fault at 0x20002bc4', async () => {
    const first = await run(start('run-code', 1));
    expect(first.calls).toEqual([
      {
        // The document names the extension as Zephyr cut its name (LLEXT_MAX_NAME_LEN).
        ext: 'hello_world.ris',
        fn: 'test_entry',
        args: '',
        console: 'hello world\nA number is 42 (at 0x80018068)\n',
        ret: '0x00000000',
        fault: null,
        instructions: 15,
      },
    ]);
    expect(first.relocations.map((r) => r.typeName)).toEqual(expect.arrayContaining(['R_RISCV_HI20', 'R_RISCV_LO12_I']));
    // Step: the engine run with option cpu-stop 1, as the Run view's Step makes it.
    const s = start('run-code', 2);
    const prepared = await prepareSession({
      ...(await sessionRequest(s, await sessionFiles(s, catalogue, fetchSample))),
      options: { cpuStop: 1 },
    });
    const stepped = await simulate({ files: prepared.files, config: prepared.config });
    const x = explainCall(stepped.events, stepped.document, 0, {});
    expect(x?.headline).toBe('Stopped after 1 instruction; the next instruction is at 0x8002c878.');
    expect(x?.registers.find((r) => r.name === 'a0')?.value).toBe(0x80018000n);
    const arm = await run(start('run-code', 3));
    expect(arm.calls[0]?.fault).toMatchObject({ kind: 'no-execute', pc: '0x20002bc4' });
    expect(arm.calls[0]?.fault?.text).toContain('<err> os: ***** MPU FAULT *****\n<err> os:   Instruction Access Violation\n');
    expect(arm.regions.find((r) => r.name === 'TEXT')?.addr).toBe('0x20002bc4');
  });
});
