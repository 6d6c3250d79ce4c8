// Memory: every LLEXT heap drawn to scale at the cursor, plus the regions the
// loader used in place inside the ELF buffer.
import { useTimeline, useCursor, usePointerBytes } from '../../player/useTimeline.js';
import { fullName, heapStateAt, upTo } from '../../player/timeline.js';
import { usePlayer } from '../../state/player.js';
import { addr, sizeText } from '../../format/numbers.js';
import { regionColor } from '../../styles/palette.js';
import { HeapCard } from './HeapCard.js';
import { Legend } from './Legend.js';
import { relatedTo } from '../../player/related.js';
import { useSelectedInView } from '../useSelectedInView.js';

export function MemoryView() {
  const t = useTimeline();
  const cursor = useCursor();
  const ptr = usePointerBytes();
  const selection = usePlayer((s) => s.selection);
  const select = usePlayer((s) => s.select);
  const box = useSelectedInView<HTMLDivElement>();
  if (!t) return <p className="empty">No run yet.</p>;
  const heaps = t.heaps.filter((h) => h.at < cursor);
  const inPlace = upTo(t.regions, cursor).filter((r) => r.inPlace);
  const reloc = selection?.kind === 'reloc' ? t.relocs[selection.n] : undefined;
  const related = relatedTo(t, selection, cursor);
  const inHeap = (a: bigint): boolean => heaps.some((h) => a >= h.base && a < h.base + h.size);

  return (
    <div className="memory-view" ref={box}>
      <Legend />
      {heaps.length === 0 && <p className="empty">No LLEXT heap exists yet at this point of the run.</p>}
      {reloc && reloc.at < cursor && reloc.ev.S !== 0n && !inHeap(reloc.ev.S) && (
        <p className="message info" role="note">
          <span>
            The selected relocation at <span className="mono">{addr(reloc.ev.P, ptr)}</span> points to{' '}
            <b>{reloc.ev.symbol || 'its target'}</b> at <span className="mono">{addr(reloc.ev.S, ptr)}</span>, outside the LLEXT heaps (in
            the Zephyr image or the ELF buffer).
          </span>
        </p>
      )}
      {selection?.kind === 'addr' && !inHeap(selection.addr) && (
        <p className="message info" role="note">
          <span>
            The selected address <span className="mono">{addr(selection.addr, ptr)}</span> is outside the LLEXT heaps (in the Zephyr image,
            the ELF buffer, the stack, or nowhere).
          </span>
        </p>
      )}
      {selection?.kind === 'addr' && inHeap(selection.addr) && (
        <p className="visually-hidden" role="status">
          Address {addr(selection.addr, ptr)} is marked in its heap.
        </p>
      )}
      {heaps.map((h) => (
        <HeapCard key={`${h.heap}-${h.at}`} t={t} heap={h} state={heapStateAt(t, h.heap, cursor)} cursor={cursor} ptrBytes={ptr} />
      ))}
      {inPlace.length > 0 && (
        <section className="heap-card" aria-labelledby="in-place-title">
          <header className="heap-head">
            <h3 id="in-place-title">Used in place in the ELF buffer</h3>
            <span className="muted">not copied: the loader points into the file's own bytes</span>
          </header>
          <ul className="in-place-list">
            {inPlace.map((r) => {
              const selected = related.region(r.ext, r.region);
              return (
                <li key={`${r.ext}-${r.region}-${r.at}`} className={selected ? 'selected' : undefined}>
                  <button type="button" className="link-button" onClick={() => select({ kind: 'region', ext: r.ext, region: r.region })}>
                    <span className="swatch" style={{ background: regionColor(r.name) }} aria-hidden="true" />
                    {r.name}
                  </button>
                  <span className="mono">{addr(r.addr, ptr)}</span>
                  <span className="muted">
                    {sizeText(r.memSize)} · file offset 0x{r.fileOffset.toString(16)} · {fullName(t, r.ext)}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
