// The Monaco prj.conf editor (lazy chunk): edits go straight to the session,
// panel edits come back through `value`, markers follow the validator.
import { useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import Editor, { monaco } from '../monaco/MonacoEditor.js';
import { useMonacoTheme } from '../monaco/useMonacoTheme.js';
import { useSession } from '../state/session.js';
import { checkPrjConf, useConfigCheck } from './configModel.js';
import { markersOf, registerPrjConfLanguage } from './prjConfLanguage.js';

registerPrjConfLanguage(monaco, () => {
  const s = useSession.getState();
  return checkPrjConf(s.boardId, s.prjConf);
});

export default function PrjConfEditorImpl() {
  const text = useSession((s) => s.prjConf);
  const setPrjConf = useSession((s) => s.setPrjConf);
  const check = useConfigCheck();
  const theme = useMonacoTheme();
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelMarkers(model, 'kconfig', markersOf(check?.diagnostics ?? []));
  }, [check]);

  return (
    <Editor
      value={text}
      language="prjconf"
      path="prj.conf"
      theme={theme}
      beforeMount={(m) => m.editor.setTheme(theme)}
      onChange={(v) => setPrjConf(v ?? '')}
      onMount={(ed) => {
        editorRef.current = ed;
        const model = ed.getModel();
        if (model) monaco.editor.setModelMarkers(model, 'kconfig', markersOf(check?.diagnostics ?? []));
      }}
      options={{
        minimap: { enabled: false },
        fontSize: 13,
        lineNumbersMinChars: 2,
        // Room for a whole option name in a narrow sidebar: no folding gutter, and long
        // lines scroll sideways instead of wrapping mid-name.
        folding: false,
        lineDecorationsWidth: 6,
        scrollBeyondLastLine: false,
        wordWrap: 'off',
        quickSuggestions: { other: true, comments: false, strings: false },
        renderLineHighlight: 'line',
        automaticLayout: true,
        ariaLabel: 'prj.conf editor',
        fixedOverflowWidgets: true,
      }}
    />
  );
}
