// prj.conf as text. The editor loads lazily; until then the text is shown as is.
import { lazy, Suspense } from 'react';
import { useSession } from '../state/session.js';
import { useConfigCheck } from './configModel.js';

const Impl = lazy(() => import('./PrjConfEditorImpl.js'));

function WholeConfigFindings() {
  const check = useConfigCheck();
  const general = (check?.diagnostics ?? []).filter((d) => d.range === undefined);
  if (general.length === 0) return null;
  return (
    <ul className="config-findings">
      {general.map((d, i) => (
        <li key={i} className={`opt-diag sev-${d.severity}`}>
          {d.message}
        </li>
      ))}
    </ul>
  );
}

export function PrjConfEditor() {
  const text = useSession((s) => s.prjConf);
  return (
    <div className="prjconf-editor">
      <div className="editor-frame" data-testid="prjconf-editor">
        <Suspense
          fallback={
            <pre className="editor-fallback" aria-busy="true">
              {text}
            </pre>
          }
        >
          <Impl />
        </Suspense>
      </div>
      <WholeConfigFindings />
      <p className="editor-hint muted">
        Type <code>CONFIG_</code> for completion; hover a name for its help. In the editor Tab inserts a tab: press <kbd>Ctrl</kbd>+
        <kbd>M</kbd> (<kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>M</kbd> on macOS) to make Tab move the focus instead.
      </p>
    </div>
  );
}
