// Language services for prj.conf in Monaco, all driven by the Kconfig schema:
// completion of option names and values, hover help, and markers from the
// configuration module's parser, resolver and combination rules.
import type * as Monaco from 'monaco-editor/editor';
import type { Diagnostic, KconfigOption, PrjConfCheck } from '@core/config/index.js';
import { formatKconfigValue } from '@core/config/index.js';
import { schema } from './configModel.js';

type MonacoApi = typeof Monaco;

let registered = false;

function optionDoc(opt: KconfigOption, check: PrjConfCheck | null): string {
  const r = check?.config.options.find((o) => o.option.name === opt.name);
  const lines = [
    `**${opt.name}**${opt.prompt ? ` — ${opt.prompt}` : ''}`,
    '',
    `Type: ${opt.type === 'choice-member' ? `choice ${opt.choice}` : opt.type}${opt.unit ? ` (${opt.unit})` : ''}`,
  ];
  if (r) {
    lines.push(
      `Value on ${check?.config.board.id}: \`${r.value === undefined ? 'unset' : formatKconfigValue(opt, r.value)}\` (${r.source})`,
    );
    if (!r.active && r.inactiveReason) lines.push('', `Does not apply: ${r.inactiveReason}.`);
  }
  lines.push('', opt.help, '', `_${opt.source}_`);
  return lines.join('\n');
}

function valueSuggestions(opt: KconfigOption): string[] {
  if (opt.type === 'bool') return ['y', 'n'];
  if (opt.type === 'choice-member') return ['y'];
  const d = opt.defaults.find((x) => x.value !== undefined)?.value;
  return d !== undefined ? [String(d)] : [];
}

/** Registers completion and hover once; `current` gives the latest resolved configuration. */
export function registerPrjConfLanguage(monaco: MonacoApi, current: () => PrjConfCheck | null): void {
  if (registered) return;
  registered = true;
  const settable = schema.options.filter((o) => o.userSettable && !o.promptless);

  monaco.languages.registerCompletionItemProvider('prjconf', {
    triggerCharacters: ['_', '='],
    provideCompletionItems(model, position) {
      const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const assign = /^\s*(CONFIG_[A-Za-z0-9_]+)=([^\s]*)$/.exec(line);
      if (assign) {
        const opt = schema.option(assign[1]);
        if (!opt) return { suggestions: [] };
        const range = new monaco.Range(position.lineNumber, position.column - assign[2].length, position.lineNumber, position.column);
        return {
          suggestions: valueSuggestions(opt).map((v) => ({
            label: v,
            kind: monaco.languages.CompletionItemKind.Value,
            insertText: v,
            range,
          })),
        };
      }
      const word = /([A-Za-z0-9_]*)$/.exec(line)?.[1] ?? '';
      if (!/^\s*[A-Za-z0-9_]*$/.test(line)) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, position.column - word.length, position.lineNumber, position.column);
      const check = current();
      return {
        suggestions: settable.map((opt) => ({
          label: opt.name,
          kind: monaco.languages.CompletionItemKind.Property,
          detail: opt.prompt ?? opt.type,
          documentation: { value: optionDoc(opt, check) },
          insertText: `${opt.name}=`,
          // LLEXT options first, then the others the schema knows.
          sortText: `${opt.name.startsWith('CONFIG_LLEXT') ? '0' : '1'}${opt.name}`,
          range,
          command: { id: 'editor.action.triggerSuggest', title: 'values' },
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider('prjconf', {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      if (!word) return null;
      const opt = schema.option(word.word);
      if (!opt) return null;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: [{ value: optionDoc(opt, current()) }],
      };
    },
  });
}

const SEVERITY: Record<Diagnostic['severity'], number> = { error: 8, warning: 4, info: 2 };

/** Editor markers for diagnostics that point at a place in the text. */
export function markersOf(diags: Diagnostic[]): Monaco.editor.IMarkerData[] {
  return diags
    .filter((d) => d.range !== undefined)
    .map((d) => ({
      severity: SEVERITY[d.severity],
      message: d.message,
      code: d.code,
      startLineNumber: d.range!.line,
      startColumn: d.range!.startColumn,
      endLineNumber: d.range!.line,
      endColumn: d.range!.endColumn,
    }));
}
