// A lesson's intended solution: the change to the session a learner is asked to
// make. Kconfig values are merged into the session's; every other field given
// replaces the session's.
import type { ExportChanges, SharedSession } from '../share/document.js';
import type { KconfigChanges } from '../share/kconfigChanges.js';

export interface SessionPatch {
  board?: string;
  sample?: string;
  config?: KconfigChanges;
  exports?: ExportChanges | null;
  loadOrder?: string[] | null;
}

export function applyPatch(s: SharedSession, p: SessionPatch): SharedSession {
  return {
    ...s,
    board: p.board ?? s.board,
    source: p.sample !== undefined ? { kind: 'sample', id: p.sample } : s.source,
    config: p.config ? { ...s.config, ...p.config } : s.config,
    exports: p.exports !== undefined ? p.exports : s.exports,
    loadOrder: p.loadOrder !== undefined ? p.loadOrder : s.loadOrder,
  };
}
