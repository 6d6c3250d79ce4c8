// Every LLEXT-related Kconfig option of the schema, grouped by category: a
// control per option, help, and why an option does not apply on this board.
// Edits rewrite prj.conf, so the panel and the editor always agree.
import type { Diagnostic, KconfigOption, ResolvedConfig } from '@core/config/index.js';
import { schema, useConfigCheck } from './configModel.js';
import { OptionRow } from './OptionRow.js';
import { ChoiceRow } from './ChoiceRow.js';
import { formatKconfigValue } from '@core/config/index.js';

const OPEN_BY_DEFAULT = new Set(['Build type', 'Heap', 'Storage', 'Symbols']);

type Item = { kind: 'option'; opt: KconfigOption } | { kind: 'choice'; name: string };

function itemsOf(category: string): Item[] {
  const items: Item[] = [];
  const seenChoices = new Set<string>();
  for (const opt of schema.options) {
    if (opt.category !== category && !(opt.choice && schema.choice(opt.choice)?.category === category)) continue;
    if (opt.choice) {
      if (!seenChoices.has(opt.choice)) {
        seenChoices.add(opt.choice);
        items.push({ kind: 'choice', name: opt.choice });
      }
      continue;
    }
    if (!opt.userSettable || opt.promptless) continue;
    items.push({ kind: 'option', opt });
  }
  return items;
}

function diagsFor(diags: Diagnostic[], names: string[]): Diagnostic[] {
  return diags.filter((d) => d.option !== undefined && names.includes(d.option));
}

function BoardFacts({ config }: { config: ResolvedConfig }) {
  // The ones prj.conf may change (CONFIG_ARM_MPU) have a control of their own below the list.
  const facts = config.options.filter((r) => r.option.boardFact && !r.option.userSettable && r.value !== undefined && r.value !== false);
  return (
    <ul className="board-facts">
      {facts.map((r) => (
        <li key={r.option.name} title={r.option.help}>
          <code>
            {r.option.name}={formatKconfigValue(r.option, r.value)}
          </code>
        </li>
      ))}
    </ul>
  );
}

export function KconfigPanel() {
  const check = useConfigCheck();
  if (!check) return <p className="empty">Unknown board.</p>;
  const { config, diagnostics } = check;
  return (
    <div className="kconfig-panel" data-testid="kconfig-panel">
      {schema.categories.map((cat) => {
        if (cat.id === 'Board') {
          // What the board sets, then what an application's prj.conf may change on it (the MPU,
          // userspace): the verdict's fixes name those.
          return (
            <details key={cat.id} className="opt-group">
              <summary>
                <span>Set by the board ({config.board.name})</span>
              </summary>
              <p className="muted group-desc">{cat.description}</p>
              <BoardFacts config={config} />
              {itemsOf(cat.id).map((it) =>
                it.kind === 'option' ? (
                  <OptionRow key={it.opt.name} r={config.get(it.opt.name)} diagnostics={diagsFor(diagnostics, [it.opt.name])} />
                ) : null,
              )}
            </details>
          );
        }
        const items = itemsOf(cat.id);
        if (items.length === 0) return null;
        return (
          <details key={cat.id} className="opt-group" open={OPEN_BY_DEFAULT.has(cat.id)}>
            <summary>
              <span>{cat.id}</span>
            </summary>
            <p className="muted group-desc">{cat.description}</p>
            {items.map((it) => {
              if (it.kind === 'option') {
                return <OptionRow key={it.opt.name} r={config.get(it.opt.name)} diagnostics={diagsFor(diagnostics, [it.opt.name])} />;
              }
              const choice = schema.choice(it.name);
              return choice ? (
                <ChoiceRow key={it.name} choice={choice} config={config} diagnostics={diagsFor(diagnostics, choice.members)} />
              ) : null;
            })}
          </details>
        );
      })}
    </div>
  );
}
