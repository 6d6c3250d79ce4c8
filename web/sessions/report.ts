// The report of the run on screen, in either format.
import { getBoard } from '@core/config/index.js';
import { buildReport, type ReportModel } from '../report/model.js';
import { changeLines, kconfigChanges } from '../share/kconfigChanges.js';
import { useSession } from '../state/session.js';

export function currentReport(link: string | null): ReportModel | null {
  const s = useSession.getState();
  if (!s.result) return null;
  let boardName = s.boardId;
  let options: string[] = [];
  try {
    const board = getBoard(s.boardId);
    boardName = board.name;
    options = changeLines(kconfigChanges(board, s.prjConf));
  } catch {
    /* unknown board: the report still shows the run */
  }
  const exts = s.files.filter((f) => f.role === 'extension');
  const title = `LLEXT run: ${s.sampleId ?? exts.map((f) => f.name).join(', ')} on ${s.boardId}`;
  return buildReport({
    title,
    boardId: s.boardId,
    boardName,
    files: s.files.map((f) => ({ name: f.name, size: f.bytes.length })),
    optionLines: options,
    document: s.result.document,
    generatedAt: new Date().toISOString(),
    link,
    fullNames: new Map(s.result.events.flatMap((e) => (e.kind === 'extName' ? [[e.ext, e.full] as [string, string]] : []))),
  });
}

export function reportFileStem(): string {
  const s = useSession.getState();
  const what = (s.sampleId ?? s.files.find((f) => f.role === 'extension')?.name ?? 'run').replace(/[^A-Za-z0-9_.-]+/g, '-');
  return `llext-report-${what}-${s.boardId}`;
}
