#!/usr/bin/env node
// Writes the expected disassembly listings that wasm-core/test/disasm.test.ts holds the Xtensa
// and ARC decoders (wasm-core/src/disasm/) to, from binutils' `objdump -d`:
//
//   wasm-core/test/fixtures/disasm/<sample>.txt   every instruction of the code sections of
//                                                 the Xtensa and ARC samples in public/samples
//   wasm-core/test/fixtures/disasm/<set>.bin/.txt crafted instruction sets (pseudo-random
//                                                 encodings from a fixed seed, one per symbol
//                                                 so objdump decodes each on its own)
//
// Listing lines: `<section>\t<offset hex>\t<size>\t<objdump text>`, the text without the
// `<symbol+offset>` annotations and without Xtensa's `(literal value)` after an L32R; data lines
// (no mnemonic, `...`) are left out. Needs xtensa-lx106-elf-{as,objcopy,objdump} and
// arc-linux-gnu-{as,objcopy,objdump} (`node scripts/setup.mjs test` installs them).
//
// Usage: node scripts/gen-disasm-expect.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'wasm-core/test/fixtures/disasm');
const XT = 'xtensa-lx106-elf-';
const ARC = 'arc-linux-gnu-';

/** Parses `objdump -d` output into listing lines. */
export function parseObjdump(text) {
  const lines = [];
  let section = '';
  for (const line of text.split('\n')) {
    const s = /^Disassembly of section (\S+):$/.exec(line);
    if (s) {
      section = s[1];
      continue;
    }
    const m = /^\s*([0-9a-f]+):\t(.*?)\s*\t(.*)$/.exec(line);
    if (!m || !section) continue;
    const text = m[3]
      .replace(/ <[^>]*>/g, '')
      .replace(/ \([0-9a-f]+\)$/, '')
      .trim();
    if (text === '') continue;
    lines.push({ section, offset: parseInt(m[1], 16), size: m[2].replace(/ /g, '').length / 2, text });
  }
  return lines;
}

const format = (lines) => lines.map((l) => `${l.section}\t${l.offset.toString(16)}\t${l.size}\t${l.text}`).join('\n') + '\n';

function objdump(prefix, file) {
  return execFileSync(`${prefix}objdump`, ['-d', file], { maxBuffer: 1 << 28 }).toString();
}

/** xorshift32 from a fixed seed. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Assembles `cands` (byte arrays), one per symbol, and returns the .text bytes and the listing of each symbol's first instruction. */
function crafted(prefix, asArgs, cands, stripProps) {
  const dir = mkdtempSync(join(tmpdir(), 'disasm-'));
  try {
    let src = '.text\n';
    cands.forEach((b, i) => (src += `c${i}: .byte ${b.join(',')}\n`));
    writeFileSync(join(dir, 'c.s'), src);
    execFileSync(`${prefix}as`, [...asArgs, join(dir, 'c.s'), '-o', join(dir, 'a.o')]);
    // Xtensa's assembler marks .byte as data in .xt.prop; without it objdump decodes them.
    execFileSync(`${prefix}objcopy`, [...(stripProps ? ['-R', '.xt.prop'] : []), join(dir, 'a.o'), join(dir, 'c.o')]);
    execFileSync(`${prefix}objcopy`, ['-O', 'binary', '-j', '.text', join(dir, 'c.o'), join(dir, 'c.bin')]);
    const bin = readFileSync(join(dir, 'c.bin'));
    const starts = new Set();
    let off = 0;
    for (const b of cands) {
      starts.add(off);
      off += b.length;
    }
    const lines = parseObjdump(objdump(prefix, join(dir, 'c.o'))).filter((l) => starts.has(l.offset) && starts.delete(l.offset));
    return { bin, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function xtensaSet() {
  const r = rng(0x5eed1);
  const cands = [];
  for (let i = 0; i < 800; i++) {
    const v = r();
    cands.push([(8 + (v % 6)) | ((v >>> 8) & 0xf0), (v >>> 16) & 0xff]);
  }
  for (let i = 0; i < 3200; i++) {
    const v = r();
    cands.push([(i % 8) | (v & 0xf0), (v >>> 8) & 0xff, (v >>> 16) & 0xff]);
  }
  return crafted(XT, ['--no-transform'], cands, true);
}

/** ARC: 16-bit encodings and 32-bit ones of major opcodes 0 to 5, each followed by a long immediate. */
function arcSet(cpu) {
  const r = rng(cpu === 'archs' ? 0xa4c5 : 0xa4ce);
  const limm = [0x11, 0x22, 0x33, 0x44];
  const cands = [];
  for (let i = 0; i < 1500; i++) {
    const hw = 0x4000 | (r() & 0xbfff);
    cands.push([hw & 0xff, hw >> 8, ...limm]);
  }
  for (let i = 0; i < 3000; i++) {
    const major = i % 6;
    const w = (((r() & 0x07ffffff) | (major << 27)) >>> 0) >>> 0;
    const b6 = ((w >>> 24) & 7) | (((w >>> 12) & 7) << 3);
    const c6 = (w >>> 6) & 0x3f;
    const a6 = w & 0x3f;
    const i6 = (w >>> 16) & 0x3f;
    // Left out: LR/SR (objdump names the auxiliary registers) and PCL as an operand of the
    // general operations and loads, where objdump adds target comments of its own.
    if (major >= 4 && (i6 === 0x2a || i6 === 0x2b || b6 === 63 || c6 === 63 || a6 === 63)) continue;
    if (major === 2 && a6 === 63) continue;
    cands.push([(w >>> 16) & 0xff, (w >>> 24) & 0xff, w & 0xff, (w >>> 8) & 0xff, ...limm]);
  }
  return crafted(ARC, [`-mcpu=${cpu}`], cands, false);
}

function main() {
  mkdirSync(out, { recursive: true });
  const samples = join(root, 'public/samples');
  for (const dir of readdirSync(samples, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(samples, dir.name))) {
      const prefix = /\.lx106[.-]/.test(f) || /\.lx106\.llext$/.test(f) ? XT : /\.arc(hs|em|s)/.test(f) ? ARC : null;
      if (!prefix || !f.endsWith('.llext')) continue;
      const lines = parseObjdump(objdump(prefix, join(samples, dir.name, f)));
      writeFileSync(join(out, `${f}.txt`), format(lines));
      console.log(`${f}: ${lines.length} instructions`);
    }
  }
  const sets = { 'xtensa-lx106-crafted': xtensaSet(), 'arc-archs-crafted': arcSet('archs'), 'arc-arcem-crafted': arcSet('arcem') };
  for (const [name, { bin, lines }] of Object.entries(sets)) {
    writeFileSync(join(out, `${name}.bin`), bin);
    writeFileSync(join(out, `${name}.txt`), format(lines));
    console.log(`${name}: ${lines.length} instructions`);
  }
}

if (process.argv[1] === import.meta.filename) main();
