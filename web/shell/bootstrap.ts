// First load: start watching the session, then open, in this order, what the
// address asks for (a shared session or a lesson), the session saved when the
// page was last left, or the default sample on the default board.
import { useEffect } from 'react';
import { startRunner } from '../engine/runner.js';
import { warmUpInspector } from '../input/intake.js';
import { defaultSample, fetchSampleFiles, loadCatalogue } from '../samples/catalogue.js';
import { boardById, defaultPrjConfText, fallbackBoardId } from '../config/configModel.js';
import { useSession } from '../state/session.js';
import { openFromAddress } from '../sessions/fromLink.js';
import { restoreSavedSession } from '../sessions/restore.js';
import type { AppMode } from './mode.js';

async function loadDefaultSample(live: () => boolean): Promise<void> {
  const boardId = fallbackBoardId();
  const samples = await loadCatalogue();
  const sample = defaultSample(samples, boardById(boardId)?.defaultSample);
  if (!sample || !live() || useSession.getState().files.length > 0) return;
  const files = await fetchSampleFiles(sample);
  if (!live() || useSession.getState().files.length > 0) return;
  useSession.getState().loadSession({ boardId: sample.board, sampleId: sample.id, files, prjConf: defaultPrjConfText() });
}

export function useBootstrap(mode: AppMode): void {
  useEffect(() => {
    const stop = startRunner();
    let live = true;
    const keepFragment = mode !== 'full';
    (async () => {
      if (await openFromAddress(keepFragment)) return;
      if (!live) return;
      if (mode === 'full' && (await restoreSavedSession())) return;
      await loadDefaultSample(() => live);
    })().catch((e: unknown) => {
      useSession.getState().say([{ kind: 'error', text: `Could not load the session: ${e instanceof Error ? e.message : String(e)}` }]);
    });
    // A link pasted into this tab's address bar changes only the fragment.
    const onHash = (): void => {
      void openFromAddress(keepFragment);
    };
    window.addEventListener('hashchange', onHash);
    // Once the first run is under way: only the full playground takes files.
    const warm = mode === 'full' ? setTimeout(warmUpInspector, 1500) : undefined;
    return () => {
      live = false;
      stop();
      clearTimeout(warm);
      window.removeEventListener('hashchange', onHash);
    };
  }, [mode]);
}
