// Opens a session file that was dropped or picked like any other input.
import { decodeSessionFile } from '../share/sessionFile.js';
import { useSession } from '../state/session.js';
import { decodeContext, openSharedSession } from './open.js';

export async function openSessionFile(name: string, bytes: Uint8Array): Promise<void> {
  const decoded = decodeSessionFile(bytes, await decodeContext());
  if (!decoded.ok) {
    useSession.getState().say([{ kind: 'error', text: `${name}: ${decoded.error.message} Your current session was kept.` }]);
    return;
  }
  try {
    await openSharedSession(decoded.session, { note: `Opened the session file ${name}.`, warnings: decoded.warnings });
  } catch (e) {
    useSession
      .getState()
      .say([{ kind: 'error', text: `${name}: ${e instanceof Error ? e.message : String(e)} Your current session was kept.` }]);
  }
}
