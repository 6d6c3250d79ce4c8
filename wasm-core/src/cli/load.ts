// llext-sim load: the Zephyr log and a summary, the JSON document, or with --quiet one line.
import type { LoadArgs } from './args.js';
import { callFaulted, diagnosticLine, textCalls, textHeader, textSummary, textVerdict } from './format.js';
import { stringify } from './json.js';
import { runQuiet, simulate, type InputFile } from '../engine.js';
import { LogBytes } from '../log-bytes.js';
import type { DiagnosticDoc, SimulationDocument } from '../document.js';
import type { PreparedSession, SessionRequest } from '../session.js';
import { computeVerdict, hasMismatchedFile } from '../verdict/index.js';
import { explainCall } from '../run/explain.js';
import type { TraceEvent } from '../trace.js';

/** EINVAL: the exit status of a run that loaded with a rejected configuration value. */
const CONFIG_ERROR_STATUS = 22;
/** EFAULT: the exit status of a run whose called code faulted. */
const CALL_FAULT_STATUS = 14;

/** Whether the run executes extension code (then even --quiet records it, to print the calls). */
function runsCode(a: LoadArgs): boolean {
  return a.calls.length > 0 || a.bringup || a.teardown;
}

type Session = PreparedSession<InputFile>;
type Request = SessionRequest<InputFile>;

function configDiagnostics(s: Session): DiagnosticDoc[] {
  return s.diagnostics.map((d) => ({
    severity: d.severity,
    code: `config:${d.code}`,
    text: d.where ? `${d.where}: ${d.message}` : d.message,
  }));
}

function hasConfigErrors(s: Session): boolean {
  return s.diagnostics.some((d) => d.severity === 'error');
}

/** One recorded run, printed as text or JSON. */
async function printRun(a: LoadArgs, s: Session, req: Request): Promise<number> {
  // The text output shows the log and a summary: no per-relocation detail, no images, and the
  // log lines go into the output as bytes as the trace is decoded (never held as strings).
  // Every sym_tab symbol is kept: the verdict names the function that holds each hazard.
  const log = new LogBytes(1 << 20);
  const r = await simulate(
    { files: s.files, config: s.config },
    undefined,
    a.json ? undefined : { relocations: 'quirks', lookups: 'imports', images: false, logBytes: log },
  );
  const doc = r.document;
  const verdict = await computeVerdict(req, { document: doc, events: r.events, relocsComplete: a.json });
  doc.diagnostics.unshift(...configDiagnostics(s));
  if (a.json) {
    process.stdout.write(stringify({ ...doc, verdict }) + '\n');
  } else {
    // The verdict first, unless there is nothing to say beyond "loaded".
    if (verdict.status !== 'loaded' || verdict.fixes.length > 0) process.stdout.write(textVerdict(verdict));
    process.stdout.write(textHeader(doc));
    process.stdout.write(log.bytes());
    process.stdout.write(textSummary(doc));
    process.stdout.write(textCalls(doc.calls, explanationsOf(r.events, doc, s.config)));
  }
  return statusOf(s, doc.ok, doc.errno, doc.calls);
}

function statusOf(s: Session, ok: boolean, errno: number, calls: SimulationDocument['calls']): number {
  if (!ok) return errno;
  if (hasConfigErrors(s)) return CONFIG_ERROR_STATUS;
  return callFaulted(calls) ? CALL_FAULT_STATUS : 0;
}

/**
 * --quiet: the loader recording nothing. A failure is run again recorded and printed as
 * without --quiet, so that Zephyr's messages and the advice about them are never lost; so
 * is a load of a file built for another target, which Zephyr may complete although its
 * code cannot run on the board.
 */
async function quietRun(a: LoadArgs, s: Session, req: Request): Promise<number> {
  if (runsCode(a)) return quietCalls(a, s, req);
  const ret = await runQuiet({ files: s.files, config: s.config });
  if (ret !== 0 || (await hasMismatchedFile(req, s.board))) return printRun(a, s, req);
  const lines = configDiagnostics(s).map(diagnosticLine);
  lines.push(`Loaded ${s.names.join(', ')} on board ${s.board.id} (${s.board.arch})`);
  process.stdout.write(lines.join('\n') + '\n');
  return hasConfigErrors(s) ? CONFIG_ERROR_STATUS : 0;
}

/** The playground's explanation of each faulted call (run/explain.ts), null for the others. */
function explanationsOf(events: readonly TraceEvent[], doc: SimulationDocument, engineInput: string): (string | null)[] {
  return doc.calls.map((c, i) => {
    if (c.fault === null || c.fault.kind === 'stopped' || c.fault.text === '') return null;
    const x = explainCall(events, doc, i, { engineInput });
    return x ? [x.headline, ...x.details].join(' ') : null;
  });
}

/** --quiet with calls: the "Loaded" line, then the calls (a failed load prints as without --quiet). */
async function quietCalls(a: LoadArgs, s: Session, req: Request): Promise<number> {
  const r = await simulate({ files: s.files, config: s.config }, undefined, { relocations: 'quirks', lookups: 'imports', images: false });
  const doc = r.document;
  if (!doc.ok) return printRun(a, s, req);
  const lines = configDiagnostics(s).map(diagnosticLine);
  lines.push(`Loaded ${s.names.join(', ')} on board ${s.board.id} (${s.board.arch})`);
  process.stdout.write(lines.join('\n') + '\n' + textCalls(doc.calls, explanationsOf(r.events, doc, s.config)).replace(/^\n/, ''));
  return statusOf(s, doc.ok, doc.errno, doc.calls);
}

/** `req`: what `s` was prepared from, for the verdict's re-runs. */
export function load(a: LoadArgs, s: Session, req: Request): Promise<number> {
  return a.quiet ? quietRun(a, s, req) : printRun(a, s, req);
}
