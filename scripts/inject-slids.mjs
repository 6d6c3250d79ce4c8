#!/usr/bin/env node
// Writes SLIDs into the symbol table of an LLEXT ELF, the way Zephyr's
// scripts/build/llext_inject_slids.py does as the last packaging step of an
// extension built for an image with CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID.
//
//   node scripts/inject-slids.mjs <input.llext> <output.llext>
//
// Rules mirrored from the Zephyr script:
// - the symbol table is ".dynsym" for ET_DYN and ".symtab" for ET_REL, found by
//   name; any other e_type is an error;
// - imports are the symbols with STT_NOTYPE, STB_GLOBAL and SHN_UNDEF (weak
//   imports and undefined FUNC/OBJECT symbols are left alone);
// - SLID = the first 4 (ELFCLASS32) or 8 (ELFCLASS64) bytes of
//   SHA-256(name), read as a big-endian unsigned integer;
// - it is stored in st_value in the file's byte order;
// - a non-zero st_value aborts ("unexpected non-zero st_value for symbol X"),
//   which also makes a second run on the same file fail.
// Unlike the Python script, nothing is written unless every import succeeds.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ET_REL = 1;
const ET_DYN = 3;
const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const STT_NOTYPE = 0;
const STB_GLOBAL = 1;
const SHN_UNDEF = 0;

export function slidOf(name, bytes) {
  const digest = createHash('sha256').update(name, 'utf8').digest();
  let v = 0n;
  for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(digest[i]);
  return v;
}

function readerFor(buf) {
  if (buf.length < 0x34 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  if (buf[4] !== 1 && buf[4] !== 2) throw new Error(`bad EI_CLASS ${buf[4]}`);
  if (buf[5] !== 1 && buf[5] !== 2) throw new Error(`bad EI_DATA ${buf[5]}`);
  const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u64 = (o) => (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o));
  const word = (o) => (is64 ? u64(o) : BigInt(u32(o)));
  const writeWord = (o, v) => {
    if (is64) le ? buf.writeBigUInt64LE(v, o) : buf.writeBigUInt64BE(v, o);
    else le ? buf.writeUInt32LE(Number(v), o) : buf.writeUInt32BE(Number(v), o);
  };
  return { is64, u16, u32, word, writeWord };
}

function sectionHeaders(buf, r) {
  const shoff = Number(r.word(r.is64 ? 0x28 : 0x20));
  const shentsize = r.u16(r.is64 ? 0x3a : 0x2e);
  const shnum = r.u16(r.is64 ? 0x3c : 0x30);
  const shstrndx = r.u16(r.is64 ? 0x3e : 0x32);
  const headers = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    if (o + shentsize > buf.length) throw new Error(`section header ${i} outside the file`);
    headers.push({
      nameOff: r.u32(o),
      type: r.u32(o + 4),
      offset: Number(r.word(r.is64 ? o + 0x18 : o + 0x10)),
      size: Number(r.word(r.is64 ? o + 0x20 : o + 0x14)),
      link: r.u32(r.is64 ? o + 0x28 : o + 0x18),
    });
  }
  const cstr = (base, off) => {
    let end = base + off;
    while (end < buf.length && buf[end] !== 0) end++;
    return buf.toString('utf8', base + off, end);
  };
  const shstr = headers[shstrndx];
  for (const h of headers) h.name = shstr ? cstr(shstr.offset, h.nameOff) : '';
  return { headers, cstr };
}

export function injectSlids(input) {
  const buf = Buffer.from(input);
  const r = readerFor(buf);
  const eType = r.u16(0x10);
  const wanted = eType === ET_DYN ? '.dynsym' : eType === ET_REL ? '.symtab' : null;
  if (!wanted) throw new Error(`unexpected ELF file type ${eType}`);
  const { headers, cstr } = sectionHeaders(buf, r);
  const symtab = headers.find((h) => h.name === wanted && (h.type === SHT_SYMTAB || h.type === SHT_DYNSYM));
  if (!symtab) throw new Error('no symbol table found in file');
  const strtab = headers[symtab.link];

  const symSize = r.is64 ? 24 : 16;
  const valueOff = r.is64 ? 8 : 4;
  const slidBytes = r.is64 ? 8 : 4;
  const injected = [];
  for (let i = 0; i * symSize + symSize <= symtab.size; i++) {
    const o = symtab.offset + i * symSize;
    const info = buf[r.is64 ? o + 4 : o + 12];
    const shndx = r.u16(r.is64 ? o + 6 : o + 14);
    if ((info & 0xf) !== STT_NOTYPE || info >> 4 !== STB_GLOBAL || shndx !== SHN_UNDEF) continue;
    const name = cstr(strtab.offset, r.u32(o));
    if (r.word(o + valueOff) !== 0n) throw new Error(`unexpected non-zero st_value for symbol ${name}`);
    const slid = slidOf(name, slidBytes);
    r.writeWord(o + valueOff, slid);
    injected.push({ name, slid });
  }
  return { bytes: buf, injected };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: inject-slids.mjs <input.llext> <output.llext>');
    process.exit(2);
  }
  try {
    const { bytes, injected } = injectSlids(readFileSync(input));
    writeFileSync(output, bytes);
    const width = bytes[4] === 2 ? 16 : 8;
    for (const s of injected) console.log(`${s.name} -> 0x${s.slid.toString(16).toUpperCase().padStart(width, '0')}`);
  } catch (err) {
    console.error(`inject-slids: ${input}: ${err.message}`);
    process.exit(1);
  }
}
