// The playground: header, inputs and configuration on the left, the player,
// the four linked views and the console on the right. In the embed and
// presenter modes only the run is shown, read-only.
import { Header } from './shell/Header';
import { CompactHeader } from './shell/CompactHeader';
import { Sidebar } from './shell/Sidebar';
import { Views } from './shell/Views';
import { useBootstrap } from './shell/bootstrap';
import { appMode } from './shell/mode';
import { PlayerBar } from './player/PlayerBar';
import { StatusLine } from './player/StatusLine';
import { useAutoplay } from './player/useAutoplay';
import { useShortcuts } from './player/useShortcuts';
import { LogView } from './views/LogView';
import { DiagnosticsPanel } from './views/DiagnosticsPanel';
import { DropZone } from './input/DropZone';
import { LessonsPanel } from './lessons/ui/LessonsPanel';
import { useAutosave } from './sessions/useAutosave';

const mode = appMode();

export function App() {
  useBootstrap(mode);
  useAutosave(mode === 'full');
  useAutoplay();
  useShortcuts();
  return (
    <div className={`app mode-${mode}`}>
      <a className="skip-link" href="#views">Skip to the views</a>
      {mode === 'full' ? <Header /> : <CompactHeader mode={mode} />}
      {mode === 'full' && <Sidebar />}
      <main className="main">
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
