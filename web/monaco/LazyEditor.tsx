// Lazy Monaco: a plain placeholder renders until the editor chunk arrives.
import { lazy, Suspense, type ComponentProps } from 'react';

const Editor = lazy(() => import('./MonacoEditor.js'));

export type LazyEditorProps = ComponentProps<typeof Editor>;

export function LazyEditor(props: LazyEditorProps & { fallbackText?: string }) {
  const { fallbackText, ...rest } = props;
  return (
    <Suspense
      fallback={
        <pre className="editor-fallback" aria-busy="true">
          {fallbackText ?? 'Loading the editor…'}
        </pre>
      }
    >
      <Editor {...rest} />
    </Suspense>
  );
}
