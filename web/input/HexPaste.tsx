// Paste an extension as a hex string, as given to `llext load_hex`.
import { useRef, useState } from 'react';
import { intake } from './intake.js';
import { hexProblem } from './hex.js';
import { useSession } from '../state/session.js';
import { Icon } from '../shell/Icon.js';

export function HexPaste() {
  const dialog = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  // Shown in the dialog, not in the sidebar behind it.
  const [error, setError] = useState<string | null>(null);
  const close = (): void => {
    dialog.current?.close();
    setError(null);
  };
  const load = (): void => {
    const problem = hexProblem(text);
    if (problem) {
      setError(problem.message);
      const el = area.current;
      if (el && problem.index >= 0) {
        el.focus();
        el.setSelectionRange(problem.index, problem.index + 1);
      }
      return;
    }
    void intake([{ name: 'pasted', bytes: new TextEncoder().encode(text) }]).then((ok) => {
      if (ok) {
        close();
        setText('');
      } else {
        const s = useSession.getState();
        setError(s.messages.map((m) => m.text).join(' ') || 'Nothing to load.');
        s.dismissMessages();
      }
    });
  };
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        Paste hex…
      </button>
      <dialog ref={dialog} aria-labelledby="hex-title" className="narrow-dialog" onClose={() => setError(null)}>
        <div className="dialog-head">
          <h2 id="hex-title">Paste an extension as hex</h2>
          <button type="button" className="icon ghost" onClick={close} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        <div className="dialog-body">
          <label className="field">
            <span>
              The ELF file as hex digits, as for <code>llext load_hex &lt;name&gt; &lt;hex&gt;</code> (the command itself may be included)
            </span>
            <textarea
              ref={area}
              rows={8}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              aria-invalid={error !== null}
              aria-describedby={error ? 'hex-error' : undefined}
              spellCheck={false}
              placeholder="7f454c46010101000000…"
              data-testid="hex-input"
            />
          </label>
          {error && (
            <p className="message error" role="alert" id="hex-error" data-testid="hex-error">
              <span>{error}</span>
            </p>
          )}
          <p className="muted">Decoded here in the page; nothing is uploaded.</p>
        </div>
        <div className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={load} disabled={text.trim() === ''}>
            Load
          </button>
        </div>
      </dialog>
    </>
  );
}
