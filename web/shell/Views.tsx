// The four linked views of the run. On wide screens Memory stays on the left
// and the other views share the right half; otherwise all four are tabs.
import { useUi, WIDE_VIEWS, type ViewId } from '../state/ui.js';
import { useSession } from '../state/session.js';
import { callCrashed } from '@core/run/calls.js';
import { useTimeline, useCursor } from '../player/useTimeline.js';
import { upTo } from '../player/timeline.js';
import { Tabs } from './Tabs.js';
import { useMediaQuery } from './useMediaQuery.js';
import { MemoryView } from '../views/memory/MemoryView.js';
import { SectionsView } from '../views/sections/SectionsView.js';
import { SymbolsView } from '../views/symbols/SymbolsView.js';
import { RelocationsView } from '../views/relocations/RelocationsView.js';
import { RunView } from '../views/run/RunView.js';

export const WIDE = WIDE_VIEWS;

function ViewBody({ view }: { view: ViewId }) {
  return (
    <div className="view-body" role="tabpanel" id={`view-panel-${view}`} aria-labelledby={`view-tab-${view}`} tabIndex={-1}>
      {view === 'memory' && <MemoryView />}
      {view === 'sections' && <SectionsView />}
      {view === 'symbols' && <SymbolsView />}
      {view === 'relocations' && <RelocationsView />}
      {view === 'run' && <RunView />}
    </div>
  );
}

export function Views() {
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const wide = useMediaQuery(WIDE);
  const t = useTimeline();
  const cursor = useCursor();
  const relocs = t ? upTo(t.relocs, cursor).length : 0;
  const missing = t ? upTo(t.lookups, cursor).filter((l) => l.source === 'missing').length : 0;
  const faulted = useSession((s) => s.result?.document.calls.some(callCrashed) ?? false);
  const others: { id: ViewId; label: React.ReactNode }[] = [
    { id: 'sections', label: 'Sections' },
    { id: 'symbols', label: <>Symbols{missing > 0 && <span className="count bad">{missing} missing</span>}</> },
    {
      id: 'relocations',
      label: (
        <>
          Relocations<span className="count">{relocs}</span>
        </>
      ),
    },
    {
      id: 'run',
      label: <>Run{faulted && <span className="count bad">fault</span>}</>,
    },
  ];
  if (wide) {
    const right = view === 'memory' ? 'sections' : view;
    return (
      <div className="views views-split" id="views">
        <section className="views-pane" aria-labelledby="memory-title">
          <div className="pane-title">
            <h2 id="memory-title">Memory</h2>
          </div>
          <div className="view-body">
            <MemoryView />
          </div>
        </section>
        <section className="views-pane" aria-label="Views">
          <Tabs idPrefix="view" label="Views" tabs={others} value={right} onChange={setView} />
          <ViewBody view={right} />
        </section>
      </div>
    );
  }
  return (
    <section className="views" aria-label="Views" id="views">
      <Tabs idPrefix="view" label="Views" tabs={[{ id: 'memory', label: 'Memory' }, ...others]} value={view} onChange={setView} />
      <ViewBody view={view} />
    </section>
  );
}
