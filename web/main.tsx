import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { registerServiceWorker } from './offline/register.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/common.css';
import './styles/player.css';
import './styles/memory.css';
import './styles/sections.css';
import './styles/symbols.css';
import './styles/relocations.css';
import './styles/run.css';
import './styles/console.css';
import './styles/sidebar.css';
import './styles/gallery.css';
import './styles/drop.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void registerServiceWorker();
