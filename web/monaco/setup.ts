// Monaco, bundled with the site (never fetched from a CDN). Imported only from
// lazily loaded chunks, so the first screen does not wait for it.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/cpp/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { loader } from '@monaco-editor/react';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (id: string, label: string) => Worker };
  }
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

/**
 * Monaco's built-in themes with comments a little brighter (dark) or darker
 * (light), so every token keeps 4.5:1 contrast over the current-line highlight.
 */
monaco.editor.defineTheme('llext-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '8cc06f' }],
  colors: {},
});
monaco.editor.defineTheme('llext-light', { base: 'vs', inherit: true, rules: [{ token: 'comment', foreground: '006a17' }], colors: {} });

export { monaco };
