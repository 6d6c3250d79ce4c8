// The open session as a shared-session document: what the Share button puts
// in the link, what autosave stores, what lessons patch.
import { getBoard } from '@core/config/index.js';
import { kconfigChanges } from '../share/kconfigChanges.js';
import { sampleCheckOf } from '../share/sampleCheck.js';
import type { SharedSession } from '../share/document.js';
import { useSession } from '../state/session.js';
import { usePlayer } from '../state/player.js';
import { useUi } from '../state/ui.js';
import { sessionTitle } from './identity.js';

/** Null while nothing is loaded or the board is unknown. */
export function snapshotSession(title: string | null = sessionTitle()): SharedSession | null {
  const s = useSession.getState();
  if (s.files.length === 0 || s.boardId === '') return null;
  let config;
  try {
    config = kconfigChanges(getBoard(s.boardId), s.prjConf);
  } catch {
    return null;
  }
  const p = usePlayer.getState();
  return {
    board: s.boardId,
    config,
    exports: s.exports,
    app: { ...s.app },
    source:
      s.sampleId !== null
        ? { kind: 'sample', id: s.sampleId, check: sampleCheckOf(s.files) }
        : { kind: 'files', files: s.files.map((f) => ({ name: f.name, role: f.role, bytes: f.bytes })) },
    loadOrder: null,
    step: p.length > 0 ? p.cursor : null,
    view: useUi.getState().view,
    title,
  };
}
