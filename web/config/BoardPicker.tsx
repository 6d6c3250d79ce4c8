// Board picker, grouped by architecture family.
import { useSession } from '../state/session.js';
import { boardById, boardGroups } from './configModel.js';

export function BoardPicker() {
  const boardId = useSession((s) => s.boardId);
  const setBoard = useSession((s) => s.setBoard);
  const board = boardById(boardId);
  return (
    <label className="board-picker">
      <span className="field-label">Board</span>
      <select
        value={boardId}
        onChange={(e) => setBoard(e.target.value)}
        data-testid="board"
        title={board ? `${board.zephyrBoard}: ${board.cpu}` : undefined}
      >
        {boardGroups().map(([group, list]) => (
          <optgroup key={group} label={group}>
            {list.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
