// Help text (from the schema), the reason an option does not apply, and the
// validator's findings about it.
import type { Diagnostic } from '@core/config/index.js';

export function HelpToggle({ open, onToggle, name }: { open: boolean; onToggle: () => void; name: string }) {
  return (
    <button
      type="button"
      className="icon ghost small help-toggle"
      onClick={onToggle}
      aria-expanded={open}
      aria-label={`Help for ${name}`}
      title="Help"
    >
      ?
    </button>
  );
}

interface Props {
  id: string;
  help: string;
  source: string;
  helpOpen: boolean;
  inactiveReason?: string;
  diagnostics: Diagnostic[];
}

export function OptionNotes({ id, help, source, helpOpen, inactiveReason, diagnostics }: Props) {
  return (
    <div id={id} className="opt-notes">
      {inactiveReason && <p className="opt-reason">Does not apply: {inactiveReason}.</p>}
      {diagnostics.map((d, i) => (
        <p key={i} className={`opt-diag sev-${d.severity}`}>
          {d.message}
        </p>
      ))}
      {helpOpen && (
        <p className="opt-help" title={source}>
          {help}
        </p>
      )}
    </div>
  );
}
