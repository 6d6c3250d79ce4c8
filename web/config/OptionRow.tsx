// One Kconfig option in the panel: its control, help, and why it does not
// apply when it does not.
import { useEffect, useId, useState } from 'react';
import type { Diagnostic, ResolvedOption } from '@core/config/index.js';
import { useSession } from '../state/session.js';
import { resetOption, setBool, setNumber, setString } from './optionEdits.js';
import { HelpToggle, OptionNotes } from './OptionNotes.js';
import { useDeferredCommit } from './deferredCommit.js';

interface Props {
  r: ResolvedOption;
  diagnostics: Diagnostic[];
}

function NumberControl({ r, id }: { r: ResolvedOption; id: string }) {
  const opt = r.option;
  const setPrjConf = useSession((s) => s.setPrjConf);
  const shown = r.user ? r.user.text : r.value === undefined ? '' : String(r.value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = (v: string): void => setPrjConf(setNumber(useSession.getState().prjConf, opt, v));
  const valid = (v: string): boolean => /^-?\d+$/.test(v);
  // Typing pauses commit only a number; Enter and blur also clear a field left empty or invalid.
  const deferred = useDeferredCommit(commit);
  const finish = (): void => {
    if (valid(text)) deferred.flush();
    else {
      deferred.cancel();
      commit('');
    }
  };
  return (
    <span className="num-input">
      <input
        id={id}
        type="number"
        inputMode="numeric"
        value={text}
        disabled={!r.active}
        min={opt.range?.[0] ?? opt.min}
        max={opt.range?.[1] ?? opt.max}
        step={1}
        onChange={(e) => {
          setText(e.target.value);
          if (valid(e.target.value)) deferred.schedule(e.target.value);
          else deferred.cancel();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') finish();
        }}
        onBlur={finish}
        aria-describedby={`${id}-help`}
        data-option={opt.name}
      />
      {opt.unit && <span className="unit">{opt.unit}</span>}
    </span>
  );
}

function StringControl({ r, id }: { r: ResolvedOption; id: string }) {
  const setPrjConf = useSession((s) => s.setPrjConf);
  const shown = typeof r.value === 'string' ? r.value : '';
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const deferred = useDeferredCommit((v) => setPrjConf(setString(useSession.getState().prjConf, r.option, v)));
  return (
    <input
      id={id}
      type="text"
      value={text}
      disabled={!r.active}
      data-option={r.option.name}
      aria-describedby={`${id}-help`}
      onChange={(e) => {
        setText(e.target.value);
        deferred.schedule(e.target.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') deferred.flush();
      }}
      onBlur={() => deferred.flush()}
    />
  );
}

export function OptionRow({ r, diagnostics }: Props) {
  const id = useId();
  const opt = r.option;
  const setPrjConf = useSession((s) => s.setPrjConf);
  const [helpOpen, setHelpOpen] = useState(false);
  const isBool = opt.type === 'bool';
  const edit = (f: (text: string) => string): void => setPrjConf(f(useSession.getState().prjConf));
  return (
    <div className={`opt${r.active ? '' : ' inactive'}`} data-testid={`opt-${opt.name}`}>
      <div className="opt-main">
        {isBool && (
          <input
            id={id}
            type="checkbox"
            role="switch"
            className="switch"
            checked={r.value === true}
            disabled={!r.active}
            onChange={(e) => edit((t) => setBool(t, opt, e.target.checked))}
            aria-describedby={`${id}-help`}
            data-option={opt.name}
          />
        )}
        <label htmlFor={id} className="opt-label">
          <span className="opt-prompt">{opt.prompt ?? opt.name}</span>
          <code className="opt-name">{opt.name}</code>
        </label>
        {(opt.type === 'int' || opt.type === 'hex') && <NumberControl r={r} id={id} />}
        {opt.type === 'string' && <StringControl r={r} id={id} />}
        <span className="opt-tools">
          {r.user && (
            <button
              type="button"
              className="icon ghost small"
              onClick={() => edit((t) => resetOption(t, opt.name))}
              aria-label={`Remove ${opt.name} from prj.conf (back to the default)`}
              title="Set in prj.conf: click to remove"
            >
              ●
            </button>
          )}
          <HelpToggle open={helpOpen} onToggle={() => setHelpOpen(!helpOpen)} name={opt.name} />
        </span>
      </div>
      <OptionNotes
        id={`${id}-help`}
        help={opt.help}
        source={opt.source}
        helpOpen={helpOpen}
        inactiveReason={r.active ? undefined : r.inactiveReason}
        diagnostics={diagnostics}
      />
    </div>
  );
}
