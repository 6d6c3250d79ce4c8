// Inputs (files in load order) and the configuration (options panel and
// prj.conf editor, two views of the same text). On narrow screens it is a
// drawer over the run, opened from the header (layout.css, "Drawer").
import { useEffect, useState } from 'react';
import { useUi, type ConfigTab } from '../state/ui.js';
import { FileList } from '../input/FileList.js';
import { AppCalls } from '../config/AppCalls.js';
import { FilePicker } from '../input/FilePicker.js';
import { HexPaste } from '../input/HexPaste.js';
import { KconfigPanel } from '../config/KconfigPanel.js';
import { PrjConfEditor } from '../config/PrjConfEditor.js';
import { ExportsEditor } from '../config/ExportsEditor.js';
import { Tabs } from './Tabs.js';
import { useConfigCheck } from '../config/configModel.js';

export function Sidebar() {
  const tab = useUi((s) => s.configTab);
  const setTab = useUi((s) => s.setConfigTab);
  const drawerOpen = useUi((s) => s.drawerOpen);
  // Monaco is big: fetch it when the editor is first shown, then keep it mounted.
  const [editorWanted, setEditorWanted] = useState(false);
  useEffect(() => {
    if (tab === 'prjconf') setEditorWanted(true);
  }, [tab]);
  const show = (t: ConfigTab): void => setTab(t);
  const check = useConfigCheck();
  const problems = (check?.diagnostics ?? []).filter((d) => d.severity !== 'info').length;
  return (
    <aside className={`sidebar${drawerOpen ? ' drawer-open' : ''}`} id="sidebar" aria-label="Inputs and configuration">
      <section className="sidebar-section" aria-labelledby="inputs-title">
        <h2 id="inputs-title">Extensions and files</h2>
        <FileList />
        <div className="input-buttons">
          <FilePicker />
          <HexPaste />
        </div>
        <AppCalls />
        <p className="muted drop-hint">
          Or drop files anywhere on the page. Everything runs in this browser tab: nothing you load is uploaded.
        </p>
      </section>
      <section className="sidebar-config" aria-label="Configuration">
        <Tabs
          idPrefix="cfg"
          label="Configuration"
          value={tab}
          onChange={show}
          tabs={[
            { id: 'options', label: 'Options' },
            { id: 'prjconf', label: <>prj.conf{problems > 0 && <span className="count bad">{problems}</span>}</> },
            { id: 'exports', label: 'Exports' },
          ]}
        />
        <div id="cfg-panel-options" role="tabpanel" aria-labelledby="cfg-tab-options" hidden={tab !== 'options'} className="config-body">
          <KconfigPanel />
        </div>
        <div
          id="cfg-panel-prjconf"
          role="tabpanel"
          aria-labelledby="cfg-tab-prjconf"
          hidden={tab !== 'prjconf'}
          className="config-body editor-body"
        >
          {editorWanted && <PrjConfEditor />}
        </div>
        <div id="cfg-panel-exports" role="tabpanel" aria-labelledby="cfg-tab-exports" hidden={tab !== 'exports'} className="config-body">
          <ExportsEditor />
        </div>
      </section>
    </aside>
  );
}
