// The UI's view of the configuration module: the board catalogue and the
// resolved configuration of the current session. Every Kconfig fact comes
// from wasm-core/data via wasm-core/src/config; nothing is restated here.
import { useMemo } from 'react';
import {
  allBoards,
  defaultBoard,
  getBoard,
  kconfigSchema,
  resolvePrjConf,
  type Board,
  type KconfigSchema,
  type PrjConfCheck,
} from '@core/config/index.js';
import { useSession } from '../state/session.js';

export const schema: KconfigSchema = kconfigSchema();

export function boards(): Board[] {
  return allBoards();
}

export function boardById(id: string): Board | undefined {
  try {
    return getBoard(id);
  } catch {
    return undefined;
  }
}

export function fallbackBoardId(): string {
  return defaultBoard().id;
}

/** Boards grouped by their architecture family, in catalogue order. */
export function boardGroups(): [string, Board[]][] {
  const groups = new Map<string, Board[]>();
  for (const b of allBoards()) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
  return [...groups.entries()];
}

const cache = new Map<string, PrjConfCheck>();

/** prj.conf resolved for a board (memoised on the pair). */
export function checkPrjConf(boardId: string, text: string): PrjConfCheck | null {
  const board = boardById(boardId);
  if (!board) return null;
  const key = `${boardId}\u0000${text}`;
  let c = cache.get(key);
  if (!c) {
    c = resolvePrjConf(board, text, schema);
    if (cache.size > 32) cache.clear();
    cache.set(key, c);
  }
  return c;
}

export function useConfigCheck(): PrjConfCheck | null {
  const boardId = useSession((s) => s.boardId);
  const text = useSession((s) => s.prjConf);
  return useMemo(() => checkPrjConf(boardId, text), [boardId, text]);
}

export function defaultPrjConfText(): string {
  return schema.defaultPrjConf;
}
