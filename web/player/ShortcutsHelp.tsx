// The list of keyboard shortcuts, including the way out of the editors' Tab trap.
import { useEffect, useRef } from 'react';
import { Icon } from '../shell/Icon.js';

const KEYS: [string, string][] = [
  ['Space or K', 'play / pause'],
  ['← / →', 'one event back / forward'],
  ['Shift+← / Shift+→ or [ / ]', 'previous / next loader step'],
  ['Home / End', 'start / end of the run'],
  ['PageUp / PageDown', 'previous / next loader step (presentation clickers)'],
  ['1 2 3 4 5', 'Memory, Sections, Symbols, Relocations, Run'],
  ['Esc', 'clear the selection'],
  ['?', 'this list'],
  ['Ctrl+M (Ctrl+Shift+M on macOS)', 'in an editor: make Tab move the focus instead of inserting a tab'],
];

let opener: (() => void) | null = null;

/** Opens the list (the `?` key). */
export function openShortcutsHelp(): void {
  opener?.();
}

export function ShortcutsHelp() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    opener = () => {
      if (!dialog.current?.open) dialog.current?.showModal();
    };
    return () => {
      opener = null;
    };
  }, []);
  return (
    <>
      <button
        type="button"
        className="icon ghost"
        onClick={() => dialog.current?.showModal()}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts"
      >
        <Icon name="keyboard" size={18} />
      </button>
      <dialog ref={dialog} aria-labelledby="keys-title" className="narrow-dialog">
        <div className="dialog-head">
          <h2 id="keys-title">Keyboard shortcuts</h2>
          <button type="button" className="icon ghost" onClick={() => dialog.current?.close()} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        <div className="dialog-body">
          <p className="muted" data-testid="keys-where">
            These keys work wherever the focus is, except while typing in a text field or an editor, and in a dialog. On a row of tabs, ← /
            → and Home / End move between the tabs; in the relocation table, ↑ / ↓ move between rows and Space selects one; on a button,
            Space presses it.
          </p>
          <table className="data-table compact">
            <tbody>
              {KEYS.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">
                    <kbd>{k}</kbd>
                  </th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </dialog>
    </>
  );
}
