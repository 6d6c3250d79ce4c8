// The playground's limits (wasm-core/assembly/loader/limits.ts): each stops the run with an
// error diagnostic naming it, the action fails, and the document's message is the limit's.
import { describe, expect, it } from 'vitest';
import { resultOfTrace, simulate, MAX_INPUT_BYTES } from '../src/engine.js';
import { LIMIT_CODES } from '../src/document.js';
import { ElfPatch } from './elf/patch.js';
import { configText, fixture, run } from './sim-harness.js';
import { freshInstance } from '../src/wasm.js';
import { prepareSession } from '../src/session.js';
import { readFileSync } from 'node:fs';

const ENOEXEC = 8,
  EINVAL = 22;
/** hello.o (fixtures/build.sh): .rel.text = section 2 with 3 entries, .symtab = 10 with 16
 * symbols, 13 section headers at 0x2a4; the file is 1196 bytes. */
const hello = () => new ElfPatch(fixture('hello.o'));

/** hello.o with section `index`'s contents moved to the end of the file and its size set to
 * `size`: the entries that were there stay valid, the rest lie past the end of the file. */
function tableAtEnd(index: number, size: number): { bytes: Uint8Array; inside: number } {
  const p = hello();
  const data = p.contents(index).slice();
  const grown = new Uint8Array(p.bytes.length + data.length);
  grown.set(p.bytes);
  grown.set(data, p.bytes.length);
  const q = new ElfPatch(grown);
  q.setSection(index, 'sh_offset', p.bytes.length).setSection(index, 'sh_size', size);
  return { bytes: q.bytes, inside: data.length };
}
const limitDiags = (d: { diagnostics: { code: string; severity: string }[] }) => d.diagnostics.filter((x) => LIMIT_CODES.has(x.code));

describe('limits', () => {
  it('hello.o is what the comments say', () => {
    const p = hello();
    expect([p.bytes.length, p.header('e_shoff'), p.header('e_shnum'), p.section(2, 'sh_size') / 8, p.section(10, 'sh_size') / 16]).toEqual([
      1196, 0x2a4, 13, 3, 16,
    ]);
  });

  it('stops a relocation section that runs past the end of the file (buffer loader)', async () => {
    // .rel.text's 3 entries, then the file ends; sh_size claims 0x10000 bytes: 8192 entries.
    const { bytes } = tableAtEnd(2, 0x10000);
    const doc = await run(bytes);
    expect(doc.ok).toBe(false);
    expect(doc.errno).toBe(ENOEXEC);
    const text =
      'Relocation section .rel.text (2) has 8192 entries but the file ends inside entry 3: Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.';
    expect(doc.message).toBe(text);
    expect(limitDiags(doc)).toEqual([{ severity: 'error', code: 'past-end-of-file', text }]);
    expect(doc.relocations).toHaveLength(3);
    expect(doc.log.at(-1)).toBe('<err> llext: Failed to link, ret -8');
  });

  it('leaves the filesystem loader failing its short read as before (-EINVAL, no limit)', async () => {
    const doc = await run(tableAtEnd(2, 0x10000).bytes, { options: { loader: 'fs' } });
    expect(doc.errno).toBe(EINVAL);
    expect(doc.relocations).toHaveLength(3);
    expect(limitDiags(doc)).toEqual([]);
  });

  it('stops a section header table that runs past the end of the file', async () => {
    const p = hello();
    p.setHeader('e_shnum', 100);
    // (1196 - 0x2a4) / 40 = 13 whole headers fit.
    const doc = await run(p.bytes);
    expect(doc.errno).toBe(ENOEXEC);
    expect(doc.message).toBe(
      'The section header table has 100 entries but the file ends inside entry 13: Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.',
    );
  });

  it('stops a symbol table that runs past the end of the file', async () => {
    // The 16 symbols, then the file ends; sh_size claims 100,000.
    const doc = await run(tableAtEnd(10, 16 * 100000).bytes);
    expect(doc.errno).toBe(ENOEXEC);
    expect(doc.message).toBe(
      'The symbol table has 100000 entries but the file ends inside entry 16: Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.',
    );
  });

  it('stops when the step budget runs out, and later actions do not run', async () => {
    const doc = await run(fixture('hello.o'), { options: { 'step-budget': '5' }, actions: ['load ext 0', 'unload ext'] });
    expect(doc.ok).toBe(false);
    expect(doc.message).toBe('The simulation stopped after 5 steps: the input is too large or loops. Raise the step budget to continue.');
    expect(doc.actions.map((a) => a.action)).toEqual(['load']);
    // The same file loads with the default budget.
    expect((await run(fixture('hello.o'))).ok).toBe(true);
  });

  it('refuses a heap larger than the model before allocating it', async () => {
    const doc = await run(fixture('hello.o'), {
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' },
      heaps: { dynamic: 0x10000000 },
      actions: ['heap_init 1073741000', 'load ext 0'],
    });
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics).toContainEqual({
      severity: 'error',
      code: 'heap-size',
      text: 'Heap llext_heap of 1073741000 bytes is larger than the playground models (64 MiB).',
    });
  });

  it('refuses an input file larger than 256 MiB before copying it into the engine', async () => {
    const big = new Uint8Array(MAX_INPUT_BYTES + 1);
    await expect(simulate({ files: [big], config: configText() })).rejects.toThrow(
      'input file 0 is 268435457 bytes; the playground loads files of at most 256 MiB',
    );
  });

  it('lists the first 20 relocations that name a symbol past the symbol table, sums up the rest, and keeps memory bounded', async () => {
    // The benchmark object's 85,960 R_ARM_ABS32 relocations (all but two Thumb calls) made to
    // name symbol 46942, the first entry past its symbol table (.rel.text is section 2:
    // offset 0x283cd4, 0xa7e50 bytes). Zephyr reads whatever follows the table and, since
    // llext_link() goes on after a failed relocation, fails every one of them.
    const bytes = new Uint8Array(readFileSync(new URL('../../bench/objects/arm-c-90k.o', import.meta.url)));
    const v = new DataView(bytes.buffer);
    for (let o = 0x283cd4; o < 0x283cd4 + 0xa7e50; o += 8)
      if ((v.getUint32(o + 4, true) & 0xff) === 2) v.setUint32(o + 4, (46942 << 8) | 2, true);
    // The board and exports the benchmark uses, where the unpatched object loads.
    const session = await prepareSession({
      board: 'mps2_an385',
      files: [{ name: 'outside.llext', bytes }],
      defines: ['CONFIG_LLEXT_HEAP_SIZE=1812'],
    });
    const { document: doc } = await simulate({ files: session.files, config: session.config });
    const listed = doc.diagnostics.filter((d) => d.code === 'symbol-index');
    expect(listed).toHaveLength(21);
    expect(listed[0]!.text).toBe(
      'Relocation 0 of .rel.text names symbol 46942, past the end of the symbol table (46942 entries): Zephyr reads whatever lies there.',
    );
    expect(listed[20]!.text).toBe(
      '85940 more relocations of this extension had the same problem (symbol-index); only the first 20 are listed.',
    );
    // Every relocation was tried (two error lines each), and the first error is the result.
    expect([doc.ok, doc.errno, doc.message]).toEqual([
      false,
      8,
      'cannot apply relocation: target symbol has unexpected section index 100 (0x64)',
    ]);
    expect(doc.log.filter((l) => l === '<err> elf: Could not find symbol !')).toHaveLength(85960);
    // A run that records nothing builds none of those texts: a fresh engine's memory stays
    // small (the recorded run above grew the shared instance for its 171,920 log lines).
    const wasm = await freshInstance();
    const at = Number(wasm.newInputFile(bytes.length));
    new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
    expect(wasm.simulateQuiet(session.config)).toBe(-8);
    expect(wasm.memory.buffer.byteLength).toBeLessThan(64 << 20);
  });

  it('refuses an r_offset past the end of its section, however large (it would wrap as uintptr_t arithmetic)', async () => {
    // hello.o's first relocation moved to r_offset 0xfffffffc: sect_base + r_offset would wrap
    // to the four bytes just below .text; llext_link() checks the offset against the size of
    // .text (section 1) first and stops with -ENOEXEC.
    const p = hello();
    p.setWord(p.section(2, 'sh_offset'), 4, 0xfffffffc);
    const doc = await run(p.bytes);
    const size = doc.sections.find((x) => x.name === '.text')!.size;
    expect([doc.ok, doc.errno, doc.message]).toEqual([
      false,
      8,
      `relocation r_offset 0xfffffffc out of section 1 (size 0x${size.toString(16)})`,
    ]);
    expect(doc.relocations).toEqual([]);
  });

  it('stops a run that passes its memory limit with a clear message instead of running out', async () => {
    // A fresh instance (about 1 MiB) and a limit of 8 MiB: the 3.3 MB benchmark object, its
    // 1.8 MiB heap and the heap model's tables take more before the symbols are read.
    const bytes = new Uint8Array(readFileSync(new URL('../../bench/objects/arm-c-90k.o', import.meta.url)));
    const session = await prepareSession({
      board: 'mps2_an385',
      files: [{ name: 'big.llext', bytes }],
      defines: ['CONFIG_LLEXT_HEAP_SIZE=1812'],
    });
    const wasm = await freshInstance();
    wasm.addInputFile(bytes);
    const doc = resultOfTrace(wasm.simulate(`${session.config}option memory-limit 8\n`), session.config).document;
    expect(doc.ok).toBe(false);
    const text =
      'The simulation stopped after using 8 MiB of memory: the input makes the loader produce too much to keep (for example a diagnostic for each of millions of entries).';
    expect(limitDiags(doc)).toEqual([{ severity: 'error', code: 'memory-limit', text }]);
    expect(doc.message).toBe(text);
  });
});
