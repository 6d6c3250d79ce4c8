// Changes to the image's export table: `name address` lines added to the
// board's built-in table (merge) or used instead of it (replace). A dropped
// zephyr.elf takes precedence, as its table is the real one.
import { useEffect, useState } from 'react';
import { useSession } from '../state/session.js';

export function ExportsEditor() {
  const exports = useSession((s) => s.exports);
  const hasImage = useSession((s) => s.files.some((f) => f.role === 'zephyr-elf'));
  const setExports = useSession((s) => s.setExports);
  const [text, setText] = useState(exports?.text ?? '');
  const [mode, setMode] = useState<'merge' | 'replace'>(exports?.mode ?? 'merge');
  useEffect(() => {
    setText(exports?.text ?? '');
    setMode(exports?.mode ?? 'merge');
  }, [exports]);
  const apply = (): void => setExports(text.trim() === '' ? null : { mode, text });
  const changed = text !== (exports?.text ?? '') || (exports !== null && mode !== exports.mode);
  return (
    <div className="exports-editor">
      {hasImage && <p className="muted">The dropped Zephyr image's export table is used; these lines apply once it is removed.</p>}
      <label className="field">
        <span>
          One <code>name address</code> per line; <code>#</code> starts a comment. Function addresses on Thumb-only cores have bit 0 set.
        </span>
        <textarea
          rows={8}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          placeholder="my_function 0x00002001"
          data-testid="exports-input"
        />
      </label>
      <div className="exports-actions">
        <label>
          <input type="radio" name="exports-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> add to the built-in table
        </label>
        <label>
          <input type="radio" name="exports-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> replace it
        </label>
        <button type="button" className="primary" onClick={apply} disabled={!changed} data-testid="exports-apply">
          Apply
        </button>
      </div>
    </div>
  );
}
