// First load: start watching the session and open the default sample on the
// default board with the schema's default prj.conf.
import { useEffect } from 'react';
import { startRunner } from '../engine/runner';
import { defaultSample, fetchSampleFiles, loadCatalogue } from '../samples/catalogue';
import { boardById, defaultPrjConfText, fallbackBoardId } from '../config/configModel';
import { useSession } from '../state/session';

export function useBootstrap(): void {
  useEffect(() => {
    const stop = startRunner();
    let live = true;
    (async () => {
      const boardId = fallbackBoardId();
      const samples = await loadCatalogue();
      const sample = defaultSample(samples, boardById(boardId)?.defaultSample);
      if (!sample || !live || useSession.getState().files.length > 0) return;
      const files = await fetchSampleFiles(sample);
      if (!live || useSession.getState().files.length > 0) return;
      useSession.getState().loadSession({ boardId: sample.board, sampleId: sample.id, files, prjConf: defaultPrjConfText() });
    })().catch((e: unknown) => {
      useSession.getState().say([{ kind: 'error', text: `Could not load the default sample: ${e instanceof Error ? e.message : String(e)}` }]);
    });
    return () => { live = false; stop(); };
  }, []);
}
