// What went wrong, in plain words, and what to change: the engine's result and
// diagnostics, the minimum heap from the engine's solver with a one-click fix,
// the exports to add for missing symbols.
import { useEffect, useRef } from 'react';
import { useSession } from '../state/session.js';
import { errnoMeaning, errnoName } from '../format/errno.js';
import { setOption } from '../config/prjConfEdit.js';
import { CopyButton } from './CopyButton.js';
import { PrjConfProblems } from './PrjConfProblems.js';
import type { DiagnosticDoc, SimulationDocument } from '@core/document.js';
import type { MinHeapAnswer } from '@core/engine.js';
import type { Verdict, VerdictStatus } from '@core/verdict/verdict.js';

const STATUS_TEXT: Record<VerdictStatus, string> = { loaded: 'Loaded', 'loaded-with-hazards': 'Loaded, but…', failed: 'Failed' };
const STATUS_BADGE: Record<VerdictStatus, string> = { loaded: 'ok', 'loaded-with-hazards': 'warn', failed: 'err' };

/** The verdict first: status, the root cause, then each fix (verified ones with an Apply button). */
function VerdictBox({ verdict }: { verdict: Verdict }) {
  const applyFix = useSession((s) => s.applyFix);
  return (
    <div className={`verdict verdict-${verdict.status}`} data-testid="verdict" data-status={verdict.status} data-cause={verdict.causeCode}>
      <p>
        <span className={`badge ${STATUS_BADGE[verdict.status]}`}>{STATUS_TEXT[verdict.status]}</span> {verdict.cause}
      </p>
      {verdict.fixes.length > 0 && (
        <ul className="verdict-fixes">
          {verdict.fixes.map((f, i) => (
            <li key={i} data-testid="verdict-fix" data-kind={f.kind}>
              <span>{f.text}</span>
              {f.verified && <span className="muted"> — verified: {f.outcome}</span>}
              {f.verified && (
                <button type="button" className="primary" onClick={() => applyFix(f.apply)} data-testid="apply-fix">
                  Apply
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function HeapFix({ answer }: { answer: MinHeapAnswer }) {
  const prjConf = useSession((s) => s.prjConf);
  const setPrjConf = useSession((s) => s.setPrjConf);
  if ('error' in answer) return <p className="muted">Minimum heap: {answer.error}</p>;
  // Every answer is a list of (option, KiB) pairs.
  const sizes =
    'kib' in answer
      ? [{ name: 'CONFIG_LLEXT_HEAP_SIZE', kib: answer.kib }]
      : 'sizes' in answer
        ? answer.sizes
        : [
            { name: 'CONFIG_LLEXT_INSTR_HEAP_SIZE', kib: answer.instrKiB },
            { name: 'CONFIG_LLEXT_DATA_HEAP_SIZE', kib: answer.dataKiB },
          ];
  const apply = (): void => {
    let text = prjConf;
    for (const s of sizes) text = setOption(text, s.name, String(s.kib));
    setPrjConf(text, 'load');
  };
  const what = (
    <>
      {sizes.map((s, i) => (
        <span key={s.name}>
          {i > 0 ? ' and ' : ''}
          {s.name}=<b>{s.kib}</b>
        </span>
      ))}{' '}
      (KiB)
    </>
  );
  return (
    <div className="fix" data-testid="min-heap">
      <p>The smallest heap that loads everything is {what}.</p>
      <button type="button" className="primary" onClick={apply} data-testid="apply-min-heap">
        Set {sizes.length === 1 ? `${sizes[0].name}=${sizes[0].kib}` : 'the heap sizes'}
      </button>
    </div>
  );
}

function DiagItem({ d }: { d: DiagnosticDoc }) {
  const exportLines = d.text.split('\n').filter((l) => /^EXPORT_SYMBOL\(.+\);$/.test(l.trim()));
  const prose = d.text
    .split('\n')
    .filter((l) => !exportLines.includes(l))
    .join(' ');
  return (
    <li className={`diag diag-${d.severity}`}>
      <span className={`badge ${d.severity === 'error' ? 'err' : d.severity === 'warning' ? 'warn' : 'info'}`}>{d.severity}</span>
      <div>
        <p>{prose}</p>
        {exportLines.length > 0 && (
          <div className="code-block">
            <pre>{exportLines.join('\n')}</pre>
            <CopyButton text={exportLines.join('\n')} label="Copy the EXPORT_SYMBOL lines" />
          </div>
        )}
      </div>
    </li>
  );
}

/** A few numbers about the run, from the JSON document. */
function Summary({ doc }: { doc: SimulationDocument }) {
  const copied = doc.regions.filter((r) => !r.inPlace && r.allocSize > 0).length;
  const inPlace = doc.regions.filter((r) => r.inPlace).length;
  const differ = doc.relocations.filter((r) => r.quirk !== null || r.after !== r.abiAfter).length;
  const resolved = doc.imports.filter((i) => i.resolvedFrom !== 'unresolved').length;
  return (
    <ul className="run-summary">
      {doc.heaps.map((h) => (
        <li key={h.name}>
          <span className="mono">{h.name}</span>: {h.used} of {h.size} bytes used, largest free block {h.largestFree}
        </li>
      ))}
      <li>
        {copied} region{copied === 1 ? '' : 's'} copied to a heap, {inPlace} used in place
        {doc.ok ? '' : ' before the load failed (freed again when it did)'}
      </li>
      <li>
        {resolved} of {doc.imports.length} import{doc.imports.length === 1 ? '' : 's'} resolved · {doc.exports.length} export
        {doc.exports.length === 1 ? '' : 's'}
      </li>
      <li>
        {doc.relocations.length} relocation{doc.relocations.length === 1 ? '' : 's'}
        {differ > 0 ? `, ${differ} where Zephyr differs from the psABI` : ''}
      </li>
    </ul>
  );
}

export function DiagnosticsPanel() {
  const result = useSession((s) => s.result);
  const status = useSession((s) => s.status);
  const minHeap = useSession((s) => s.minHeap);
  const verdictState = useSession((s) => s.verdict);
  const resultRevision = useSession((s) => s.resultRevision);
  // Only the verdict of the run on screen: never one from an earlier run.
  const verdict = verdictState.state === 'done' && verdictState.revision === resultRevision ? verdictState.verdict : null;
  const doc = result?.document;
  // A new verdict is read first: bring the top of the panel back into view.
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (verdict && body.current) body.current.scrollTop = 0;
  }, [verdict]);
  const diags = doc ? [...doc.diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) : [];
  const failed = doc?.actions.find((a) => a.ret < 0);
  return (
    <section aria-labelledby="diag-title">
      <div className="panel-head">
        <h2 id="diag-title">Diagnostics</h2>
        {verdict ? (
          <span className={`badge ${STATUS_BADGE[verdict.status]}`} data-testid="verdict-chip">
            {verdict.status}
          </span>
        ) : (
          doc && (doc.ok ? <span className="badge ok">loaded</span> : <span className="badge err">{errnoName(doc.errno)}</span>)
        )}
      </div>
      <div className="panel-body" data-testid="diagnostics" ref={body} tabIndex={0} aria-label="Diagnostics">
        {status.state === 'failed' && status.error && (
          <p className="message error" role="alert">
            <span>
              <b>This configuration was not simulated:</b> {status.error}
              {doc ? ' The views and the notes below are from the previous run.' : ''}
            </span>
          </p>
        )}
        <PrjConfProblems />
        {!doc && <p className="empty">No run yet.</p>}
        {doc && verdict && <VerdictBox verdict={verdict} />}
        {doc && !verdict && verdictState.state === 'judging' && verdictState.revision === resultRevision && (
          <p className="muted">Checking the result and the fixes…</p>
        )}
        {doc && doc.ok && (
          <p className="result-ok">
            {status.state === 'failed' ? 'Previous run: ' : ''}Everything loaded:{' '}
            {doc.actions
              .filter((a) => a.action === 'load')
              .map((a) => a.ext)
              .join(', ') || 'no load action'}
            .
          </p>
        )}
        {doc && !doc.ok && failed && (
          <div className="result-failed">
            <h3>
              {failed.action === 'load' ? `llext_load("${failed.ext}")` : `${failed.action} ${failed.ext}`} returned {failed.ret} (
              {errnoName(doc.errno)})
            </h3>
            <p>
              <b>What failed:</b> {doc.message || errnoMeaning(doc.errno)}.
            </p>
            {/* The verdict above gives the cause; the errno's meaning only helps without one. */}
            {!verdict && (
              <p>
                <b>In plain words:</b> {errnoMeaning(doc.errno)}.
              </p>
            )}
            {doc.errno === 12 && minHeap.state === 'solving' && <p className="muted">Finding the smallest heap that works…</p>}
            {doc.errno === 12 && minHeap.state === 'done' && <HeapFix answer={minHeap.answer} />}
          </div>
        )}
        {doc && <Summary doc={doc} />}
        {diags.length > 0 && (
          <ul className="diag-list">
            {diags.map((d, i) => (
              <DiagItem key={`${d.code}-${i}`} d={d} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
