// Text of the current step, for everyone and for screen readers (aria-live).
// While playing it announces loader steps only, so speech is not flooded.
import { usePlayer } from '../state/player.js';
import { useSession } from '../state/session.js';
import { useTimeline } from './useTimeline.js';
import { currentStep } from './timeline.js';
import { describeEvent } from './describe.js';

export function StatusLine() {
  const t = useTimeline();
  const cursor = usePlayer((s) => s.cursor);
  const playing = usePlayer((s) => s.playing);
  const status = useSession((s) => s.status);
  let text = 'Ready.';
  if (t) {
    const heapName = (h: number): string => t.heaps.find((x) => x.heap === h)?.name ?? `heap ${h}`;
    const step = currentStep(t, cursor);
    const stepText = step ? `${step.ext}: ${step.fn}() — ${step.title}` : 'Before the first loader step';
    if (cursor === 0) text = 'At the start: nothing has happened yet.';
    else if (playing) text = stepText;
    else text = `${describeEvent(t.events[cursor - 1], heapName)}`;
  } else if (status.state === 'running') text = 'Running the simulation…';
  const t2 = t ? currentStep(t, cursor) : null;
  return (
    <div className="status-line">
      <span className="status-step" aria-hidden="true">
        {t2 ? `${t2.fn}()` : ''}
      </span>
      <p className="status-text" role="status" aria-live="polite" aria-atomic="true" data-testid="status-line">
        {text}
      </p>
    </div>
  );
}
