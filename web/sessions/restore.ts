// Reopens the session that was open when the page was last closed or reloaded.
import { useSession } from '../state/session.js';
import { sessionStore } from './useAutosave.js';
import { adoptSessionId } from './identity.js';
import { decodeContext, openSharedSession } from './open.js';

export async function restoreSavedSession(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  let saved;
  try {
    saved = await sessionStore().loadCurrent(await decodeContext());
  } catch {
    return false;
  }
  if (!saved) return false;
  if (!saved.result.ok) {
    useSession.getState().say([{ kind: 'error', text: `Your last session could not be restored: ${saved.result.error.message}` }]);
    return false;
  }
  adoptSessionId(saved.id);
  await openSharedSession(saved.result.session, { warnings: saved.result.warnings.filter((w) => w.code !== 'migrated') });
  return true;
}

/** Reopens a session from the recent list. */
export async function reopenSaved(id: string): Promise<void> {
  const saved = await sessionStore().load(id, await decodeContext());
  if (!saved) {
    useSession.getState().say([{ kind: 'error', text: 'That session is no longer saved.' }]);
    return;
  }
  if (!saved.ok) {
    useSession.getState().say([{ kind: 'error', text: saved.error.message }]);
    return;
  }
  adoptSessionId(id);
  await openSharedSession(saved.session, { warnings: saved.warnings.filter((w) => w.code !== 'migrated') });
}
