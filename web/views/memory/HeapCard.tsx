// One LLEXT heap at the cursor: name, fill gauge, the map drawn to scale and
// the list of live blocks (the map's text alternative).
import { useState } from 'react';
import type { HeapInfo, HeapSnapshot, Timeline } from '../../player/timeline.js';
import { fullName, liveAllocations } from '../../player/timeline.js';
import { usePlayer } from '../../state/player.js';
import { addr, hex, plural, sizeText } from '../../format/numbers.js';
import { purposeColor } from '../../styles/palette.js';
import { HeapMap } from './HeapMap.js';
import { heapSegments, rowBytesFor, usedExtent } from './heapLayout.js';
import { marksFor } from './marks.js';
import { useWidth } from '../useWidth.js';
import { relatedTo } from '../../player/related.js';

interface Props {
  t: Timeline;
  heap: HeapInfo;
  state: HeapSnapshot | null;
  cursor: number;
  ptrBytes: number;
}

const MAX_ROWS = 24;

export function HeapCard({ t, heap, state, cursor, ptrBytes }: Props) {
  const [showAll, setShowAll] = useState(false);
  const [mapBox, width] = useWidth<HTMLDivElement>(900);
  const selection = usePlayer((s) => s.selection);
  const select = usePlayer((s) => s.select);
  const size = Number(heap.size);
  const allocs = liveAllocations(t, heap.heap, cursor);
  const segments = state ? heapSegments(size, heap.hdr, state.chunks, allocs) : [];
  const rowBytes = rowBytesFor(size, MAX_ROWS);
  const extent = usedExtent(segments);
  const shift = Number(heap.base % BigInt(rowBytes));
  const collapsedEnd = Math.min(size, (Math.floor((extent + shift) / rowBytes) + 2) * rowBytes - shift);
  const canCollapse = collapsedEnd < size;
  const shownBytes = showAll || !canCollapse ? size : collapsedEnd;
  const marks = marksFor(t, heap, selection, cursor);
  const used = state ? Number(state.used) : 0;
  const pct = size > 0 ? Math.min(100, (used / size) * 100) : 0;
  const released = heap.uninitAt < cursor;
  const selectedChunk = selection?.kind === 'chunk' && selection.heap === heap.heap ? Number(selection.offset) : null;
  const related = relatedTo(t, selection, cursor);
  const failed = t.allocations.filter((a) => a.heap === heap.heap && a.offset < 0n && a.at < cursor);
  const lastFailure = failed.length > 0 ? failed[failed.length - 1] : null;

  return (
    <section className="heap-card" aria-labelledby={`heap-${heap.heap}-${heap.at}`} data-heap={heap.name}>
      <header className="heap-head">
        <h3 id={`heap-${heap.heap}-${heap.at}`}>{heap.name}</h3>
        <span className="mono muted">
          {addr(heap.base, ptrBytes)} · {sizeText(heap.size)}
        </span>
        {!heap.ok && <span className="badge err">too small to initialise</span>}
        {released && <span className="badge neutral">released (llext_heap_uninit)</span>}
        <div
          className="gauge"
          role="meter"
          aria-label={`${heap.name} fill`}
          aria-valuemin={0}
          aria-valuemax={size}
          aria-valuenow={used}
          aria-valuetext={`${used} of ${plural(size, 'byte')} used`}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        <span className="heap-figures" data-testid="heap-figures">
          <b>{used}</b> B used · {state ? Number(state.free) : 0} B free · largest free {state ? Number(state.largest) : 0} B
        </span>
      </header>
      {lastFailure && (
        <p className="message error heap-failure" role="note">
          <span>
            {heap.blockSize ? 'The sys_mem_blocks allocation' : 'k_heap_aligned_alloc'} of {String(lastFailure.bytes)} bytes for{' '}
            {lastFailure.purpose}
            {lastFailure.align > 0n ? ` (aligned to ${lastFailure.align})` : ''} returned NULL
            {state ? `. The largest free block is ${state.largest} bytes` : ''}
            {state && lastFailure.align > 8n && state.largest >= lastFailure.bytes
              ? `, but none holds ${lastFailure.bytes} bytes starting at a ${lastFailure.align}-byte boundary`
              : ''}
            .
          </span>
        </p>
      )}
      <div ref={mapBox} className="heap-map-box">
        {state && (
          <HeapMap
            width={width}
            base={heap.base}
            label={`${heap.name}: ${plural(allocs.length, 'live block')}, ${used} of ${plural(size, 'byte')} used`}
            rowBytes={rowBytes}
            shownBytes={shownBytes}
            segments={segments}
            marks={marks.marks}
            arrow={marks.arrow}
            selectedChunk={selectedChunk}
            onSelectChunk={(chunk) => select({ kind: 'chunk', heap: heap.heap, offset: BigInt(chunk) })}
          />
        )}
      </div>
      <div className="heap-foot">
        <span className="muted">
          {rowBytes} bytes per row, rows labelled by address ·{' '}
          {heap.blockSize ? `${heap.blockSize}-byte blocks, one run per allocation` : `${heap.hdr}-byte chunk headers`}
        </span>
        {canCollapse && (
          <button type="button" className="small ghost" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
            {showAll ? 'Hide the free tail' : `Show all ${sizeText(size)} (${sizeText(size - collapsedEnd)} more, free)`}
          </button>
        )}
      </div>
      <details className="blocks" open>
        <summary>Live blocks ({allocs.length})</summary>
        <table className="data-table compact" data-testid="heap-blocks">
          <thead>
            <tr>
              <th scope="col">Block</th>
              <th scope="col">Address</th>
              <th scope="col">Offset</th>
              <th scope="col">Bytes</th>
              <th scope="col">Align</th>
            </tr>
          </thead>
          <tbody>
            {allocs.map((a) => {
              const chunkOffset =
                state?.chunks.find((c) => a.offset >= c.offset && a.offset < c.offset + BigInt(c.units * 8))?.offset ?? a.offset;
              const isSel =
                (selectedChunk !== null && BigInt(selectedChunk) === chunkOffset) || related.block(heap.heap, a.offset, a.bytes);
              return (
                <tr key={`${a.at}`} className={isSel ? 'selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => select({ kind: 'chunk', heap: heap.heap, offset: chunkOffset })}
                    >
                      <span className="swatch" style={{ background: purposeColor(a.purpose) }} aria-hidden="true" />
                      {a.purpose}
                    </button>
                    {a.ext && <span className="muted"> · {fullName(t, a.ext)}</span>}
                  </td>
                  <td className="mono">{addr(heap.base + a.offset, ptrBytes)}</td>
                  <td className="mono">{hex(a.offset)}</td>
                  <td className="num">{String(a.bytes)}</td>
                  <td className="num">{a.align > 0n ? String(a.align) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
      {marks.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
    </section>
  );
}
