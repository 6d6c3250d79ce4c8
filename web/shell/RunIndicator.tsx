// The state of the engine: running (with progress and Cancel once it is slow),
// loaded, or failed with Zephyr's errno.
import { useSession } from '../state/session.js';
import { cancelRun } from '../engine/runner.js';
import { errnoName } from '../format/errno.js';
import { causeLabel } from '@core/verdict/labels.js';

const PHASE_TEXT = {
  input: 'preparing the input',
  engine: 'running the loader',
  trace: 'decoding the trace',
  document: 'summarising',
} as const;

export function RunIndicator() {
  const status = useSession((s) => s.status);
  const doc = useSession((s) => s.result?.document);
  // The verdict of the run on screen, once computed: a file Zephyr loads that cannot work is not "loaded".
  const verdict = useSession((s) => (s.verdict.state === 'done' && s.verdict.revision === s.resultRevision ? s.verdict.verdict : null));
  if (status.state === 'running' && status.slow) {
    return (
      <div className="run-indicator" role="status">
        <span>Simulating: {status.phase ? PHASE_TEXT[status.phase] : 'starting'}…</span>
        <span className="progress" aria-hidden="true">
          <span style={{ width: `${Math.round(status.fraction * 100)}%` }} />
        </span>
        <button type="button" className="small" onClick={cancelRun}>
          Cancel
        </button>
      </div>
    );
  }
  if (status.state === 'failed') {
    return (
      <div className="run-indicator" role="status" data-testid="run-result">
        <span className="badge err" title={status.error ?? undefined}>
          ✕ not simulated
        </span>
        {doc && <span className="muted">showing the previous run</span>}
      </div>
    );
  }
  if (!doc)
    return (
      <div className="run-indicator muted" role="status">
        {status.state === 'running' ? 'Simulating…' : ''}
      </div>
    );
  const loads = doc.actions.filter((a) => a.action === 'load');
  return (
    <div className="run-indicator" role="status" data-testid="run-result">
      {!doc.ok ? (
        <span className="badge err" title={verdict?.cause}>
          ✕ failed: {errnoName(doc.errno)}
          {verdict ? ` · ${verdict.causeCode}` : ''}
        </span>
      ) : verdict?.status === 'failed' ? (
        <span className="badge err" title={verdict.cause} data-testid="verdict-header">
          ✕ will not work: {causeLabel(verdict.causeCode)}
        </span>
      ) : verdict?.status === 'loaded-with-hazards' ? (
        <span className="badge warn" title={verdict.cause} data-testid="verdict-header">
          ⚠ {loads.map((a) => a.ext).join(', ')} loaded, but: {causeLabel(verdict.causeCode)}
        </span>
      ) : (
        <span className="badge ok">✓ {loads.map((a) => a.ext).join(', ')} loaded</span>
      )}
      <span className="muted board-arch">
        {doc.board} · {doc.arch}
      </span>
    </div>
  );
}
