// Inputs (files in load order) and the configuration (options panel and
// prj.conf editor, two views of the same text).
import { useState } from 'react';
import { FileList } from '../input/FileList.js';
import { AppCalls } from '../config/AppCalls.js';
import { FilePicker } from '../input/FilePicker.js';
import { HexPaste } from '../input/HexPaste.js';
import { KconfigPanel } from '../config/KconfigPanel.js';
import { PrjConfEditor } from '../config/PrjConfEditor.js';
import { ExportsEditor } from '../config/ExportsEditor.js';
import { Tabs } from './Tabs.js';
import { useConfigCheck } from '../config/configModel.js';

type ConfigTab = 'options' | 'prjconf' | 'exports';

export function Sidebar() {
  const [tab, setTab] = useState<ConfigTab>('options');
  // Monaco is big: fetch it when the editor is first shown, then keep it mounted.
  const [editorWanted, setEditorWanted] = useState(false);
  const show = (t: ConfigTab): void => {
    setTab(t);
    if (t === 'prjconf') setEditorWanted(true);
  };
  const check = useConfigCheck();
  const problems = (check?.diagnostics ?? []).filter((d) => d.severity !== 'info').length;
  return (
    <aside className="sidebar" aria-label="Inputs and configuration">
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
