// Monaco, bundled with the site (never fetched from a CDN). Imported only from
// lazily loaded chunks, so the first screen does not wait for it.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/cpp/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { loader } from '@monaco-editor/react';

declare global {
  interface Window { MonacoEnvironment?: { getWorker: (id: string, label: string) => Worker } }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

/** prj.conf highlighting: comments, CONFIG_ names, y/n, numbers and strings. */
monaco.languages.register({ id: 'prjconf', extensions: ['.conf'] });
monaco.languages.setMonarchTokensProvider('prjconf', {
  tokenizer: {
    root: [
      [/^\s*#.*$/, 'comment'],
      [/CONFIG_[A-Za-z0-9_]+/, 'variable'],
      [/=/, 'delimiter'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/\b(y|n)\b/, 'keyword'],
      [/\b(0x[0-9a-fA-F]+|\d+)\b/, 'number'],
    ],
  },
});

export { monaco };
