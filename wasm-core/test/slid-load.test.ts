// Loading SLID-processed extensions: the built-in table is searched by the SLID
// stored in st_value (4 bytes on 32-bit targets, 8 on 64-bit ones).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../src/engine.js';
import { prepareSession } from '../src/session.js';
import { defaultPrjConf } from '../src/config/index.js';
import { ElfPatch } from './elf/patch.js';

const samples = join(import.meta.dirname, '..', '..', 'public', 'samples');

async function load(board: string, path: string, extra: string[], patch?: (p: ElfPatch) => void) {
  let bytes: Uint8Array = new Uint8Array(readFileSync(join(samples, path)));
  if (patch) {
    const p = new ElfPatch(bytes);
    patch(p);
    bytes = p.bytes;
  }
  const s = await prepareSession({
    board,
    files: [{ name: path.split('/').pop()!, bytes }],
    prjConf: [defaultPrjConf(), ...extra].join('\n'),
  });
  return (await simulate({ files: s.files, config: s.config })).document;
}

describe('SLID linking', () => {
  it('resolves printk by its 32-bit SLID on a 32-bit ARM image', async () => {
    const d = await load('nrf52840dk', 'hello_world/hello_world.slid.llext', ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y']);
    expect(d.ok).toBe(true);
    expect(d.imports).toEqual([expect.objectContaining({ name: 'printk', slid: '0x87b31052', resolvedFrom: 'zephyr' })]);
  });

  it('resolves printk by its 64-bit SLID on RV64', async () => {
    const d = await load('qemu_riscv64', 'hello_world/hello_world.riscv64-medany.slid.llext', ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y']);
    expect(d.ok).toBe(true);
    expect(d.imports).toEqual([expect.objectContaining({ name: 'printk', slid: '0x87b3105268827052', resolvedFrom: 'zephyr' })]);
  });

  it('fails like Zephyr when the image links by SLID but the extension was not processed', async () => {
    const d = await load('nrf52840dk', 'hello_world/hello_world.llext', ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y']);
    expect(d.ok).toBe(false);
    expect(d.errno).toBe(61);
    expect(d.message).toMatch(/^Undefined symbol with no entry in symbol table printk, offset \d+, link section \d+$/);
    expect(d.diagnostics.map((x) => x.code)).toContain('slid-missing');
  });

  it('still links a SLID-processed extension by name when the image links by name, and says so', async () => {
    const d = await load('nrf52840dk', 'hello_world/hello_world.slid.llext', []);
    expect(d.ok).toBe(true);
    expect(d.diagnostics.map((x) => x.code)).toContain('slid-injected');
  });

  it('names a SLID that does not match the symbol name', async () => {
    // The lower half of printk's 64-bit SLID: what a table prepared for the wrong pointer size would hold.
    const d = await load('nrf52840dk', 'hello_world/hello_world.slid.llext', ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y'], (p) =>
      p.setSymbol('printk', 'st_value', 0x68827052),
    );
    expect(d.ok).toBe(false);
    expect(d.errno).toBe(61);
    const mismatch = d.diagnostics.find((x) => x.code === 'slid-mismatch');
    expect(mismatch?.text).toBe(
      '1 SLID in the extension does not match SHA-256 of the symbol name (e.g. printk: expected 0x87B31052). The extension was post-processed for another pointer size or edited.',
    );
  });
});
