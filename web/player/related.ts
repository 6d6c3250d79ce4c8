// What counts as "the same thing" across views, so a selection in one view
// highlights its counterparts in the others.
import type { Selection } from '../state/player.js';
import type { RelocRec, Timeline } from './timeline.js';

export interface Related {
  section: (ext: string, index: number) => boolean;
  symbol: (ext: string, name: string) => boolean;
  reloc: (r: RelocRec) => boolean;
}

const NONE: Related = { section: () => false, symbol: () => false, reloc: () => false };

export function relatedTo(t: Timeline | null, sel: Selection | null): Related {
  if (!t || !sel) return NONE;
  switch (sel.kind) {
    case 'reloc': {
      const r = t.relocs[sel.n];
      if (!r) return NONE;
      return {
        section: (ext, index) => ext === r.ext && index === r.ev.target,
        symbol: (ext, name) => ext === r.ext && name === r.ev.symbol,
        reloc: (x) => x.n === r.n,
      };
    }
    case 'symbol':
      return {
        ...NONE,
        symbol: (ext, name) => ext === sel.ext && name === sel.name,
        reloc: (x) => x.ext === sel.ext && x.ev.symbol === sel.name,
      };
    case 'section':
      return {
        ...NONE,
        section: (ext, index) => ext === sel.ext && index === sel.index,
        reloc: (x) => x.ext === sel.ext && x.ev.target === sel.index,
      };
    default:
      return NONE;
  }
}
