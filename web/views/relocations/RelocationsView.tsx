// Relocations: one row per relocation applied so far, virtualised (a file can
// have thousands). Selecting a row shows its details and the arrow from the
// patched site to its target in the memory view.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useCursor, usePointerBytes, useTimeline } from '../../player/useTimeline.js';
import { fullName, upTo, type RelocRec, type Timeline } from '../../player/timeline.js';
import { usePlayer } from '../../state/player.js';
import { useUi } from '../../state/ui.js';
import { addr, bytesHex, hex } from '../../format/numbers.js';
import { errnoName } from '../../format/errno.js';
import { useCapstone, type CapstoneState } from './useCapstone.js';
import { coreDisassemble, disassemble, type DisasmTarget, type SectionCode } from './disasm.js';
import { useSession } from '../../state/session.js';
import { extensionNameOf } from '@core/session.js';
import { diverges, isDataWord } from './relocText.js';
import { RelocDetails } from './RelocDetails.js';
import { relatedTo } from '../../player/related.js';

const ROW_H = 50;
const HEAD_H = 32;
const OVERSCAN = 6;
type Filter = 'all' | 'diverging' | 'failed';

function sectionOf(t: Timeline, r: RelocRec) {
  return t.sections.find((s) => s.ext === r.ext && s.index === r.ev.target);
}

/** The section's file bytes, when the extension's file is still the one the run loaded (its bytes at the site are the relocation's "before"). */
function sectionCode(t: Timeline, r: RelocRec, elfOf: (ext: string) => Uint8Array | undefined): SectionCode | null {
  const sec = sectionOf(t, r);
  const elf = elfOf(fullName(t, r.ext));
  if (!sec || !elf) return null;
  const at = Number(sec.offset + r.ev.offset);
  if (at + r.ev.before.length > elf.length || r.ev.before.some((b, i) => elf[at + i] !== b)) return null;
  return { elf, offset: Number(sec.offset), size: Number(sec.size) };
}

function disasmText(
  t: Timeline,
  r: RelocRec,
  cap: CapstoneState,
  target: DisasmTarget,
  elfOf: (ext: string) => Uint8Array | undefined,
): { before: string; after: string; note: string } {
  const sec = sectionOf(t, r);
  if (target.arch === 'x86' || target.arch === 'x86_64') return { before: '', after: '', note: 'operand bytes, not a whole instruction' };
  if (!sec || !sec.exec) return { before: '', after: '', note: 'data, not code' };
  if (isDataWord(r.ev.typeName)) return { before: '', after: '', note: 'literal pool word' };
  if (cap.state === 'unsupported') return { before: '', after: '', note: 'no disassembler for this architecture' };
  if (cap.state === 'core') {
    const code = sectionCode(t, r, elfOf);
    const offset = Number(r.ev.offset);
    const b = coreDisassemble(target.arch, r.ev.before, r.ev.P, offset, code);
    const a = coreDisassemble(target.arch, r.ev.after, r.ev.P, offset, code);
    return {
      before: b ? b.join('; ') : '(not an instruction)',
      after: a ? a.join('; ') : r.ev.written ? '(not an instruction)' : '',
      note: '',
    };
  }
  if (cap.state !== 'ready')
    return { before: '', after: '', note: cap.state === 'loading' ? 'loading disassembler…' : 'disassembler failed to load' };
  const thumb = target.thumb || r.ev.typeName.includes('THM');
  const t2 = { ...target, thumb };
  const b = disassemble(cap.cs, t2, r.ev.before, r.ev.P);
  const a = disassemble(cap.cs, t2, r.ev.after, r.ev.P);
  return {
    before: b ? b.join('; ') : '(not an instruction)',
    after: a ? a.join('; ') : r.ev.written ? '(not an instruction)' : '',
    note: '',
  };
}

export function RelocationsView() {
  const t = useTimeline();
  const cursor = useCursor();
  const ptr = usePointerBytes();
  const playing = usePlayer((s) => s.playing);
  const selection = usePlayer((s) => s.selection);
  const select = usePlayer((s) => s.select);
  const setView = useUi((s) => s.setView);
  const [filter, setFilter] = useState<Filter>('all');
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const scroller = useRef<HTMLDivElement>(null);
  const arch = t?.info.get('arch') ?? '';
  const cap = useCapstone(arch);
  const target: DisasmTarget = { arch, ptrBytes: ptr, thumb: false, bigEndian: false };
  const files = useSession((s) => s.files);
  const elfOf = useMemo(() => {
    const byName = new Map(files.filter((f) => f.role === 'extension').map((f) => [extensionNameOf(f.name), f.bytes]));
    return (ext: string) => byName.get(ext);
  }, [files]);

  const rows = useMemo(() => {
    if (!t) return [];
    const seen = upTo(t.relocs, cursor);
    if (filter === 'diverging') return seen.filter((r) => diverges(r.ev));
    if (filter === 'failed') return seen.filter((r) => r.ev.ret !== 0);
    return seen;
  }, [t, cursor, filter]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the selected relocation (or the first one related to a selection made
  // in another view) in sight, also when the details pane below shrinks the
  // table: the rows are virtual, so scroll to the row's computed position.
  const focusRow = useMemo(() => {
    if (!t || !selection) return -1;
    const rel = relatedTo(t, selection, cursor);
    if (selection.kind === 'reloc') return rows.findIndex((r) => r.n === selection.n);
    return rows.findIndex((r) => rel.reloc(r));
  }, [t, selection, rows, cursor]);
  useEffect(() => {
    const el = scroller.current;
    if (!el || focusRow < 0) return;
    const top = HEAD_H + focusRow * ROW_H;
    // The column heads stay on top of the rows while scrolling.
    if (top < el.scrollTop + HEAD_H) el.scrollTop = top - HEAD_H;
    else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
  }, [focusRow, viewport]);

  // While playing, follow the newest relocation.
  useEffect(() => {
    const el = scroller.current;
    if (playing && el) el.scrollTop = el.scrollHeight;
  }, [playing, rows.length]);

  if (!t) return <p className="empty">No run yet.</p>;
  const selected = selection?.kind === 'reloc' ? t.relocs[selection.n] : undefined;
  const related = relatedTo(t, selection, cursor);
  const first = Math.max(0, Math.floor((scrollTop - HEAD_H) / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_H) + OVERSCAN);
  const multiExt = t.extensions.length > 1;
  const all = upTo(t.relocs, cursor);
  const divergingCount = all.filter((r) => diverges(r.ev)).length;
  const failedCount = all.filter((r) => r.ev.ret !== 0).length;

  const onKey = (e: React.KeyboardEvent, i: number): void => {
    const r = rows[i];
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select({ kind: 'reloc', n: r.n });
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const j = Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      select({ kind: 'reloc', n: rows[j].n });
      const el = scroller.current;
      if (el) {
        const top = HEAD_H + j * ROW_H;
        if (top - HEAD_H < el.scrollTop) el.scrollTop = top - HEAD_H;
        else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
        requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-row="${j}"]`)?.focus());
      }
    }
  };

  return (
    <div className="relocs-view">
      <div className="relocs-toolbar">
        <div role="group" aria-label="Show" className="segmented">
          <button type="button" className="small" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
            All ({all.length} of {t.relocs.length})
          </button>
          <button type="button" className="small" aria-pressed={filter === 'diverging'} onClick={() => setFilter('diverging')}>
            Zephyr ≠ ABI ({divergingCount})
          </button>
          <button type="button" className="small" aria-pressed={filter === 'failed'} onClick={() => setFilter('failed')}>
            Failed ({failedCount})
          </button>
        </div>
        <span className="muted">
          {cap.state === 'ready'
            ? 'Disassembly by capstone'
            : cap.state === 'core'
              ? 'Disassembly as objdump prints it'
              : cap.state === 'unsupported'
                ? `No disassembler for ${arch}`
                : ''}
        </span>
      </div>
      <div
        className="reloc-scroll"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        role="grid"
        aria-label="Relocations"
        aria-rowcount={rows.length}
        data-testid="reloc-grid"
      >
        <div className="grid-head" aria-hidden="true">
          <span>#</span>
          <span>Type</span>
          <span>Site (P)</span>
          <span>Symbol · S</span>
          <span>A</span>
          <span>Bytes before → after</span>
          <span>Instruction before → after</span>
          <span />
        </div>
        {rows.length === 0 && (
          <p className="empty">{t.relocs.length === 0 ? 'This run applies no relocations.' : 'No relocation applied yet at this point.'}</p>
        )}
        <div className="reloc-body" style={{ height: rows.length * ROW_H }} role="rowgroup">
          {rows.slice(first, last).map((r, k) => {
            const i = first + k;
            const ev = r.ev;
            const sec = sectionOf(t, r);
            const d = disasmText(t, r, cap, target, elfOf);
            const isSel = selected?.n === r.n;
            const current = r.at === cursor - 1;
            return (
              <div
                key={r.n}
                role="row"
                aria-rowindex={i + 1}
                aria-selected={isSel}
                tabIndex={isSel || (!selected && i === first) ? 0 : -1}
                data-row={i}
                className={`reloc-row${isSel ? ' selected' : related.reloc(r) ? ' related' : ''}${current ? ' current' : ''}${ev.ret !== 0 ? ' failed' : ''}`}
                style={{ top: i * ROW_H, height: ROW_H }}
                onClick={() => select({ kind: 'reloc', n: r.n })}
                onKeyDown={(e) => onKey(e, i)}
              >
                <span role="gridcell" className="num muted">
                  {r.n}
                </span>
                <span role="gridcell" className="mono strong">
                  {ev.typeName || `type ${ev.type}`}
                </span>
                <span role="gridcell">
                  <span className="mono">{addr(ev.P, ptr)}</span>
                  <small className="muted">
                    {multiExt ? `${fullName(t, r.ext)} ` : ''}
                    {sec?.name ?? `#${ev.target}`}+{hex(ev.offset)}
                  </small>
                </span>
                <span role="gridcell">
                  <span className="mono">{ev.symbol || '—'}</span>
                  <small className="mono muted">{addr(ev.S, ptr)}</small>
                </span>
                <span role="gridcell" className="mono">
                  {hex(ev.A)}
                </span>
                <span role="gridcell" className="mono bytes">
                  <span>{bytesHex(ev.before)}</span>
                  <span className={ev.written ? 'after' : 'muted'}>{ev.written ? bytesHex(ev.after) : 'not written'}</span>
                </span>
                <span role="gridcell" className="mono disasm">
                  {d.note ? (
                    <span className="muted">{d.note}</span>
                  ) : (
                    <>
                      <span>{d.before}</span>
                      <span className="after">{d.after}</span>
                    </>
                  )}
                </span>
                <span role="gridcell" className="badges">
                  {ev.ret !== 0 && <span className="badge err">{errnoName(-ev.ret)}</span>}
                  {diverges(ev) && (
                    <span className="badge warn" title={ev.quirk || 'Zephyr writes a different value than the psABI'}>
                      ≠ ABI
                    </span>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {selected && selected.at < cursor && <RelocDetails t={t} r={selected} ptr={ptr} onShowInMemory={() => setView('memory')} />}
    </div>
  );
}
