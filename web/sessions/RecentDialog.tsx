// Saved sessions: reopen or delete the sessions worked on in this browser.
import { useRef, useState } from 'react';
import { Icon } from '../shell/Icon.js';
import type { RecentSession } from '../persist/sessionStore.js';
import { sessionStore } from './useAutosave.js';
import { sessionId } from './identity.js';
import { reopenSaved } from './restore.js';

export function RecentDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [list, setList] = useState<RecentSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = async (): Promise<void> => {
    try {
      setList(await sessionStore().list());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const show = (): void => {
    void refresh();
    dialog.current?.showModal();
  };
  const open = async (id: string): Promise<void> => {
    dialog.current?.close();
    await reopenSaved(id);
  };
  const remove = async (id: string): Promise<void> => {
    await sessionStore().remove(id);
    await refresh();
  };
  const current = sessionId();
  return (
    <>
      <button type="button" onClick={show}>
        Recent…
      </button>
      <dialog ref={dialog} aria-labelledby="recent-title" className="narrow-dialog">
        <div className="dialog-head">
          <h2 id="recent-title">Recent sessions</h2>
          <button type="button" className="icon ghost" onClick={() => dialog.current?.close()} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        <div className="dialog-body">
          <p className="muted">Saved in this browser as you work, dropped files included.</p>
          {error && (
            <p className="message error">
              <span>Saved sessions are not available: {error}</span>
            </p>
          )}
          {list && list.length === 0 && <p>No saved sessions yet.</p>}
          {list && list.length > 0 && (
            <ul className="recent-list" data-testid="recent-list">
              {list.map((r) => (
                <li key={r.id}>
                  <div>
                    <b>{r.title}</b>
                    {r.id === current && <span className="badge">open</span>}
                    <div className="muted">
                      Saved <time dateTime={new Date(r.savedAt).toISOString()}>{new Date(r.savedAt).toLocaleString()}</time>
                    </div>
                  </div>
                  <button type="button" className="small" onClick={() => void open(r.id)}>
                    Open
                  </button>
                  <button type="button" className="small ghost" onClick={() => void remove(r.id)} aria-label={`Delete ${r.title}`}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </dialog>
    </>
  );
}
