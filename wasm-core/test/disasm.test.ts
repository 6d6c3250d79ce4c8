// The Xtensa and ARC decoders (wasm-core/src/disasm/) against binutils' `objdump -d`: every
// instruction of the code sections of the lx106, ARC HS and ARC EM samples, and crafted sets of
// pseudo-random encodings. The expected listings in fixtures/disasm/ are objdump's, written by
// scripts/gen-disasm-expect.mjs; when the cross binutils are installed, objdump is also run
// on the samples here and must agree with the committed listings.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeAt,
  disassemble,
  displayText,
  instructionsAt,
  objdumpText,
  optionsForElf,
  type DisasmArch,
  type DisasmOptions,
} from '../src/disasm/index.js';
import { readElf } from './oracle/elf.js';
import { parseObjdump } from '../../scripts/gen-disasm-expect.mjs';

const root = join(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures/disasm');

interface Line {
  section: string;
  offset: number;
  size: number;
  text: string;
}

function readListing(name: string): Line[] {
  return readFileSync(join(fixtures, name), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => {
      const [section, offset, size, ...text] = l.split('\t');
      return { section, offset: parseInt(offset, 16), size: Number(size), text: text.join('\t') };
    });
}

/** Lines where the decoder's text or size differ from objdump's, and the count of undecoded ones. */
function compare(arch: DisasmArch, code: (section: string) => { bytes: Uint8Array; addr: number }, lines: Line[], opts: DisasmOptions) {
  const diffs: string[] = [];
  const unknown: Line[] = [];
  for (const l of lines) {
    // Xtensa objects with literals in .text mark the literal pools as data in .xt.prop; objdump
    // prints their alignment bytes as `.byte 00` (and the literals without a mnemonic, which the
    // listing leaves out). Those are not instructions.
    if (arch === 'xtensa' && l.text === '.byte 00') continue;
    const { bytes, addr } = code(l.section);
    const i = decodeAt(arch, bytes, l.offset - addr, l.offset, opts);
    if (i && !i.known) {
      unknown.push(l);
      continue;
    }
    const got = i ? objdumpText(i) : '(truncated)';
    if (got !== l.text || i?.size !== l.size)
      diffs.push(
        `${l.section}+${l.offset.toString(16)}: objdump ${JSON.stringify(l.text)} (${l.size}), decoder ${JSON.stringify(got)} (${i?.size})`,
      );
  }
  return { diffs, unknown };
}

interface Sample {
  file: string;
  path: string;
  arch: DisasmArch;
  objdump: string;
}

const samples: Sample[] = readdirSync(join(root, 'public/samples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(root, 'public/samples', d.name))
      .filter((f) => f.endsWith('.llext') && /\.(lx106|archs|arcem)[.-]/.test(f))
      .map((f) => {
        const arch: DisasmArch = f.includes('.lx106') ? 'xtensa' : 'arc';
        return {
          file: f,
          path: join(root, 'public/samples', d.name, f),
          arch,
          objdump: arch === 'xtensa' ? 'xtensa-lx106-elf-objdump' : 'arc-linux-gnu-objdump',
        };
      }),
  );

/** The listing's addresses are objdump's: section address plus offset. */
function sectionBytes(path: string): (section: string) => { bytes: Uint8Array; addr: number } {
  const elf = readElf(new Uint8Array(readFileSync(path)));
  return (name) => {
    const s = elf.section(name);
    if (!s) throw new Error(`no section ${name}`);
    return { bytes: elf.contents(s), addr: Number(s.addr) };
  };
}

function hasTool(tool: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, tool)));
}

describe('disassembly of the samples matches objdump -d', () => {
  it('finds the Xtensa, ARC HS and ARC EM samples', () => {
    expect(samples.map((s) => s.file).sort()).toEqual([
      'cpu_mix.lx106-longcalls.llext',
      'data_mix.arcem-longcalls.llext',
      'data_mix.archs.llext',
      'data_mix.lx106-longcalls.llext',
      'data_mix.lx106-pic.llext',
      'data_mix.lx106.llext',
      'hello_world.archs.llext',
      'hello_world.lx106-pic.llext',
    ]);
  });

  for (const s of samples) {
    it(`${s.file}: every instruction as in the committed listing`, () => {
      const lines = readListing(`${s.file}.txt`);
      const bytes = new Uint8Array(readFileSync(s.path));
      const { diffs, unknown } = compare(s.arch, sectionBytes(s.path), lines, {
        lx106: s.arch === 'xtensa',
        ...optionsForElf(s.arch, bytes),
      });
      expect(diffs).toEqual([]);
      expect(unknown).toEqual([]);
      expect(lines.length).toBeGreaterThan(5);
    });

    it.runIf(hasTool(s.objdump))(`${s.file}: the committed listing is what ${s.objdump} prints`, () => {
      const live = parseObjdump(execFileSync(s.objdump, ['-d', s.path]).toString());
      expect(live).toEqual(readListing(`${s.file}.txt`));
    });
  }
});

describe('crafted instruction sets match objdump -d', () => {
  const sets: { name: string; arch: DisasmArch; opts: DisasmOptions }[] = [
    { name: 'xtensa-lx106-crafted', arch: 'xtensa', opts: { lx106: true } },
    { name: 'arc-archs-crafted', arch: 'arc', opts: { cpu: 'archs' } },
    { name: 'arc-arcem-crafted', arch: 'arc', opts: { cpu: 'arcem' } },
  ];
  for (const set of sets) {
    it(`${set.name}: every decoded instruction as objdump prints it`, () => {
      const bin = new Uint8Array(readFileSync(join(fixtures, `${set.name}.bin`)));
      const lines = readListing(`${set.name}.txt`);
      const { diffs, unknown } = compare(set.arch, () => ({ bytes: bin, addr: 0 }), lines, set.opts);
      expect(diffs).toEqual([]);
      if (set.arch === 'xtensa') expect(unknown).toEqual([]);
      // The decoder leaves out only extension instructions of ARC major opcodes 4 and 5 (DSP,
      // LP, FLAG, AEX, ...), never a 16-bit one or a branch, load or store.
      for (const l of unknown) expect(bin[l.offset + 1] >> 3, `${l.text} at ${l.offset}`).toBeGreaterThanOrEqual(4);
      for (const l of unknown) expect(bin[l.offset + 1] >> 3, `${l.text} at ${l.offset}`).toBeLessThanOrEqual(5);
      expect(lines.length).toBeGreaterThan(3900);
    });
  }
});

describe('decoder details', () => {
  it('reads the ARC long immediate middle-endian and prints PC-relative targets from the aligned PC', () => {
    // mov_s r13,0x12345678 ; bl.d 0x40 (at 0x56: PCL 0x54) ; ld r3,[0x12345678]
    const code = new Uint8Array([
      0xcb, 0x45, 0x34, 0x12, 0x78, 0x56, 0x02, 0x08, 0x20, 0x00, 0x00, 0x16, 0x03, 0x70, 0x34, 0x12, 0x78, 0x56,
    ]);
    const insns = disassemble('arc', code, 0x50);
    expect(insns.map((i) => [i.address, i.size, displayText(i)])).toEqual([
      [0x50, 6, 'mov_s r13,0x12345678'],
      [0x56, 4, 'bl.d 0 ;54'],
      [0x5a, 8, 'ld r3,[0x12345678]'],
    ]);
  });

  it('finds the instruction that holds an ARC R_ARC_32_ME site', () => {
    const code = new Uint8Array([0xe0, 0x78, 0xcb, 0x45, 0x34, 0x12, 0x78, 0x56, 0xe0, 0x78]);
    const at = instructionsAt('arc', code, 0x1000, 4, 4);
    expect(at.map((i) => [i.offset, displayText(i)])).toEqual([[2, 'mov_s r13,0x12345678']]);
  });

  it('decodes the Xtensa windowed ABI when not limited to the lx106 configuration', () => {
    // entry a1, 32 ; call8 +0 ; callx8 a8 ; retw.n ; retw
    const code = new Uint8Array([0x36, 0x41, 0x00, 0x25, 0x00, 0x00, 0xe0, 0x08, 0x00, 0x1d, 0xf0, 0x90, 0x00, 0x00]);
    expect(disassemble('xtensa', code, 0x100).map(displayText)).toEqual(['entry a1, 32', 'call8 104', 'callx8 a8', 'retw.n', 'retw']);
    expect(disassemble('xtensa', code, 0x100, { lx106: true }).map(displayText)).toEqual(['excw', 'excw', 'excw', 'excw', 'excw']);
  });

  it('prints CONST16 only for cores that have it', () => {
    const code = new Uint8Array([0x24, 0x34, 0x12]);
    expect(disassemble('xtensa', code, 0, { const16: true }).map(displayText)).toEqual(['const16 a2, 0x1234']);
    expect(disassemble('xtensa', code, 0).map(displayText)).toEqual(['.byte 0x24']);
  });
});
