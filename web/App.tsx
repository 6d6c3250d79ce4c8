// The playground: header, inputs and configuration on the left, the player,
// the four linked views and the console on the right. In the embed and
// presenter modes only the run is shown, read-only. The lessons panel docks
// beside the main area (below it on phones) so it never covers the run; the
// layouts per screen size are in web/styles/layout.css.
import { Header } from './shell/Header.js';
import { CompactHeader } from './shell/CompactHeader.js';
import { Sidebar } from './shell/Sidebar.js';
import { Views } from './shell/Views.js';
import { useBootstrap } from './shell/bootstrap.js';
import { appMode } from './shell/mode.js';
import { PlayerBar } from './player/PlayerBar.js';
import { StatusLine } from './player/StatusLine.js';
import { useAutoplay } from './player/useAutoplay.js';
import { useShortcuts } from './player/useShortcuts.js';
import { LogView } from './views/LogView.js';
import { DiagnosticsPanel } from './views/DiagnosticsPanel.js';
import { DropZone } from './input/DropZone.js';
import { LessonsPanel } from './lessons/ui/LessonsPanel.js';
import { useAutosave } from './sessions/useAutosave.js';
import { useLessons } from './lessons/ui/lessonStore.js';
import { Welcome } from './shell/Welcome.js';

const mode = appMode();

export function App() {
  useBootstrap(mode);
  useAutosave(mode === 'full');
  useAutoplay();
  useShortcuts();
  const lessonsOpen = useLessons((s) => s.open) && mode === 'full';
  return (
    <div className={`app mode-${mode}${lessonsOpen ? ' lessons-open' : ''}`}>
      <a className="skip-link" href="#views">
        Skip to the views
      </a>
      {mode === 'full' ? <Header /> : <CompactHeader mode={mode} />}
      {mode === 'full' && <Sidebar />}
      <main className="main">
        {mode === 'full' && <Welcome />}
        <PlayerBar />
        <StatusLine />
        <Views />
        <div className="console">
          <LogView />
          <DiagnosticsPanel />
        </div>
      </main>
      {mode === 'full' && <DropZone />}
      {mode === 'full' && <LessonsPanel />}
    </div>
  );
}
