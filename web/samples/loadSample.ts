// Loading a sample: its files, on the board it was built for.
import { useSession } from '../state/session.js';
import { fetchSampleFiles, type Sample } from './catalogue.js';

export async function loadSample(sample: Sample): Promise<void> {
  const files = await fetchSampleFiles(sample);
  useSession.getState().loadSession({ boardId: sample.board, sampleId: sample.id, files });
  useSession.getState().say([]);
}
