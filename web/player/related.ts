// What counts as "the same thing" across views, so a selection in one view
// highlights its counterparts in all the others: a heap block holds regions,
// a region holds sections, a section holds symbols and is patched by
// relocations, and a relocation names a symbol. This is bookkeeping over what
// the trace recorded (addresses and indices); no loader rule is decided here.
import type { Selection } from '../state/player.js';
import { heapStateAt, type RelocRec, type Timeline } from './timeline.js';

export interface Related {
  section: (ext: string, index: number) => boolean;
  region: (ext: string, region: number) => boolean;
  symbol: (ext: string, name: string) => boolean;
  reloc: (r: RelocRec) => boolean;
  /** Whether the heap block [offset, offset + bytes) of `heap` holds something related. */
  block: (heap: number, offset: bigint, bytes: bigint) => boolean;
}

const NONE: Related = { section: () => false, region: () => false, symbol: () => false, reloc: () => false, block: () => false };

interface Focus {
  sections: Set<string>;
  regions: Set<string>;
  symbols: Set<string>;
  relocs: Set<number>;
  /** Absolute address ranges [lo, hi). */
  ranges: Array<[bigint, bigint]>;
}

const key = (ext: string, x: number | string): string => `${ext}\u0000${x}`;
const span = (addr: bigint, size: bigint): [bigint, bigint] => [addr, addr + (size > 0n ? size : 1n)];
const inside = (a: bigint, [lo, hi]: [bigint, bigint]): boolean => a >= lo && a < hi;

/** Everything related to `sel`, seen up to `cursor` (records after it are ignored). */
function focusOf(t: Timeline, sel: Selection, cursor: number): Focus {
  const f: Focus = { sections: new Set(), regions: new Set(), symbols: new Set(), relocs: new Set(), ranges: [] };
  const seen = <T extends { at: number }>(xs: T[]): T[] => xs.filter((x) => x.at < cursor);
  const places = seen(t.places);
  const regions = seen(t.regions);
  const symbols = seen(t.symbols);

  const addSection = (ext: string, index: number): void => {
    f.sections.add(key(ext, index));
    for (const r of t.relocs) if (r.ext === ext && r.ev.target === index) f.relocs.add(r.n);
    const sec = t.sections.find((s) => s.ext === ext && s.index === index && s.at < cursor);
    if (sec && sec.region >= 0) f.regions.add(key(ext, sec.region));
    const p = places.filter((x) => x.ext === ext && x.section === index).pop();
    if (p) {
      const range = span(p.addr, p.size);
      f.ranges.push(range);
      if (p.size > 0n) for (const s of symbols) if (s.ext === ext && inside(s.addr, range)) f.symbols.add(key(ext, s.name));
    }
  };
  const addRegion = (ext: string, region: number): void => {
    f.regions.add(key(ext, region));
    const r = regions.filter((x) => x.ext === ext && x.region === region).pop();
    if (r) f.ranges.push(span(r.addr, r.memSize));
    for (const s of t.sections) if (s.ext === ext && s.region === region && s.at < cursor) addSection(ext, s.index);
  };
  const addSymbol = (ext: string, name: string): void => {
    f.symbols.add(key(ext, name));
    for (const r of t.relocs) if (r.ext === ext && r.ev.symbol === name) f.relocs.add(r.n);
    const s = symbols.filter((x) => x.ext === ext && x.name === name).pop();
    if (!s) return;
    f.ranges.push(span(s.addr, 1n));
    const p = places.filter((x) => x.ext === ext && x.size > 0n && inside(s.addr, span(x.addr, x.size))).pop();
    if (p) {
      f.sections.add(key(ext, p.section));
      if (p.region >= 0) f.regions.add(key(ext, p.region));
    }
  };

  switch (sel.kind) {
    case 'reloc': {
      const r = t.relocs[sel.n];
      if (!r) break;
      f.relocs.add(r.n);
      f.sections.add(key(r.ext, r.ev.target));
      const sec = t.sections.find((s) => s.ext === r.ext && s.index === r.ev.target && s.at < cursor);
      if (sec && sec.region >= 0) f.regions.add(key(r.ext, sec.region));
      if (r.ev.symbol) f.symbols.add(key(r.ext, r.ev.symbol));
      f.ranges.push(span(r.ev.P, BigInt(Math.max(r.ev.after.length, r.ev.before.length, 1))));
      break;
    }
    case 'symbol':
      addSymbol(sel.ext, sel.name);
      break;
    case 'section':
      addSection(sel.ext, sel.index);
      break;
    case 'region':
      addRegion(sel.ext, sel.region);
      break;
    case 'addr': {
      f.ranges.push(span(sel.addr, 2n));
      const p = places.filter((x) => x.size > 0n && inside(sel.addr, span(x.addr, x.size))).pop();
      if (p) {
        f.sections.add(key(p.ext, p.section));
        if (p.region >= 0) f.regions.add(key(p.ext, p.region));
      }
      break;
    }
    case 'chunk': {
      const h = t.heaps.find((x) => x.heap === sel.heap && x.at < cursor);
      const chunk = heapStateAt(t, sel.heap, cursor)?.chunks.find((c) => c.offset === sel.offset);
      if (!h) break;
      const range = span(h.base + sel.offset, chunk ? BigInt(chunk.units * 8) : 1n);
      f.ranges.push(range);
      for (const r of regions) if (r.heap === sel.heap && !r.inPlace && inside(r.addr, range)) addRegion(r.ext, r.region);
      break;
    }
    default:
      break;
  }
  return f;
}

export function relatedTo(t: Timeline | null, sel: Selection | null, cursor: number = Number.MAX_SAFE_INTEGER): Related {
  if (!t || !sel) return NONE;
  const f = focusOf(t, sel, cursor);
  return {
    section: (ext, index) => f.sections.has(key(ext, index)),
    region: (ext, region) => f.regions.has(key(ext, region)),
    symbol: (ext, name) => f.symbols.has(key(ext, name)),
    reloc: (x) => f.relocs.has(x.n),
    block: (heap, offset, bytes) => {
      const h = t.heaps.find((x) => x.heap === heap && x.at < cursor);
      if (!h) return false;
      const [lo, hi] = span(h.base + offset, bytes);
      return f.ranges.some(([a, b]) => a < hi && lo < b);
    },
  };
}

/** The extension a selection belongs to, if it names one. */
export function selectionExt(t: Timeline | null, sel: Selection | null): string | null {
  if (!t || !sel) return null;
  if (sel.kind === 'reloc') return t.relocs[sel.n]?.ext ?? null;
  if (sel.kind === 'section' || sel.kind === 'symbol' || sel.kind === 'region') return sel.ext;
  return null;
}
