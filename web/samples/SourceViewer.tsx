// A sample's C sources in a read-only editor, one tab per file.
import { useEffect, useState } from 'react';
import { LazyEditor } from '../monaco/LazyEditor.js';
import { useMonacoTheme } from '../monaco/useMonacoTheme.js';
import { fetchSource } from './catalogue.js';

export function SourceViewer({ sources }: { sources: string[] }) {
  const [active, setActive] = useState(0);
  const [text, setText] = useState<string | null>(null);
  const theme = useMonacoTheme();
  const path = sources[Math.min(active, sources.length - 1)];
  useEffect(() => {
    let live = true;
    setText(null);
    if (path)
      fetchSource(path).then(
        (t) => {
          if (live) setText(t);
        },
        (e: Error) => {
          if (live) setText(`/* ${e.message} */`);
        },
      );
    return () => {
      live = false;
    };
  }, [path]);
  useEffect(() => setActive(0), [sources]);
  if (!path) return null;
  return (
    <div className="source-viewer">
      <div className="tabs" role="tablist" aria-label="Source files">
        {sources.map((s, i) => (
          <button key={s} type="button" role="tab" className="tab" aria-selected={i === active} onClick={() => setActive(i)}>
            {s.split('/').pop()}
          </button>
        ))}
      </div>
      <div className="source-editor" role="tabpanel" aria-label={path}>
        {text === null ? (
          <pre className="editor-fallback">Loading…</pre>
        ) : (
          <LazyEditor
            value={text}
            language="c"
            theme={theme}
            beforeMount={(m) => m.editor.setTheme(theme)}
            path={`sample://${path}`}
            fallbackText={text}
            options={{
              readOnly: true,
              minimap: { enabled: false },
              fontSize: 13,
              scrollBeyondLastLine: false,
              lineNumbersMinChars: 3,
              renderLineHighlight: 'none',
              domReadOnly: true,
            }}
          />
        )}
      </div>
    </div>
  );
}
