// The lesson the learner follows and the step they are on. Entering a step
// loads its session when it has one (or, when jumping, the session a learner
// following every earlier step would have); "Show me" applies the intended
// solution to the learner's current session.
import { create } from 'zustand';
import { useSession } from '../../state/session.js';
import { useUi } from '../../state/ui.js';
import { decodeContext, openSharedSession } from '../../sessions/open.js';
import { keepSessionIdOnce } from '../../sessions/identity.js';
import { snapshotSession } from '../../sessions/snapshot.js';
import { type Lesson, type LessonIndexEntry, sessionsAlongLesson } from '../lesson.js';
import { loadLesson, loadLessonIndex } from '../loader.js';
import { applyPatch } from '../patch.js';

const fetchJson = async (path: string): Promise<unknown> => {
  const r = await fetch(`lessons/${path}`);
  if (!r.ok) throw new Error(`lessons/${path}: HTTP ${r.status}`);
  return r.json() as Promise<unknown>;
};

interface LessonUiState {
  open: boolean;
  index: LessonIndexEntry[] | null;
  lesson: Lesson | null;
  step: number;
  error: string | null;
  /** True while a step's (or a solution's) session is being opened: the run on screen is not the step's yet. */
  opening: boolean;
  setOpen: (open: boolean) => void;
}

export const useLessons = create<LessonUiState>()((set) => ({
  open: false,
  index: null,
  lesson: null,
  step: 0,
  error: null,
  opening: false,
  setOpen: (open) => set({ open }),
}));

export async function loadIndex(): Promise<void> {
  if (useLessons.getState().index) return;
  const r = await loadLessonIndex(fetchJson);
  useLessons.setState(r.ok ? { index: r.value, error: null } : { error: r.message });
}

function say(text: string): void {
  useSession.getState().say([{ kind: 'error', text }]);
}

// Session opens made by the lesson run one after another: "Show me" clicked
// while the step's own session is still being fetched must patch that
// session, not the previous step's, and must not be overwritten by it.
let queue: Promise<void> = Promise.resolve();
let pending = 0;

function openInTurn(open: () => Promise<void>): Promise<void> {
  pending += 1;
  useLessons.setState({ opening: true });
  const run = queue.then(open).finally(() => {
    pending -= 1;
    if (pending === 0) useLessons.setState({ opening: false });
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Opens step `i` (from 0). `fromPrevious` keeps the learner's session on steps without one of their own. */
export async function goToStep(i: number, fromPrevious = false): Promise<void> {
  const { lesson } = useLessons.getState();
  if (!lesson || i < 0 || i >= lesson.steps.length) return;
  const step = lesson.steps[i];
  useLessons.setState({ step: i });
  const session = step.session ?? (fromPrevious ? null : sessionsAlongLesson(lesson, applyPatch)[i]);
  if (session) {
    await openInTurn(async () => {
      if (i > 0) keepSessionIdOnce();
      try {
        await openSharedSession({ ...session, title: `Lesson: ${lesson.title}` });
      } catch (e) {
        say(`This step's session cannot be opened: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }
  if (step.view) useUi.getState().setView(step.view);
}

/** Opens a lesson from a link or the list; `step` counts from 1. */
export async function openLessonById(id: string, step: number | null = null): Promise<boolean> {
  const r = await loadLesson(id, fetchJson, await decodeContext());
  if (!r.ok) {
    say(r.message);
    return false;
  }
  useLessons.setState({ lesson: r.value, open: true, error: null });
  await goToStep(Math.min((step ?? 1) - 1, r.value.steps.length - 1));
  return true;
}

export function closeLesson(): void {
  useLessons.setState({ lesson: null, step: 0 });
}

/** Applies the current checkpoint's intended solution to the learner's session. */
export async function showSolution(): Promise<void> {
  await openInTurn(async () => {
    const { lesson, step } = useLessons.getState();
    const checkpoint = lesson?.steps[step]?.checkpoint;
    const current = snapshotSession();
    if (!checkpoint || !current) return;
    keepSessionIdOnce();
    await openSharedSession({ ...applyPatch(current, checkpoint.solution), step: null });
  });
}
