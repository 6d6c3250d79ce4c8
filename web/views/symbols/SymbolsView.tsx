// Symbols: every import looked up (built-in export table by name or by SLID,
// then other extensions), unresolved ones in red with the EXPORT_SYMBOL lines
// to add, and the extension's own exports.
import { useEffect, useState } from 'react';
import { useCursor, usePointerBytes, useTimeline } from '../../player/useTimeline.js';
import { currentStep, fullName, upTo, type LookupRec } from '../../player/timeline.js';
import { usePlayer } from '../../state/player.js';
import { addr } from '../../format/numbers.js';
import { ExtensionPicker } from '../ExtensionPicker.js';
import { CopyButton } from '../CopyButton.js';
import { missingImports } from './missing.js';
import { relatedTo, selectionExt } from '../../player/related.js';
import { useSelectedInView } from '../useSelectedInView.js';

const IMPORT_SOURCES = new Set(['builtin', 'extension', 'missing', 'own']);

function foundIn(l: LookupRec): string {
  switch (l.source) {
    case 'builtin':
      return 'Zephyr built-in export table';
    case 'extension':
      return `extension ${l.provider}`;
    case 'own':
      return 'this extension';
    default:
      return 'not found';
  }
}

export function SymbolsView() {
  const t = useTimeline();
  const cursor = useCursor();
  const ptr = usePointerBytes();
  const selection = usePlayer((s) => s.selection);
  const select = usePlayer((s) => s.select);
  const [chosen, setChosen] = useState<string | null>(null);
  const box = useSelectedInView<HTMLDivElement>();
  // A selection made in another view shows its extension here.
  const selExt = selectionExt(t, selection);
  useEffect(() => {
    if (selExt) setChosen(selExt);
  }, [selExt]);
  if (!t) return <p className="empty">No run yet.</p>;
  const ext = chosen && t.extensions.includes(chosen) ? chosen : (currentStep(t, cursor)?.ext ?? t.extensions[0] ?? '');
  const imports: LookupRec[] = [];
  for (const l of upTo(t.lookups, cursor)) {
    if (l.ext === ext && IMPORT_SOURCES.has(l.source) && !imports.some((x) => x.name === l.name)) imports.push(l);
  }
  const missing = missingImports(upTo(t.diags, cursor).filter((d) => d.ext === ext));
  const exports = upTo(t.symbols, cursor).filter((s) => s.ext === ext && s.table === 'exp_tab');
  const globals = upTo(t.symbols, cursor).filter((s) => s.ext === ext && s.table === 'sym_tab');
  const bySlid = imports.some((l) => l.bySlid);
  const related = relatedTo(t, selection, cursor);
  const isSel = (name: string): boolean => related.symbol(ext, name);

  return (
    <div className="symbols-view" ref={box}>
      <ExtensionPicker extensions={t.extensions} value={ext} onChange={setChosen} />
      {missing && missing.names.length > 0 && (
        <section className="missing-box" aria-labelledby="missing-title" data-testid="missing-imports">
          <h3 id="missing-title">
            {missing.names.length} unresolved import{missing.names.length === 1 ? '' : 's'}
          </h3>
          <p>
            Neither the Zephyr image nor an extension loaded before exports {missing.names.length === 1 ? 'this symbol' : 'these symbols'}:{' '}
            {missing.names.map((n, i) => (
              <span key={n}>
                {i > 0 && ', '}
                <code className="bad">{n}</code>
              </span>
            ))}
            . Add these lines to the Zephyr application (or export them from an extension loaded first):
          </p>
          <div className="code-block">
            <pre data-testid="export-lines">{missing.exportLines.join('\n')}</pre>
            <CopyButton text={missing.exportLines.join('\n')} label="Copy the EXPORT_SYMBOL lines" />
          </div>
        </section>
      )}
      <h3 className="table-title">
        Imports of {fullName(t, ext)} ({imports.length})
      </h3>
      {imports.length === 0 ? (
        <p className="empty">No import looked up yet.</p>
      ) : (
        <table className="data-table" data-testid="imports">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Looked up by</th>
              {bySlid && <th scope="col">SLID (hash)</th>}
              <th scope="col">Found in</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((l) => (
              <tr key={l.name} className={`${l.source === 'missing' ? 'bad-row' : ''}${isSel(l.name) ? ' selected' : ''}`}>
                <td>
                  <button type="button" className="link-button mono" onClick={() => select({ kind: 'symbol', ext, name: l.name })}>
                    {l.name}
                  </button>
                </td>
                <td>{l.bySlid ? 'SLID' : 'name'}</td>
                {bySlid && (
                  <td className="mono" data-testid="slid">
                    {l.bySlid ? addr(l.slid, ptr) : '—'}
                  </td>
                )}
                <td>{l.source === 'missing' ? <span className="badge err">not found</span> : foundIn(l)}</td>
                <td className="mono">{l.source === 'missing' ? '—' : addr(l.addr, ptr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="two-col">
        <div>
          <h3 className="table-title">
            Exported by {fullName(t, ext)} ({exports.length})
          </h3>
          {exports.length === 0 ? (
            <p className="empty">No exp_tab entries{cursor < t.events.length ? ' yet' : ''}.</p>
          ) : (
            <NamedAddressTable
              rows={exports}
              testId="exports"
              isSelected={isSel}
              onSelect={(name) => select({ kind: 'symbol', ext, name })}
              ptr={ptr}
            />
          )}
        </div>
        <div>
          <h3 className="table-title">Global symbols (sym_tab) ({globals.length})</h3>
          {globals.length === 0 ? (
            <p className="empty">None{cursor < t.events.length ? ' yet' : ''}.</p>
          ) : (
            <NamedAddressTable rows={globals} isSelected={isSel} onSelect={(name) => select({ kind: 'symbol', ext, name })} ptr={ptr} />
          )}
        </div>
      </div>
    </div>
  );
}

/** A table of symbols (exp_tab or sym_tab entries) with their addresses; a name selects the symbol. */
function NamedAddressTable(props: {
  rows: readonly { name: string; addr: bigint }[];
  testId?: string;
  isSelected: (name: string) => boolean;
  onSelect: (name: string) => void;
  ptr: number;
}) {
  return (
    <table className="data-table compact" data-testid={props.testId}>
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Address</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((s) => (
          <tr key={s.name} className={props.isSelected(s.name) ? 'selected' : undefined}>
            <td>
              <button type="button" className="link-button mono" onClick={() => props.onSelect(s.name)}>
                {s.name}
              </button>
            </td>
            <td className="mono">{addr(s.addr, props.ptr)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
