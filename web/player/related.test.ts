import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { prepareSession } from '@core/session.js';
import { simulate } from '@core/engine.js';
import { buildTimeline, heapStateAt, type Timeline } from './timeline.js';
import { relatedTo, selectionExt } from './related.js';

let t: Timeline;

beforeAll(async () => {
  const bytes = new Uint8Array(readFileSync('public/samples/hello_world/hello_world.llext'));
  const prepared = await prepareSession({
    board: 'nrf52840dk',
    prjConf: 'CONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_LOG_LEVEL_INF=y\n',
    files: [{ name: 'hello_world.llext', bytes }],
  });
  const run = await simulate({ files: prepared.files, config: prepared.config });
  t = buildTimeline(run.events);
});

describe('relatedTo links Memory, Sections, Symbols and Relocations both ways', () => {
  it('a relocation names its section, the section region, its symbol and the heap block of its site', () => {
    const r = t.relocs.find((x) => x.ev.symbol === 'printk');
    expect(r).toBeDefined();
    if (!r) return;
    const rel = relatedTo(t, { kind: 'reloc', n: r.n });
    const text = t.sections.find((s) => s.ext === 'hello_world' && s.index === r.ev.target);
    expect(text?.name).toBe('.text');
    expect(rel.section('hello_world', r.ev.target)).toBe(true);
    expect(rel.region('hello_world', text?.region ?? -2)).toBe(true);
    expect(rel.symbol('hello_world', 'printk')).toBe(true);
    expect(rel.reloc(r)).toBe(true);
    const textRegion = t.regions.filter((x) => x.region === text?.region).pop();
    expect(textRegion?.name).toBe('TEXT');
    const h = t.heaps.find((x) => x.heap === textRegion?.heap);
    if (!textRegion || !h) throw new Error('TEXT has no heap');
    expect(rel.block(h.heap, textRegion.addr - h.base, textRegion.memSize)).toBe(true);
    expect(selectionExt(t, { kind: 'reloc', n: r.n })).toBe('hello_world');
  });

  it('the heap block of region TEXT selects TEXT, .text, its symbols and relocations', () => {
    const end = t.events.length;
    const text = t.regions.filter((x) => x.name === 'TEXT').pop();
    if (!text) throw new Error('no TEXT region');
    const h = t.heaps.find((x) => x.heap === text.heap);
    if (!h) throw new Error('no heap');
    const chunk = heapStateAt(t, text.heap, end)?.chunks.find(
      (c) => h.base + c.offset <= text.addr && text.addr < h.base + c.offset + BigInt(c.units * 8),
    );
    if (!chunk) throw new Error('no chunk holds TEXT');
    const rel = relatedTo(t, { kind: 'chunk', heap: text.heap, offset: chunk.offset }, end);
    expect(rel.region('hello_world', text.region)).toBe(true);
    const dotText = t.sections.find((s) => s.name === '.text');
    expect(rel.section('hello_world', dotText?.index ?? -1)).toBe(true);
    expect(rel.symbol('hello_world', 'test_entry')).toBe(true);
    expect(t.relocs.filter((r) => rel.reloc(r)).length).toBe(t.relocs.filter((r) => r.ev.target === dotText?.index).length);
    expect(rel.region('hello_world', t.regions.find((x) => x.name === 'RODATA')?.region ?? -1)).toBe(false);
  });

  it('a section selects its region, the symbols it defines and the relocations patching it', () => {
    const dotText = t.sections.find((s) => s.name === '.text');
    if (!dotText) throw new Error('no .text');
    const rel = relatedTo(t, { kind: 'section', ext: 'hello_world', index: dotText.index });
    expect(rel.region('hello_world', dotText.region)).toBe(true);
    expect(rel.symbol('hello_world', 'test_entry')).toBe(true);
    expect(rel.symbol('hello_world', 'printk')).toBe(false);
    expect(t.relocs.some((r) => rel.reloc(r))).toBe(true);
  });

  it('a symbol selects the section that defines it and the relocations that use it', () => {
    const rel = relatedTo(t, { kind: 'symbol', ext: 'hello_world', name: 'test_entry' });
    const dotText = t.sections.find((s) => s.name === '.text');
    expect(rel.section('hello_world', dotText?.index ?? -1)).toBe(true);
    expect(rel.region('hello_world', dotText?.region ?? -1)).toBe(true);
    const printk = relatedTo(t, { kind: 'symbol', ext: 'hello_world', name: 'printk' });
    expect(t.relocs.filter((r) => printk.reloc(r)).map((r) => r.ev.symbol)).toEqual(
      t.relocs.filter((r) => r.ev.symbol === 'printk').map((r) => r.ev.symbol),
    );
    expect(printk.section('hello_world', dotText?.index ?? -1)).toBe(false);
  });

  it('an address (the Run view) selects the section and region holding it and the heap block there', () => {
    const p = t.places.find((x) => x.ext === 'hello_world' && x.name === '.text');
    if (!p) throw new Error('no .text');
    const a = p.addr + 4n;
    const rel = relatedTo(t, { kind: 'addr', addr: a });
    expect(rel.section('hello_world', p.section)).toBe(true);
    expect(rel.region('hello_world', p.region)).toBe(true);
    expect(t.places.filter((x) => x.section !== p.section && rel.section(x.ext, x.section))).toEqual([]);
    const h = t.heaps.find((x) => a >= x.base && a < x.base + x.size)!;
    expect(rel.block(h.heap, a - h.base, 2n)).toBe(true);
    expect(rel.block(h.heap, a - h.base + 8n, 2n)).toBe(false);
    expect(relatedTo(t, { kind: 'addr', addr: 0x10n }).section('hello_world', p.section)).toBe(false);
  });

  it('a region selects its sections', () => {
    const dotText = t.sections.find((s) => s.name === '.text');
    if (!dotText) throw new Error('no .text');
    const rel = relatedTo(t, { kind: 'region', ext: 'hello_world', region: dotText.region });
    expect(rel.section('hello_world', dotText.index)).toBe(true);
    expect(relatedTo(t, null).section('hello_world', dotText.index)).toBe(false);
  });
});
