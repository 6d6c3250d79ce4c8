// Opens a shared session (from a link, a session file, the saved sessions or a
// lesson) in the playground: fetches sample files, loads everything in the
// recorded order, opens the recorded view and lands on the recorded step.
import type { Problem, SharedSession } from '../share/document.js';
import { prjConfWithChanges } from '../share/kconfigChanges.js';
import { inLoadOrder, sessionFiles } from '../share/request.js';
import { sampleChangeWarning } from '../share/sampleCheck.js';
import { fetchBytes, loadCatalogue } from '../samples/catalogue.js';
import { useSession } from '../state/session.js';
import { useUi } from '../state/ui.js';
import { landOnStep } from './landOnStep.js';
import { setSessionTitle } from './identity.js';

export interface OpenOptions {
  /** Shown above the warnings, e.g. "Opened the shared session." */
  note?: string;
  warnings?: Problem[];
}

// Opens overlap (a link followed while a recent session is still fetching its
// sample, say): the one asked for last is the one the learner sees, even when
// an earlier one's files arrive after it.
let latestOpen = 0;

/**
 * Resolves when the session is loaded (its run follows), or when a session
 * asked for later has taken its place; rejects if its files cannot be fetched.
 */
export async function openSharedSession(s: SharedSession, opts: OpenOptions = {}): Promise<void> {
  const ticket = ++latestOpen;
  const catalogue = await loadCatalogue();
  const files = inLoadOrder(await sessionFiles(s, catalogue, fetchBytes), s.loadOrder);
  if (ticket !== latestOpen) return;
  const changed = s.source.kind === 'sample' ? sampleChangeWarning(s.source.id, s.source.check, files) : null;
  const sampleId = s.source.kind === 'sample' && s.loadOrder === null ? s.source.id : null;
  useSession.getState().loadSession({
    boardId: s.board,
    sampleId,
    files: files.map((f) => ({ name: f.name, role: f.role, bytes: f.bytes })),
    prjConf: prjConfWithChanges(s.config),
    exports: s.exports,
    app: s.app,
  });
  // After loading: loading new files starts a new piece of work, which clears the previous title.
  if (s.title !== null) setSessionTitle(s.title);
  if (s.view) useUi.getState().setView(s.view);
  landOnStep(s.step);
  const messages = [
    ...(opts.note ? [{ kind: 'info' as const, text: opts.note }] : []),
    ...(changed ? [{ kind: 'error' as const, text: changed }] : []),
    ...(opts.warnings ?? []).map((w) => ({ kind: w.code === 'migrated' ? ('info' as const) : ('error' as const), text: w.message })),
  ];
  // Say nothing rather than clear: a message from before (a broken link, say) must stay visible.
  if (messages.length > 0) useSession.getState().say(messages);
}

/** The context the decoders check sample ids against. */
export async function decodeContext(): Promise<{ samples: Awaited<ReturnType<typeof loadCatalogue>> }> {
  return { samples: await loadCatalogue() };
}
