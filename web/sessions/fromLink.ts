// Opens what the page address asks for: a shared session (#session=…) or a
// lesson (#lesson=…). A broken or hostile link is reported and changes nothing.
import { decodeSessionPayload, readFragment } from '../share/codec.js';
import { useSession } from '../state/session.js';
import { openLessonById } from '../lessons/ui/lessonStore.js';
import { decodeContext, openSharedSession } from './open.js';

/** In the full playground the fragment is removed once read, so a reload restores the saved session with later edits. */
function forgetFragment(): void {
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}

/** True when the address named something that was opened. */
export async function openFromAddress(keepFragment: boolean): Promise<boolean> {
  const request = readFragment(location.hash);
  if (request.kind === 'none') return false;
  if (!keepFragment) forgetFragment();
  if (request.kind === 'lesson') return openLessonById(request.id, request.step);
  const decoded = decodeSessionPayload(request.payload, await decodeContext());
  if (!decoded.ok) {
    useSession.getState().say([{ kind: 'error', text: decoded.error.message }]);
    return false;
  }
  try {
    await openSharedSession(decoded.session, { note: 'Opened the shared session.', warnings: decoded.warnings });
    return true;
  } catch (e) {
    useSession.getState().say([
      {
        kind: 'error',
        text: `This link's session cannot be opened: ${e instanceof Error ? e.message : String(e)} Your current session was kept.`,
      },
    ]);
    return false;
  }
}
