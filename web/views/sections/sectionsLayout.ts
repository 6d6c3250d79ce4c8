// Geometry of the Sections view: ELF sections in file order on the left,
// memory regions with the sections placed in them on the right.
import type { PlaceRec, RegionRec, SectionRec } from '../../player/timeline.js';

export const ROW = 24;
export const HEAD = 26;
export const SUB = 22;
export const BOX_GAP = 12;
export const TOP = 28;

export interface LeftRow {
  sec: SectionRec;
  y: number;
}
export interface RightBox {
  region: RegionRec;
  y: number;
  h: number;
  items: { place: PlaceRec; y: number }[];
}

export interface SectionsLayout {
  left: LeftRow[];
  right: RightBox[];
  height: number;
  W: number;
  LEFT_W: number;
  RIGHT_X: number;
}

/** Column geometry for a drawing `width` pixels wide. */
export function columns(width: number): { W: number; LEFT_W: number; RIGHT_X: number } {
  const W = Math.max(640, width);
  const LEFT_W = Math.min(460, Math.round(W * 0.42));
  return { W, LEFT_W, RIGHT_X: LEFT_W + Math.max(90, Math.round(W * 0.1)) };
}

export function layoutSections(sections: SectionRec[], regions: RegionRec[], places: PlaceRec[], width: number): SectionsLayout {
  const left = sections.map((sec, i) => ({ sec, y: TOP + i * ROW }));
  // A region may be reported twice (string tables first, the rest later): keep the latest.
  const latest = new Map<number, RegionRec>();
  for (const r of regions) latest.set(r.region, r);
  const ordered = [...latest.values()].sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  let y = TOP;
  const right: RightBox[] = ordered.map((region) => {
    const inside = places.filter((p) => p.region === region.region).sort((a, b) => (a.addr < b.addr ? -1 : 1));
    const items = inside.map((place, i) => ({ place, y: y + HEAD + i * SUB }));
    const h = HEAD + Math.max(1, inside.length) * SUB + 6;
    const box = { region, y, h, items };
    y += h + BOX_GAP;
    return box;
  });
  const height = Math.max(TOP + sections.length * ROW, y) + 8;
  return { left, right, height, ...columns(width) };
}
