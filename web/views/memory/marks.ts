// What the current selection (in any view) means for one heap: ranges to
// outline and, for a relocation, an arrow from the patched site to its target.
import type { Selection } from '../../state/player.js';
import { upTo, type HeapInfo, type Timeline } from '../../player/timeline.js';
import type { MapMark } from './HeapMap.js';

export interface HeapMarks {
  marks: MapMark[];
  arrow: { from: number; to: number } | null;
  notes: string[];
}

function within(h: HeapInfo, addr: bigint): boolean {
  return addr >= h.base && addr < h.base + h.size;
}

export function marksFor(t: Timeline, h: HeapInfo, sel: Selection | null, cursor: number): HeapMarks {
  const out: HeapMarks = { marks: [], arrow: null, notes: [] };
  if (!sel) return out;
  const off = (a: bigint): number => Number(a - h.base);
  const range = (addr: bigint, size: bigint, kind: MapMark['kind']): void => {
    if (within(h, addr)) out.marks.push({ start: off(addr), end: off(addr + (size > 0n ? size : 1n)), kind });
  };
  switch (sel.kind) {
    case 'region': {
      const r = upTo(t.regions, cursor)
        .filter((x) => x.ext === sel.ext && x.region === sel.region)
        .pop();
      if (r) range(r.addr, r.memSize, 'select');
      break;
    }
    case 'section': {
      const p = upTo(t.places, cursor)
        .filter((x) => x.ext === sel.ext && x.section === sel.index)
        .pop();
      if (p) range(p.addr, p.size, 'select');
      break;
    }
    case 'symbol': {
      const s = upTo(t.symbols, cursor)
        .filter((x) => x.ext === sel.ext && x.name === sel.name)
        .pop();
      if (s) range(s.addr, 2n, 'select');
      break;
    }
    case 'addr':
      range(sel.addr, 2n, 'site');
      break;
    case 'reloc': {
      const r = t.relocs[sel.n];
      if (!r || r.at >= cursor) break;
      const width = BigInt(Math.max(r.ev.after.length, r.ev.before.length, 1));
      range(r.ev.P, width, 'site');
      const target = r.ev.S;
      if (r.ev.S !== 0n) range(target, 2n, 'target');
      if (within(h, r.ev.P) && within(h, target) && r.ev.S !== 0n) out.arrow = { from: off(r.ev.P), to: off(target) };
      break;
    }
    default:
      break;
  }
  return out;
}
