// The playground's limits (wasm-core/assembly/loader/limits.ts): each stops the run with an
// error diagnostic naming it, the action fails, and the document's message is the limit's.
import { describe, expect, it } from 'vitest';
import { resultOfTrace, simulate, MAX_INPUT_BYTES } from '../src/engine.js';
import { LIMIT_CODES } from '../src/document.js';
import { ElfPatch } from './elf/patch.js';
import { configText, fixture, run } from './sim-harness.js';
import { freshInstance, withEngine } from '../src/wasm.js';
import { prepareSession } from '../src/session.js';
import { readFileSync } from 'node:fs';

const ENOEXEC = 8, EINVAL = 22;
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
    expect([p.bytes.length, p.header('e_shoff'), p.header('e_shnum'), p.section(2, 'sh_size') / 8, p.section(10, 'sh_size') / 16]).toEqual([1196, 0x2a4, 13, 3, 16]);
  });

  it('stops a relocation section that runs past the end of the file (buffer loader)', async () => {
    // .rel.text's 3 entries, then the file ends; sh_size claims 0x10000 bytes: 8192 entries.
    const { bytes } = tableAtEnd(2, 0x10000);
    const doc = await run(bytes);
    expect(doc.ok).toBe(false);
    expect(doc.errno).toBe(ENOEXEC);
    const text = 'Relocation section .rel.text (2) has 8192 entries but the file ends inside entry 3: Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.';
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
    expect(doc.message).toBe('The section header table has 100 entries but the file ends inside entry 13: Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.');
  });

  it('stops a symbol table that runs past the end of the file', async () => {
    // The 16 symbols, then the file ends; sh_size claims 100,000.
    const doc = await run(tableAtEnd(10, 16 * 100000).bytes);
    expect(doc.errno).toBe(ENOEXEC);
    expect(doc.message).toBe('The symbol table has 100000 entries but the file ends inside entry 16: Zephyr would read whatever memory follows the ELF buffer. The playground stops here; the file is truncated or its headers are corrupt.');
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
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' }, heaps: { dynamic: 0x10000000 }, actions: ['heap_init 1073741000', 'load ext 0'],
    });
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics).toContainEqual({ severity: 'error', code: 'heap-size', text: 'Heap llext_heap of 1073741000 bytes is larger than the playground models (64 MiB).' });
  });

  it('refuses an input file larger than 256 MiB before copying it into the engine', async () => {
    const big = new Uint8Array(MAX_INPUT_BYTES + 1);
    await expect(simulate({ files: [big], config: configText() })).rejects.toThrow(
      'input file 0 is 268435457 bytes; the playground loads files of at most 256 MiB');
  });

  it('lists the first 20 relocations that patch memory outside the extension, sums up the rest, and keeps memory bounded', async () => {
    // The benchmark object's 85,960 R_ARM_ABS32 relocations (all but two Thumb calls) moved to
    // r_offset 0x80000000, 2 GiB past .text, where the board has no memory (.rel.text is
    // section 2: offset 0x283cd4, 0xa7e50 bytes).
    const bytes = new Uint8Array(readFileSync(new URL('../../bench/objects/arm-c-90k.o', import.meta.url)));
    const v = new DataView(bytes.buffer);
    for (let o = 0x283cd4; o < 0x283cd4 + 0xa7e50; o += 8) if ((v.getUint32(o + 4, true) & 0xff) === 2) v.setUint32(o, 0x80000000, true);
    // The board and exports the benchmark uses, where the unpatched object loads.
    const session = await prepareSession({ board: 'mps2_an385', files: [{ name: 'outside.llext', bytes }], defines: ['CONFIG_LLEXT_HEAP_SIZE=1812'] });
    const { document: doc } = await simulate({ files: session.files, config: session.config });
    const outside = doc.diagnostics.filter((d) => d.code === 'reloc-outside-memory');
    expect(outside).toHaveLength(21);
    expect(doc.ok).toBe(true);
    expect(outside[0]!.text).toBe('Relocation 0 of section 2 patches 4 bytes at 0xa00050c0, outside the memory the extension owns (r_offset 0x80000000): on the device this corrupts memory. The playground skips the write.');
    expect(outside[20]!.text).toBe('85940 more relocations of this extension had the same problem (reloc-outside-memory); only the first 20 are listed.');
    // A run that records nothing builds none of those texts: the engine's memory stays small
    // (building them for every relocation took 448 MiB before the run ended).
    const memory = await withEngine((wasm) => {
      const at = Number(wasm.newInputFile(bytes.length));
      new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
      wasm.simulateQuiet(session.config);
      return wasm.memory.buffer.byteLength;
    });
    expect(memory).toBeLessThan(64 << 20);
  });

  it('wraps a place past the 32-bit address space as uintptr_t arithmetic does', async () => {
    // hello.o's first relocation moved to r_offset 0xfffffffc: sect_base + r_offset wraps to
    // the four bytes just below .text, inside the LLEXT heap, which Zephyr then patches.
    const p = hello();
    p.setWord(p.section(2, 'sh_offset'), 4, 0xfffffffc);
    const doc = await run(p.bytes);
    const text = doc.sections.find((x) => x.name === '.text')!;
    const first = doc.relocations[0]!;
    expect(first.offset).toBe('0xfffffffc');
    expect(BigInt(first.P)).toBe(BigInt(text.addr) - 4n);
    expect(doc.diagnostics.filter((d) => d.code === 'reloc-outside-memory')).toEqual([]);
  });

  it('stops a run that passes its memory limit with a clear message instead of running out', async () => {
    // A fresh instance (about 1 MiB) and a limit of 8 MiB: the 3.3 MB benchmark object, its
    // 1.8 MiB heap and the heap model's tables take more before the symbols are read.
    const bytes = new Uint8Array(readFileSync(new URL('../../bench/objects/arm-c-90k.o', import.meta.url)));
    const session = await prepareSession({ board: 'mps2_an385', files: [{ name: 'big.llext', bytes }], defines: ['CONFIG_LLEXT_HEAP_SIZE=1812'] });
    const wasm = await freshInstance();
    wasm.addInputFile(bytes);
    const doc = resultOfTrace(wasm.simulate(`${session.config}option memory-limit 8\n`), session.config).document;
    expect(doc.ok).toBe(false);
    const text = 'The simulation stopped after using 8 MiB of memory: the input makes the loader produce too much to keep (for example a diagnostic for each of millions of entries).';
    expect(limitDiags(doc)).toEqual([{ severity: 'error', code: 'memory-limit', text }]);
    expect(doc.message).toBe(text);
  });
});
