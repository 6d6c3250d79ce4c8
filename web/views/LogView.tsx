// The Zephyr console: log lines printed up to the cursor, in Zephyr's format.
import { useEffect, useRef } from 'react';
import { useCursor, useTimeline } from '../player/useTimeline.js';
import { fullName, upTo } from '../player/timeline.js';
import { usePlayer } from '../state/player.js';
import { CopyButton } from './CopyButton.js';

const LEVEL_CLASS = ['', 'log-err', 'log-wrn', 'log-inf', 'log-dbg'];
/** Lines drawn at most; older ones are summarised (Copy still takes them all). */
const SHOWN = 400;

export function LogView() {
  const t = useTimeline();
  const cursor = useCursor();
  const seek = usePlayer((s) => s.seek);
  const bottom = useRef<HTMLDivElement>(null);
  const lines = t ? upTo(t.logs, cursor) : [];
  useEffect(() => {
    // Scroll the log's own box only: scrollIntoView() would also scroll the
    // page (an embed's frame) or the phone layout's main area.
    const box = bottom.current?.parentElement;
    if (box) box.scrollTop = box.scrollHeight;
  }, [lines.length]);
  const all = t ? t.logs.map((l) => l.line).join('\n') : '';
  return (
    <section aria-labelledby="log-title">
      <div className="panel-head">
        <h2 id="log-title">
          Log{' '}
          <span className="muted count-text">
            {lines.length}
            {t && lines.length < t.logs.length ? ` of ${t.logs.length}` : ''}{' '}
            {(t && lines.length < t.logs.length ? t.logs.length : lines.length) === 1 ? 'line' : 'lines'}
          </span>
        </h2>
        <CopyButton text={all} label="Copy the whole log" />
      </div>
      {t && t.fullNames.size > 0 && (
        <p className="message info log-note" role="note" data-testid="name-limit-note">
          <span>
            Zephyr keeps {t.nameLimit} characters of an extension&apos;s name (<code>LLEXT_MAX_NAME_LEN</code>, the size of{' '}
            <code>struct llext</code>&apos;s name), so its log says{' '}
            {[...t.fullNames.keys()].map((short, i) => (
              <span key={short}>
                {i > 0 && ', '}
                <code>{short}</code> for <code>{fullName(t, short)}</code>
              </span>
            ))}
            . The other views show the whole name.
          </span>
        </p>
      )}
      <div className="panel-body log" data-testid="log" tabIndex={0} aria-label="Zephyr log output">
        {lines.length === 0 && <p className="empty">{t ? 'Nothing printed yet.' : 'No run yet.'}</p>}
        {lines.length > SHOWN && <p className="muted">… {lines.length - SHOWN} earlier lines (Copy takes the whole log)</p>}
        {lines.slice(-SHOWN).map((l) => (
          <div key={l.at} className={`log-line ${LEVEL_CLASS[l.level] ?? ''}`} onDoubleClick={() => seek(l.at + 1)}>
            {l.line}
          </div>
        ))}
        <div ref={bottom} />
      </div>
    </section>
  );
}
