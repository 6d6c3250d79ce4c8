import { describe, expect, it } from 'vitest';
import { combineFiles } from './replaceOffer.js';
import type { RunFile } from '../engine/protocol.js';

const f = (name: string, role: RunFile['role'] = 'extension'): RunFile => ({ name, role, bytes: new Uint8Array([name.length]) });

describe('combineFiles', () => {
  const current = [f('a.llext'), f('b.llext'), f('zephyr.elf', 'zephyr-elf')];
  it('replaces the extensions and keeps the Zephyr image', () => {
    expect(combineFiles(current, [f('c.llext')], null, 'replace').map((x) => x.name)).toEqual(['c.llext', 'zephyr.elf']);
  });
  it('adds after the loaded extensions, in the order given', () => {
    expect(combineFiles(current, [f('c.llext'), f('d.llext')], null, 'add').map((x) => x.name)).toEqual([
      'a.llext',
      'b.llext',
      'c.llext',
      'd.llext',
      'zephyr.elf',
    ]);
  });
  it('a new Zephyr image alone keeps every extension', () => {
    const out = combineFiles(current, [], f('other.elf', 'zephyr-elf'), 'replace');
    expect(out.map((x) => [x.name, x.role])).toEqual([
      ['a.llext', 'extension'],
      ['b.llext', 'extension'],
      ['other.elf', 'zephyr-elf'],
    ]);
  });
});
