// prj.conf problems (syntax, unknown options, values out of range, unmet
// dependencies) listed in the Diagnostics panel, with their line, so they are
// seen without opening the editor, where they are also underlined.
import { useConfigCheck } from '../config/configModel.js';

export function PrjConfProblems() {
  const check = useConfigCheck();
  const problems = (check?.diagnostics ?? []).filter((d) => d.severity !== 'info');
  if (problems.length === 0) return null;
  return (
    <div className="prjconf-problems" data-testid="prjconf-problems">
      <h3>{problems.length === 1 ? '1 problem' : `${problems.length} problems`} in prj.conf</h3>
      <ul className="diag-list">
        {problems.map((d, i) => (
          <li key={`${d.code}-${d.range?.line ?? 0}-${i}`} className={`diag diag-${d.severity}`}>
            <span className={`badge ${d.severity === 'error' ? 'err' : 'warn'}`}>{d.severity}</span>
            <div>
              <p>
                {d.range ? <span className="mono">line {d.range.line}: </span> : null}
                {d.message}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
