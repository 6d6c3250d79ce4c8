// llext-sim load: the Zephyr log and a summary, the JSON document, or with --quiet one line.
import type { LoadArgs } from './args.js';
import { diagnosticLine, textHeader, textSummary, textVerdict } from './format.js';
import { stringify } from './json.js';
import { runQuiet, simulate, type InputFile } from '../engine.js';
import type { DiagnosticDoc } from '../document.js';
import type { PreparedSession, SessionRequest } from '../session.js';
import { computeVerdict } from '../verdict/index.js';

/** EINVAL: the exit status of a run that loaded with a rejected configuration value. */
const CONFIG_ERROR_STATUS = 22;

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

/**
 * The log as UTF-8 bytes, written line by line as the trace is decoded: each line's string
 * dies young instead of 140k of them living until the output is joined (which made the text
 * output of a large extension mostly garbage collection).
 */
class LogText {
  private buf = Buffer.allocUnsafe(1 << 20);
  private end = 0;
  readonly add = (line: string): void => {
    // A UTF-8 code unit takes at most 3 bytes: no need to measure the line first.
    const need = this.end + line.length * 3 + 1;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    this.end += this.buf.write(line, this.end);
    this.buf[this.end++] = 0x0a;
  };
  bytes(): Buffer {
    return this.buf.subarray(0, this.end);
  }
}

/** One recorded run, printed as text or JSON. */
async function printRun(a: LoadArgs, s: Session, req: Request): Promise<number> {
  // The text output shows the log and a summary: no per-relocation detail, no images, and the
  // log lines go straight into text as the trace is decoded.
  const log = new LogText();
  const r = await simulate(
    { files: s.files, config: s.config },
    undefined,
    a.json ? undefined : { relocations: 'quirks', lookups: 'imports', images: false, onLog: log.add },
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
  }
  if (hasConfigErrors(s) && doc.ok) return CONFIG_ERROR_STATUS;
  return doc.ok ? 0 : doc.errno;
}

/**
 * --quiet: the loader recording nothing. A failure is run again recorded and printed as
 * without --quiet, so that Zephyr's messages and the advice about them are never lost.
 */
async function quietRun(a: LoadArgs, s: Session, req: Request): Promise<number> {
  const ret = await runQuiet({ files: s.files, config: s.config });
  if (ret !== 0) return printRun(a, s, req);
  const lines = configDiagnostics(s).map(diagnosticLine);
  lines.push(`Loaded ${s.names.join(', ')} on board ${s.board.id} (${s.board.arch})`);
  process.stdout.write(lines.join('\n') + '\n');
  return hasConfigErrors(s) ? CONFIG_ERROR_STATUS : 0;
}

/** `req`: what `s` was prepared from, for the verdict's re-runs. */
export function load(a: LoadArgs, s: Session, req: Request): Promise<number> {
  return a.quiet ? quietRun(a, s, req) : printRun(a, s, req);
}
