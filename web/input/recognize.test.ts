import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { recognise as recogniseWith } from './recognize.js';
import { hexProblem, parseHexText } from './hex.js';
import { identifyFile } from '@core/engine.js';

/** The playground asks the engine in a worker; the tests ask it directly. */
const recognise = (name: string, bytes: Uint8Array) => recogniseWith(name, bytes, identifyFile);

const sample = (p: string): Uint8Array => new Uint8Array(readFileSync(`public/samples/${p}`));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A minimal ELF header (no sections): magic, class, data, then e_type at offset 16; `extra` follows it. */
function elfHeader(type: number, bigEndian = false, extra = ''): Uint8Array {
  const b = new Uint8Array(64 + extra.length);
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, bigEndian ? 2 : 1, 1]);
  if (bigEndian) {
    b[16] = type >> 8;
    b[17] = type & 0xff;
  } else {
    b[16] = type & 0xff;
    b[17] = type >> 8;
  }
  b.set(text(extra), 64);
  return b;
}
const zephyrImage = new Uint8Array(readFileSync('wasm-core/test/fixtures/zephyr_image/zephyr.elf'));

describe('recognise', () => {
  it('takes relocatable objects and shared libraries as extensions', async () => {
    expect(await recognise('hello_world.llext', sample('hello_world/hello_world.llext'))).toMatchObject({
      kind: 'extension',
      elfType: 'ET_REL',
      note: null,
    });
    expect(await recognise('x.so', sample('data_mix/data_mix.so.llext'))).toMatchObject({ kind: 'extension', elfType: 'ET_DYN' });
  });

  it('reads e_type in the byte order the file declares', async () => {
    expect(await recognise('be.o', elfHeader(1, true))).toMatchObject({ kind: 'extension', elfType: 'ET_REL' });
    expect(await recognise('be.o', elfHeader(3, true))).toMatchObject({ kind: 'extension', elfType: 'ET_DYN' });
  });

  it('takes an executable with the export section as a Zephyr image and refuses one without', async () => {
    expect(await recognise('zephyr.elf', zephyrImage)).toMatchObject({ kind: 'zephyr-elf', note: null });
    // The section is looked up by name in the section headers: the name elsewhere in the file does not count.
    expect((await recognise('fake.elf', elfHeader(2, false, '\0llext_const_symbol_area\0'))).kind).toBe('rejected');
    const r = await recognise('app.elf', elfHeader(2));
    expect(r.kind).toBe('rejected');
    if (r.kind === 'rejected') expect(r.reason).toContain('without a llext_const_symbol_area section');
  });

  it('says when a file is not what its name claims', async () => {
    const r = await recognise('zephyr.elf', sample('hello_world/hello_world.llext'));
    expect(r).toMatchObject({ kind: 'extension' });
    if (r.kind === 'extension')
      expect(r.note).toBe('zephyr.elf is an extension (relocatable object), not a Zephyr image: it was added as an extension.');
    const junk = await recognise('ext.llext', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff]));
    expect(junk).toEqual({
      kind: 'rejected',
      reason: 'ext.llext is not an ELF file: it starts with bytes 50 4b 03 04 instead of the ELF magic 7f 45 4c 46.',
    });
  });

  it('recognises prj.conf text, including "is not set" lines', async () => {
    expect(await recognise('a.txt', text('# x\nCONFIG_LLEXT=y\n# CONFIG_LOG is not set\n\nCONFIG_LLEXT_HEAP_SIZE=16\n'))).toMatchObject({
      kind: 'prj-conf',
    });
    expect(await recognise('notes.txt', text('hello there'))).toMatchObject({ kind: 'rejected' });
  });

  it('decodes a load_hex string and recognises what it holds', async () => {
    const hex = Buffer.from(sample('hello_world/hello_world.llext')).toString('hex');
    const r = await recognise('paste', text(`uart:~$ llext load_hex hello ${hex.slice(0, 100)}\n${hex.slice(100)}`));
    expect(r).toMatchObject({ kind: 'hex', name: 'hello', inner: { kind: 'extension', elfType: 'ET_REL' } });
    expect(await recognise('paste', text('0a0b0c0d'))).toMatchObject({ kind: 'rejected' });
  });
});

describe('recognise, what the engine says', () => {
  it('names an ELF type the loader cannot use', async () => {
    expect(await recognise('core', elfHeader(4))).toEqual({
      kind: 'rejected',
      reason: 'core is an ELF file of type ET_CORE (not ET_REL, ET_DYN or ET_EXEC): the loader cannot use it.',
    });
    expect(await recognise('odd', elfHeader(0x1234))).toEqual({
      kind: 'rejected',
      reason: 'odd is an ELF file of type 4660 (not ET_REL, ET_DYN or ET_EXEC): the loader cannot use it.',
    });
  });
});

describe('parseHexText', () => {
  it('decodes pairs of digits and refuses odd or non-hex text', () => {
    expect(parseHexText('7f45 4c46')).toEqual({ name: null, bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]) });
    expect(parseHexText('llext load_hex ext 0aFF')).toEqual({ name: 'ext', bytes: new Uint8Array([0x0a, 0xff]) });
    expect(parseHexText('abc')).toBeNull();
    expect(parseHexText('zz')).toBeNull();
  });
});

describe('hexProblem', () => {
  it('accepts what parseHexText accepts', () => {
    expect(hexProblem('7f45 4c46')).toBeNull();
    expect(hexProblem('uart:~$ llext load_hex ext 0aFF\n')).toBeNull();
  });
  it('points at the first character that is not a hex digit', () => {
    expect(hexProblem('7f454c46zz')).toEqual({ message: "'z' at character 9 is not a hex digit (0–9, a–f).", index: 8 });
    expect(hexProblem('7f45\n4c4g6')).toEqual({ message: "'g' at line 2, column 4 is not a hex digit (0–9, a–f).", index: 8 });
    expect(hexProblem('llext load_hex ext 0x7f')).toEqual({ message: "'x' at character 21 is not a hex digit (0–9, a–f).", index: 20 });
  });
  it('explains an odd number of digits and empty text', () => {
    expect(hexProblem('7f454')?.message).toBe('5 hex digits is an odd count: every byte takes two digits, so one is missing.');
    expect(hexProblem('  \n')).toEqual({ message: 'There are no hex digits to decode.', index: -1 });
  });
});
