// After opening a session, put the player where the session was: once the run
// for that session is on screen, seek to its step (or to the end). The runner
// resets the player when a result arrives, so this waits for that reset.
import { usePlayer } from '../state/player.js';
import { useSession } from '../state/session.js';

let pending: { step: number; revision: number } | null = null;

usePlayer.subscribe((p) => {
  if (!pending) return;
  const s = useSession.getState();
  if (s.resultRevision < pending.revision || p.length === 0) return;
  const { step } = pending;
  pending = null;
  usePlayer.getState().seek(Math.min(step, p.length));
});

/** Call right after loading the session; null means the end of the run. */
export function landOnStep(step: number | null): void {
  pending = { step: step ?? Number.MAX_SAFE_INTEGER, revision: useSession.getState().revision };
}
