// A Kconfig choice (one of several options) as a select.
import { useId, useState } from 'react';
import type { Diagnostic, KconfigChoice, ResolvedConfig } from '@core/config/index.js';
import { useSession } from '../state/session.js';
import { pickChoice } from './optionEdits.js';
import { HelpToggle, OptionNotes } from './OptionNotes.js';

interface Props {
  choice: KconfigChoice;
  config: ResolvedConfig;
  diagnostics: Diagnostic[];
}

export function ChoiceRow({ choice, config, diagnostics }: Props) {
  const id = useId();
  const setPrjConf = useSession((s) => s.setPrjConf);
  const [helpOpen, setHelpOpen] = useState(false);
  const selected = config.choiceSelection(choice.name);
  const members = choice.members.map((m) => config.get(m));
  const active = selected !== undefined;
  const inactiveReason = active ? undefined : members[0]?.inactiveReason;
  const userSet = members.some((m) => m.user !== undefined);
  return (
    <div className={`opt${active ? '' : ' inactive'}`} data-testid={`choice-${choice.name}`}>
      <div className="opt-main">
        <label htmlFor={id} className="opt-label">
          <span className="opt-prompt">{choice.prompt}</span>
          <code className="opt-name">choice {choice.name}</code>
        </label>
        <select
          id={id}
          value={selected ?? ''}
          disabled={!active}
          aria-describedby={`${id}-help`}
          data-choice={choice.name}
          onChange={(e) => setPrjConf(pickChoice(useSession.getState().prjConf, choice, e.target.value))}
        >
          {!active && <option value="">—</option>}
          {members.map((m) => (
            <option key={m.option.name} value={m.option.name} disabled={!m.active}>
              {m.option.prompt ?? m.option.name}
              {m.active ? '' : ' (not available)'}
            </option>
          ))}
        </select>
        <span className="opt-tools">
          {userSet && (
            <span className="user-dot" title="Set in prj.conf" aria-label="set in prj.conf">
              ●
            </span>
          )}
          <HelpToggle open={helpOpen} onToggle={() => setHelpOpen(!helpOpen)} name={choice.name} />
        </span>
      </div>
      <OptionNotes
        id={`${id}-help`}
        help={`${choice.help} ${members.map((m) => `${m.option.name}: ${m.option.help}`).join(' ')}`}
        source={choice.source}
        helpOpen={helpOpen}
        inactiveReason={inactiveReason}
        diagnostics={diagnostics}
      />
    </div>
  );
}
