// The indexed trace of the current result and the cursor, for the views.
import { useSession } from '../state/session.js';
import { usePlayer } from '../state/player.js';
import { buildTimeline, type Timeline } from './timeline.js';
import type { TraceEvent } from '@core/trace.js';

let cache: { events: TraceEvent[]; timeline: Timeline } | null = null;

function timelineOf(events: TraceEvent[]): Timeline {
  if (cache?.events !== events) cache = { events, timeline: buildTimeline(events) };
  return cache.timeline;
}

export function useTimeline(): Timeline | null {
  const events = useSession((s) => s.result?.events);
  return events ? timelineOf(events) : null;
}

export function useCursor(): number {
  return usePlayer((s) => s.cursor);
}

/** Pointer size of the target in bytes (4 or 8). */
export function usePointerBytes(): number {
  return useSession((s) => s.result?.pointerBytes ?? 4);
}
