// Keeps the open session in IndexedDB: every change is saved shortly after it
// settles and at once when the page is hidden, so closing or losing the tab
// loses nothing. Not used in embed and presenter modes, which are read-only
// views of someone else's session.
import { useEffect } from 'react';
import { Autosaver } from '../persist/autosave.js';
import { SessionStore } from '../persist/sessionStore.js';
import { useSession } from '../state/session.js';
import { usePlayer } from '../state/player.js';
import { useUi } from '../state/ui.js';
import { filesReplaced, sessionId } from './identity.js';
import { snapshotSession } from './snapshot.js';

let store: SessionStore | null = null;

/** The saved-sessions store (one per page). */
export function sessionStore(): SessionStore {
  store ??= new SessionStore();
  return store;
}

export function useAutosave(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || typeof indexedDB === 'undefined') return;
    const saver = new Autosaver(sessionStore(), 600, (e) => {
      // Storage can be full or blocked (private windows); the session itself is unaffected.
      console.warn('The session could not be saved:', e);
    });
    const schedule = (): void => {
      const snap = snapshotSession();
      if (snap) saver.schedule(sessionId(), snap);
    };
    const unsubSession = useSession.subscribe((s, prev) => {
      const replaced = s.files !== prev.files && s.files.length > 0 && !s.files.some((f) => prev.files.some((p) => p.id === f.id));
      if (replaced) filesReplaced();
      if (
        s.files !== prev.files ||
        s.boardId !== prev.boardId ||
        s.prjConf !== prev.prjConf ||
        s.exports !== prev.exports ||
        s.sampleId !== prev.sampleId
      )
        schedule();
    });
    const unsubPlayer = usePlayer.subscribe((p, prev) => {
      if (p.cursor !== prev.cursor) schedule();
    });
    const unsubUi = useUi.subscribe((u, prev) => {
      if (u.view !== prev.view) schedule();
    });
    const flush = (): void => {
      void saver.flush();
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      unsubSession();
      unsubPlayer();
      unsubUi();
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [enabled]);
}
