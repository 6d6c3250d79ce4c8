import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker } from './offline/register';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/views.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(<StrictMode><App /></StrictMode>);
void registerServiceWorker();
