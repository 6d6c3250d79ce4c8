// Paste an extension as a hex string, as given to `llext load_hex`.
import { useRef, useState } from 'react';
import { intake } from './intake.js';
import { Icon } from '../shell/Icon.js';

export function HexPaste() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const load = (): void => {
    void intake([{ name: 'pasted', bytes: new TextEncoder().encode(text) }]).then((ok) => {
      if (ok) {
        dialog.current?.close();
        setText('');
      }
    });
  };
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        Paste hex…
      </button>
      <dialog ref={dialog} aria-labelledby="hex-title" className="narrow-dialog">
        <div className="dialog-head">
          <h2 id="hex-title">Paste an extension as hex</h2>
          <button type="button" className="icon ghost" onClick={() => dialog.current?.close()} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        <div className="dialog-body">
          <label className="field">
            <span>
              The ELF file as hex digits, as for <code>llext load_hex &lt;name&gt; &lt;hex&gt;</code> (the command itself may be included)
            </span>
            <textarea
              rows={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              placeholder="7f454c46010101000000…"
              data-testid="hex-input"
            />
          </label>
          <p className="muted">Decoded here in the page; nothing is uploaded.</p>
        </div>
        <div className="dialog-foot">
          <button type="button" onClick={() => dialog.current?.close()}>
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
