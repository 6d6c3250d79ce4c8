// The checkpoint of the current step, evaluated against the run on screen.
import { useMemo } from 'react';
import { useSession } from '../../state/session.js';
import { checklist } from '../checks.js';
import { checkContextFor } from '../context.js';
import type { Checkpoint } from '../lesson.js';
import { LessonText } from './LessonText.js';
import { showSolution, useLessons } from './lessonStore.js';
import { revealOption } from '../../shell/reveal.js';

export function CheckpointStatus({ checkpoint }: { checkpoint: Checkpoint }) {
  const result = useSession((s) => (s.resultRevision === s.revision ? s.result : null));
  const boardId = useSession((s) => s.boardId);
  const prjConf = useSession((s) => s.prjConf);
  const opening = useLessons((s) => s.opening);
  const parts = useMemo(() => {
    if (!result || opening) return null;
    try {
      return checklist(checkpoint.check, checkContextFor(boardId, prjConf, result.document));
    } catch {
      return null;
    }
  }, [result, boardId, prjConf, checkpoint, opening]);
  const reached = parts !== null && parts.every((p) => p.passed);
  // The option the step asks for, when its change is one: "Show me where" points at its control.
  const option = Object.keys(checkpoint.solution.config ?? {})[0];
  return (
    <div className={`checkpoint ${reached ? 'reached' : ''}`} data-testid="checkpoint" data-reached={reached}>
      <h4>Checkpoint</h4>
      <LessonText text={checkpoint.goal} />
      {parts === null ? (
        <p className="muted">Waiting for the run…</p>
      ) : (
        <ul className="checklist">
          {parts.map((p) => (
            <li key={p.text} className={p.passed ? 'ok' : 'todo'}>
              <span aria-hidden="true">{p.passed ? '✓' : '○'}</span> {p.text}
            </li>
          ))}
        </ul>
      )}
      <p className="checkpoint-status" role="status">
        {reached ? 'Reached ✓' : 'Not reached yet'}
      </p>
      {!reached && option && (
        <button type="button" className="small" onClick={() => void revealOption(option)} data-testid="show-where">
          Show me where
        </button>
      )}
      {!reached && !opening && (
        <details>
          <summary>Hint</summary>
          <LessonText text={checkpoint.hint} />
          <button type="button" className="small" onClick={() => void showSolution()} data-testid="show-solution">
            Show me
          </button>
        </details>
      )}
    </div>
  );
}
