// Turns a heap snapshot into byte ranges to draw: the heap's own bookkeeping,
// then per chunk its header, alignment padding, payload and rounding slack,
// or free space. Offsets are from the heap buffer start, as in the trace.
import type { HeapChunkView } from '@core/trace.js';
import type { Allocation } from '../../player/timeline.js';

export type SegmentKind = 'zheap' | 'header' | 'padding' | 'payload' | 'slack' | 'free' | 'end';

export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
  /** Chunk the segment belongs to (byte offset of its header), -1 for heap bookkeeping. */
  chunk: number;
  /** What a payload holds ("region TEXT", "struct llext", …). */
  purpose: string;
  alloc: Allocation | null;
}

const CHUNK_UNIT = 8;

export function heapSegments(size: number, hdr: number, chunks: HeapChunkView[], allocs: Allocation[]): Segment[] {
  const out: Segment[] = [];
  const push = (kind: SegmentKind, start: number, end: number, chunk: number, purpose = '', alloc: Allocation | null = null): void => {
    if (end > start) out.push({ kind, start, end, chunk, purpose, alloc });
  };
  const sorted = [...chunks].sort((a, b) => Number(a.offset - b.offset));
  const first = sorted.length > 0 ? Number(sorted[0].offset) : size;
  push('zheap', 0, first, -1, 'struct z_heap and its free-list buckets');
  let last = first;
  for (const c of sorted) {
    const start = Number(c.offset);
    const end = start + c.units * CHUNK_UNIT;
    last = Math.max(last, end);
    if (!c.used) {
      push('header', start, start + hdr, start);
      push('free', start + hdr, end, start);
      continue;
    }
    const alloc = allocs.find((a) => Number(a.offset) >= start && Number(a.offset) < end) ?? null;
    push('header', start, start + hdr, start);
    if (!alloc) {
      push('payload', start + hdr, end, start, 'used block');
      continue;
    }
    const ptr = Number(alloc.offset);
    const dataEnd = Math.min(end, ptr + Number(alloc.bytes));
    push('padding', start + hdr, ptr, start, alloc.purpose, alloc);
    push('payload', ptr, dataEnd, start, alloc.purpose, alloc);
    push('slack', dataEnd, end, start, alloc.purpose, alloc);
  }
  push('end', last, size, -1, 'end marker chunk header and unused tail');
  return out;
}

/** Bytes per drawn row: a power of two giving at most `maxRows` rows, at least 64. */
export function rowBytesFor(size: number, maxRows: number): number {
  let row = 64;
  while (size / row > maxRows) row *= 2;
  return row;
}

/** End of the last used chunk (for collapsing a long free tail). */
export function usedExtent(segments: Segment[]): number {
  let end = 0;
  for (const s of segments)
    if (s.kind === 'payload' || s.kind === 'padding' || s.kind === 'slack' || s.kind === 'zheap') end = Math.max(end, s.end);
  return end;
}
