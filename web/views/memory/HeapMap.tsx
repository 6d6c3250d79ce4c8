// A heap drawn to scale: the buffer is cut into rows of `rowBytes` bytes and
// every segment (chunk header, padding, payload, free space…) becomes one or
// more rectangles. Highlights and the relocation arrow are drawn on top.
import { useId } from 'react';
import { purposeColor } from '../../styles/palette.js';
import { hex } from '../../format/numbers.js';
import type { Segment, SegmentKind } from './heapLayout.js';

export interface MapMark {
  start: number;
  end: number;
  kind: 'select' | 'site' | 'target';
}

interface Props {
  label: string;
  /** Absolute address of the heap buffer. */
  base: bigint;
  rowBytes: number;
  /** Bytes drawn from the start; the rest is summarised in one line. */
  shownBytes: number;
  segments: Segment[];
  marks: MapMark[];
  arrow: { from: number; to: number } | null;
  selectedChunk: number | null;
  onSelectChunk: (chunk: number) => void;
  /** Drawing width in CSS pixels. */
  width: number;
}

const RH = 18;
const GAP = 5;

const KIND_TEXT: Record<SegmentKind, string> = {
  zheap: 'heap bookkeeping',
  header: 'chunk header',
  padding: 'alignment padding',
  payload: 'data',
  slack: 'rounding to 8-byte chunk units',
  free: 'free',
  end: 'end of heap',
};

function fillOf(kind: SegmentKind, purpose: string, ids: { free: string; pad: string }): string {
  switch (kind) {
    case 'zheap':
    case 'end':
      return 'var(--mem-zheap)';
    case 'header':
      return 'var(--mem-header)';
    case 'padding':
      return `url(#${ids.pad})`;
    case 'free':
      return `url(#${ids.free})`;
    case 'payload':
    case 'slack':
      return purposeColor(purpose);
  }
}

interface Piece {
  x: number;
  y: number;
  w: number;
  row: number;
}

/** Rows start at absolute addresses that are multiples of rowBytes; `shift` is where the heap starts in its first row. */
interface Geometry {
  rowBytes: number;
  mw: number;
  shift: number;
  left: number;
}

function pieces(start: number, end: number, { rowBytes, mw: MW, shift, left }: Geometry): Piece[] {
  const out: Piece[] = [];
  let s = start + shift;
  const e = end + shift;
  while (s < e) {
    const row = Math.floor(s / rowBytes);
    const rowEnd = Math.min(e, (row + 1) * rowBytes);
    out.push({ row, x: left + ((s - row * rowBytes) / rowBytes) * MW, y: row * (RH + GAP), w: ((rowEnd - s) / rowBytes) * MW });
    s = rowEnd;
  }
  return out;
}

function point(off: number, { rowBytes, mw: MW, shift, left }: Geometry): { x: number; y: number } {
  const o = off + shift;
  const row = Math.floor(o / rowBytes);
  return { x: left + ((o - row * rowBytes) / rowBytes) * MW, y: row * (RH + GAP) + RH / 2 };
}

export function HeapMap({ label, base, rowBytes, shownBytes, segments, marks, arrow, selectedChunk, onSelectChunk, width }: Props) {
  const W = Math.max(320, width);
  const shift = Number(base % BigInt(rowBytes));
  const firstRow = base - BigInt(shift);
  const rows = Math.max(1, Math.ceil((shownBytes + shift) / rowBytes));
  const rowLabel = (r: number): string => hex(firstRow + BigInt(r * rowBytes));
  const left = 14 + 6.6 * rowLabel(rows - 1).length;
  const g: Geometry = { rowBytes, mw: W - left - 4, shift, left };
  const uid = useId().replace(/:/g, '');
  const ids = { free: `free${uid}`, pad: `pad${uid}`, arrow: `arrow${uid}` };
  const height = rows * (RH + GAP) + 4;
  const visible = segments.filter((s) => s.start < shownBytes);

  return (
    <svg className="heap-map" width={W} height={height} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label}>
      <defs>
        <pattern id={ids.free} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--mem-free)" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="var(--mem-free-stripe)" strokeWidth="3" />
        </pattern>
        <pattern id={ids.pad} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
          <rect width="4" height="4" fill="var(--mem-pad)" />
          <line x1="0" y1="0" x2="0" y2="4" stroke="var(--mem-header)" strokeWidth="1" />
        </pattern>
        <marker id={ids.arrow} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="var(--text)" />
        </marker>
      </defs>
      {Array.from({ length: rows }, (_, r) => (
        <text key={r} className="row-label" x={left - 8} y={r * (RH + GAP) + RH - 5} textAnchor="end">
          {rowLabel(r)}
        </text>
      ))}
      {visible.map((s) => {
        const ps = pieces(s.start, Math.min(s.end, shownBytes), g);
        const title = `${s.purpose ? `${s.purpose}: ` : ''}${KIND_TEXT[s.kind]}, ${s.end - s.start} bytes at offset ${hex(s.start)}`;
        const selected = s.chunk >= 0 && s.chunk === selectedChunk;
        return ps.map((p, i) => (
          <rect
            key={`${s.start}-${i}`}
            className={`seg seg-${s.kind}${selected ? ' seg-selected' : ''}`}
            x={p.x}
            y={p.y}
            width={Math.max(p.w, s.kind === 'header' ? 1.5 : 0.5)}
            height={RH}
            fill={fillOf(s.kind, s.purpose, ids)}
            opacity={s.kind === 'slack' ? 0.45 : 1}
            onClick={s.chunk >= 0 ? () => onSelectChunk(s.chunk) : undefined}
          >
            <title>{title}</title>
          </rect>
        ));
      })}
      {visible
        .filter((s) => s.kind === 'payload')
        .map((s) => {
          const p = pieces(s.start, Math.min(s.end, shownBytes), g).reduce((a, b) => (b.w > a.w ? b : a));
          const text = s.purpose.replace(/^region /, '');
          return p.w >= text.length * 6.4 + 8 ? (
            <text key={`l${s.start}`} className="seg-label" x={p.x + 4} y={p.y + RH - 5} pointerEvents="none">
              {text}
            </text>
          ) : null;
        })}
      {marks.flatMap((m, mi) =>
        pieces(m.start, Math.min(Math.max(m.end, m.start + 1), shownBytes), g).map((p, i) => (
          <rect
            key={`m${mi}-${i}`}
            className={`mark mark-${m.kind}`}
            x={p.x - 1}
            y={p.y - 2}
            width={Math.max(p.w, 3) + 2}
            height={RH + 4}
          />
        )),
      )}
      {arrow &&
        arrow.from < shownBytes &&
        arrow.to < shownBytes &&
        (() => {
          const a = point(arrow.from, g);
          const b = point(arrow.to, g);
          const bend = Math.max(24, Math.abs(b.y - a.y) / 2 + 16);
          return (
            <path
              className="reloc-arrow"
              d={`M${a.x},${a.y - RH / 2} C${a.x},${a.y - bend} ${b.x},${b.y - bend} ${b.x},${b.y - RH / 2}`}
              markerEnd={`url(#${ids.arrow})`}
            />
          );
        })()}
    </svg>
  );
}
