// The editor component with Monaco already configured; load it with React.lazy.
import './setup.js';
import { Editor } from '@monaco-editor/react';

export default Editor;
export { monaco } from './setup.js';
