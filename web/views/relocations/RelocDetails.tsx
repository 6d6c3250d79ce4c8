// The selected relocation in words: the values, what Zephyr wrote and what
// the psABI would have written, and why they differ.
import type { RelocRec, Timeline } from '../../player/timeline.js';
import { addr, bytesHex, hex } from '../../format/numbers.js';
import { errnoName } from '../../format/errno.js';
import { diverges } from './relocText.js';

interface Props {
  t: Timeline;
  r: RelocRec;
  ptr: number;
  onShowInMemory: () => void;
}

export function RelocDetails({ t, r, ptr, onShowInMemory }: Props) {
  const ev = r.ev;
  const sec = t.sections.find((s) => s.ext === r.ext && s.index === ev.target);
  return (
    <section className="reloc-details" aria-label={`Relocation ${r.n}`}>
      <div className="reloc-details-head">
        <h3>
          #{r.n} {ev.typeName || `type ${ev.type}`} in {sec?.name ?? `section ${ev.target}`} of {r.ext}
        </h3>
        <button type="button" className="small" onClick={onShowInMemory}>
          Show the arrow in Memory
        </button>
      </div>
      <dl className="facts">
        <div>
          <dt>Site P</dt>
          <dd className="mono">
            {addr(ev.P, ptr)} ({sec?.name ?? ''}+{hex(ev.offset)})
          </dd>
        </div>
        <div>
          <dt>Symbol S</dt>
          <dd className="mono">
            {ev.symbol || '(section)'} = {addr(ev.S, ptr)}
          </dd>
        </div>
        <div>
          <dt>Addend A</dt>
          <dd className="mono">{hex(ev.A)}</dd>
        </div>
        <div>
          <dt>Zephyr's value</dt>
          <dd className="mono">
            {addr(ev.value, ptr)} → {ev.written ? bytesHex(ev.after) : 'not written'}
          </dd>
        </div>
        <div>
          <dt>psABI value</dt>
          <dd className="mono">
            {addr(ev.abiValue, ptr)} → {bytesHex(ev.abiAfter)}
          </dd>
        </div>
        {ev.rangeFailed && (
          <div>
            <dt>Allowed range</dt>
            <dd className="mono">
              {hex(ev.rangeMin)} … {hex(ev.rangeMax)}
            </dd>
          </div>
        )}
      </dl>
      {ev.ret !== 0 && (
        <p className="message error">
          <span>
            Zephyr's arch_elf_relocate() returned {ev.ret} ({errnoName(-ev.ret)}).{ev.hint ? ` ${ev.hint}` : ''}
          </span>
        </p>
      )}
      {diverges(ev) && (
        <p className="message info">
          <span>
            <b>Zephyr differs from the psABI here.</b> {ev.quirk}
          </span>
        </p>
      )}
    </section>
  );
}
