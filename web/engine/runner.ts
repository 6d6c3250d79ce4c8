// Re-runs the engine whenever the session changes: at once for a new load,
// debounced while the user edits the configuration. Keeps the previous result
// on screen when a run fails, is cancelled or crashes the worker.
import { EngineClient, EngineStopped } from './client.js';
import type { RunSpec } from './protocol.js';
import { useSession, type SessionState } from '../state/session.js';
import { usePlayer } from '../state/player.js';
import { prefersReducedMotion } from '../player/motion.js';
import { appCallsOf, cpuBudgetOf } from './appActions.js';

const CONFIG_DEBOUNCE_MS = 250;
const SLOW_AFTER_MS = 400;
const ENOMEM = 12;

const createWorker = (): Worker => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

export const engine = new EngineClient({ createWorker, timeoutMs: 30_000, supersedeAfterMs: 1_000 });
/** A second worker for the minimum-heap solver, so solving never delays a run. */
const solver = new EngineClient({ createWorker, timeoutMs: 60_000, supersedeAfterMs: 0 });
/** A third one tells what dropped files are (input/intake.ts, one request at a time), so that
 * recognising a file never waits for a run or cancels one. */
export const inspector = new EngineClient({ createWorker, timeoutMs: 10_000, supersedeAfterMs: Number.POSITIVE_INFINITY });
/** A fourth one computes the verdict, whose fixes are verified by re-running the engine. */
const judge = new EngineClient({ createWorker, timeoutMs: 60_000, supersedeAfterMs: 0 });

export function specOf(s: Pick<SessionState, 'boardId' | 'prjConf' | 'files' | 'app' | 'exports'> & { cpuStop?: number | null }): RunSpec {
  return {
    boardId: s.boardId,
    prjConf: s.prjConf,
    files: s.files.map(({ name, role, bytes }) => ({ name, role, bytes })),
    app: appCallsOf(s.boardId, s.prjConf, s.app),
    exports: s.exports,
    ...(s.cpuStop ? { cpuStop: s.cpuStop } : {}),
    ...cpuBudgetOf(s.app),
  };
}

async function solveMinHeap(spec: RunSpec, revision: number): Promise<void> {
  const key = String(revision);
  const set = useSession.getState().setMinHeap;
  set({ state: 'solving', key });
  try {
    const answer = await solver.minHeap(spec);
    if (useSession.getState().revision === revision) set({ state: 'done', key, answer });
  } catch (err) {
    if (err instanceof EngineStopped && err.reason === 'superseded') return;
    if (useSession.getState().revision === revision) {
      set({ state: 'done', key, answer: { error: err instanceof Error ? err.message : String(err) } });
    }
  }
}

async function judgeRun(spec: RunSpec, revision: number): Promise<void> {
  const set = useSession.getState().setVerdict;
  set({ state: 'judging', revision });
  try {
    const verdict = await judge.verdict(spec);
    if (useSession.getState().revision === revision) set({ state: 'done', revision, verdict });
  } catch (err) {
    if (err instanceof EngineStopped && err.reason === 'superseded') return;
    if (useSession.getState().revision === revision) set({ state: 'idle' });
  }
}

async function run(revision: number): Promise<void> {
  const session = useSession.getState();
  if (session.files.length === 0 || session.boardId === '') return;
  const spec = specOf(session);
  const reason = session.reason;
  const { setStatus, setResult, setMinHeap } = session;
  setStatus({ state: 'running', phase: null, fraction: 0, slow: false, error: null });
  const slowTimer = setTimeout(() => setStatus({ slow: true }), SLOW_AFTER_MS);
  try {
    const result = await engine.simulate(spec, (phase, fraction) => setStatus({ phase, fraction }));
    if (useSession.getState().revision !== revision) return;
    setResult(result, revision);
    setStatus({ state: 'done', slow: false, error: null });
    void judgeRun(spec, revision);
    // A note such as "Loaded 1 extension." must not stay beside a failed run.
    if (!result.document.ok) {
      const { messages, say } = useSession.getState();
      if (messages.some((m) => m.kind === 'info')) say(messages.filter((m) => m.kind !== 'info'));
    }
    usePlayer.getState().reset(result.events.length, reason === 'load' && !prefersReducedMotion());
    if (!result.document.ok && result.document.errno === ENOMEM) void solveMinHeap(spec, revision);
    else setMinHeap({ state: 'idle' });
  } catch (err) {
    if (err instanceof EngineStopped && err.reason === 'superseded') return;
    setStatus({ state: 'failed', slow: false, error: err instanceof Error ? err.message : String(err) });
  } finally {
    clearTimeout(slowTimer);
  }
}

/** Starts watching the session; returns a function that stops it. */
export function startRunner(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = (s: SessionState): void => {
    if (timer) clearTimeout(timer);
    const delay = s.reason === 'config' ? CONFIG_DEBOUNCE_MS : 0;
    timer = setTimeout(() => {
      timer = null;
      void run(s.revision);
    }, delay);
  };
  const unsubscribe = useSession.subscribe((s, prev) => {
    if (s.revision !== prev.revision) schedule(s);
  });
  const current = useSession.getState();
  if (current.revision > 0) schedule(current);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

export function cancelRun(): void {
  engine.cancel();
  useSession.getState().setStatus({ state: 'failed', slow: false, error: 'Run cancelled: the previous result stays on screen.' });
}
