// The four linked views of the run, as tabs.
import { useUi, type ViewId } from '../state/ui';
import { useTimeline, useCursor } from '../player/useTimeline';
import { upTo } from '../player/timeline';
import { Tabs } from './Tabs';
import { MemoryView } from '../views/memory/MemoryView';
import { SectionsView } from '../views/sections/SectionsView';
import { SymbolsView } from '../views/symbols/SymbolsView';
import { RelocationsView } from '../views/relocations/RelocationsView';

export function Views() {
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const t = useTimeline();
  const cursor = useCursor();
  const relocs = t ? upTo(t.relocs, cursor).length : 0;
  const missing = t ? upTo(t.lookups, cursor).filter((l) => l.source === 'missing').length : 0;
  const tabs: { id: ViewId; label: React.ReactNode }[] = [
    { id: 'memory', label: 'Memory' },
    { id: 'sections', label: 'Sections' },
    { id: 'symbols', label: <>Symbols{missing > 0 && <span className="count bad">{missing} missing</span>}</> },
    { id: 'relocations', label: <>Relocations<span className="count">{relocs}</span></> },
  ];
  return (
    <section className="views" aria-label="Views" id="views">
      <Tabs idPrefix="view" label="Views" tabs={tabs} value={view} onChange={setView} />
      <div className="view-body" role="tabpanel" id={`view-panel-${view}`} aria-labelledby={`view-tab-${view}`} tabIndex={-1}>
        {view === 'memory' && <MemoryView />}
        {view === 'sections' && <SectionsView />}
        {view === 'symbols' && <SymbolsView />}
        {view === 'relocations' && <RelocationsView />}
      </div>
    </section>
  );
}
