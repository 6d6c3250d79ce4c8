// The context a checkpoint is evaluated in: the engine's document for the run
// and the effective Kconfig values of the session that produced it.
import type { SimulationDocument } from '@core/document.js';
import { getBoard, resolvePrjConf } from '@core/config/index.js';
import type { SharedSession } from '../share/document.js';
import { prjConfWithChanges } from '../share/kconfigChanges.js';
import type { CheckContext } from './checks.js';

export function checkContext(session: SharedSession, document: SimulationDocument): CheckContext {
  return checkContextFor(session.board, prjConfWithChanges(session.config), document);
}

/** The same from the playground's state: a board and the prj.conf text. */
export function checkContextFor(boardId: string, prjConf: string, document: SimulationDocument): CheckContext {
  const resolved = resolvePrjConf(getBoard(boardId), prjConf).config;
  return {
    document,
    option: (name) => {
      if (!resolved.schema.option(name)) return undefined;
      return resolved.value(name);
    },
  };
}
