// What went wrong, in plain words, and what to change: the engine's result and
// diagnostics, the minimum heap from the engine's solver with a one-click fix,
// the exports to add for missing symbols.
import { useSession } from '../state/session';
import { errnoMeaning, errnoName } from '../format/errno';
import { setOption } from '../config/prjConfEdit';
import { CopyButton } from './CopyButton';
import type { DiagnosticDoc } from '../../wasm-core/src/document';
import type { MinHeapAnswer } from '../../wasm-core/src/engine';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function HeapFix({ answer }: { answer: MinHeapAnswer }) {
  const prjConf = useSession((s) => s.prjConf);
  const setPrjConf = useSession((s) => s.setPrjConf);
  if ('error' in answer) return <p className="muted">Minimum heap: {answer.error}</p>;
  // Every answer is a list of (option, KiB) pairs.
  const sizes = 'kib' in answer ? [{ name: 'CONFIG_LLEXT_HEAP_SIZE', kib: answer.kib }]
    : 'sizes' in answer ? answer.sizes
      : [{ name: 'CONFIG_LLEXT_INSTR_HEAP_SIZE', kib: answer.instrKiB }, { name: 'CONFIG_LLEXT_DATA_HEAP_SIZE', kib: answer.dataKiB }];
  const apply = (): void => {
    let text = prjConf;
    for (const s of sizes) text = setOption(text, s.name, String(s.kib));
    setPrjConf(text, 'load');
  };
  const what = <>{sizes.map((s, i) => <span key={s.name}>{i > 0 ? ' and ' : ''}{s.name}=<b>{s.kib}</b></span>)} (KiB)</>;
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
  const prose = d.text.split('\n').filter((l) => !exportLines.includes(l)).join(' ');
  return (
    <li className={`diag diag-${d.severity}`}>
      <span className={`badge ${d.severity === 'error' ? 'err' : d.severity === 'warning' ? 'warn' : 'info'}`}>{d.severity}</span>
      <div>
        <p>{prose}</p>
        {exportLines.length > 0 && (
          <div className="code-block"><pre>{exportLines.join('\n')}</pre><CopyButton text={exportLines.join('\n')} label="Copy the EXPORT_SYMBOL lines" /></div>
        )}
      </div>
    </li>
  );
}

export function DiagnosticsPanel() {
  const result = useSession((s) => s.result);
  const status = useSession((s) => s.status);
  const minHeap = useSession((s) => s.minHeap);
  const doc = result?.document;
  const diags = doc ? [...doc.diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) : [];
  const failed = doc?.actions.find((a) => a.ret < 0);
  return (
    <section aria-labelledby="diag-title">
      <div className="panel-head">
        <h2 id="diag-title">Diagnostics</h2>
        {doc && (doc.ok ? <span className="badge ok">loaded</span> : <span className="badge err">{errnoName(doc.errno)}</span>)}
      </div>
      <div className="panel-body" data-testid="diagnostics">
        {status.state === 'failed' && status.error && (
          <p className="message error" role="alert"><span>{status.error}</span></p>
        )}
        {!doc && <p className="empty">No run yet.</p>}
        {doc && doc.ok && (
          <p className="result-ok">Everything loaded: {doc.actions.filter((a) => a.action === 'load').map((a) => a.ext).join(', ') || 'no load action'}.</p>
        )}
        {doc && !doc.ok && failed && (
          <div className="result-failed">
            <h3>{failed.action === 'load' ? `llext_load("${failed.ext}")` : `${failed.action} ${failed.ext}`} returned {failed.ret} ({errnoName(doc.errno)})</h3>
            <p><b>What failed:</b> {doc.message || errnoMeaning(doc.errno)}.</p>
            <p><b>In plain words:</b> {errnoMeaning(doc.errno)}.</p>
            {doc.errno === 12 && minHeap.state === 'solving' && <p className="muted">Finding the smallest heap that works…</p>}
            {doc.errno === 12 && minHeap.state === 'done' && <HeapFix answer={minHeap.answer} />}
          </div>
        )}
        {diags.length > 0 && <ul className="diag-list">{diags.map((d, i) => <DiagItem key={`${d.code}-${i}`} d={d} />)}</ul>}
      </div>
    </section>
  );
}
