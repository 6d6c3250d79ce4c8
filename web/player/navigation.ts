// Cursor moves the player offers: by event, by loader step, to the ends.
import { usePlayer } from '../state/player.js';
import type { Timeline } from './timeline.js';

export function nextStep(t: Timeline, cursor: number): number {
  const s = t.stepStarts.find((i) => i + 1 > cursor);
  return s === undefined ? t.events.length : s + 1;
}

export function previousStep(t: Timeline, cursor: number): number {
  const before = t.stepStarts.filter((i) => i + 1 < cursor);
  return before.length > 0 ? before[before.length - 1] + 1 : 0;
}

export function goToNextStep(t: Timeline): void {
  const p = usePlayer.getState();
  p.seek(nextStep(t, p.cursor));
}

export function goToPreviousStep(t: Timeline): void {
  const p = usePlayer.getState();
  p.seek(previousStep(t, p.cursor));
}
