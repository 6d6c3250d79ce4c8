#!/usr/bin/env node
// Mirrors Zephyr's scripts/build/llext_prepare_exptab.py for test images: replaces
// every name pointer of llext_const_symbol_area with the symbol's SLID (first
// pointer-size bytes of SHA-256(name), big-endian), sorts the table by SLID and
// sets SHF_LLEXT_PREPARATION_DONE (0x08000000) in the section's flags.
// Usage: prepare-exptab.mjs IN.elf OUT.elf
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [inPath, outPath] = process.argv.slice(2);
if (!inPath || !outPath) {
  console.error('usage: prepare-exptab.mjs IN.elf OUT.elf');
  process.exit(2);
}
const buf = Buffer.from(readFileSync(inPath));
const is64 = buf[4] === 2;
const le = buf[5] === 1;
const rd = (o, n) =>
  n === 8 ? (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : BigInt(le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
const wr = (o, n, v) =>
  n === 8
    ? le
      ? buf.writeBigUInt64LE(v, o)
      : buf.writeBigUInt64BE(v, o)
    : le
      ? buf.writeUInt32LE(Number(v), o)
      : buf.writeUInt32BE(Number(v), o);
const r16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
const ps = is64 ? 8 : 4;
const shoff = Number(rd(is64 ? 40 : 32, ps));
const shentsize = r16(is64 ? 58 : 46);
const shnum = r16(is64 ? 60 : 48);
const shstrndx = r16(is64 ? 62 : 50);
const sh = (i) => {
  const o = shoff + i * shentsize;
  return {
    o,
    name: buf.readUInt32LE(o),
    flagsOff: o + 8,
    addr: rd(o + (is64 ? 16 : 12), ps),
    offset: Number(rd(o + (is64 ? 24 : 16), ps)),
    size: Number(rd(o + (is64 ? 32 : 20), ps)),
  };
};
const strtab = sh(shstrndx);
const cstr = (off) => buf.toString('latin1', off, buf.indexOf(0, off));
const sections = Array.from({ length: shnum }, (_, i) => sh(i));
const area = sections.find((s) => cstr(strtab.offset + s.name) === 'llext_const_symbol_area');
if (!area) throw new Error('no llext_const_symbol_area section');
const fileOf = (vaddr) => {
  const s = sections.find((x) => x.addr !== 0n && vaddr >= x.addr && vaddr < x.addr + BigInt(x.size));
  if (!s) throw new Error(`address 0x${vaddr.toString(16)} is in no section`);
  return s.offset + Number(vaddr - s.addr);
};
const entries = [];
for (let off = area.offset; off < area.offset + area.size; off += 2 * ps) {
  const name = cstr(fileOf(rd(off, ps)));
  const slid = BigInt(
    '0x' +
      createHash('sha256')
        .update(name, 'utf8')
        .digest('hex')
        .slice(0, ps * 2),
  );
  entries.push({ slid, addr: rd(off + ps, ps) });
}
entries.sort((a, b) => (a.slid < b.slid ? -1 : a.slid > b.slid ? 1 : 0));
entries.forEach((e, i) => {
  wr(area.offset + i * 2 * ps, ps, e.slid);
  wr(area.offset + i * 2 * ps + ps, ps, e.addr);
});
wr(area.flagsOff, ps, rd(area.flagsOff, ps) | 0x08000000n);
writeFileSync(outPath, buf);
