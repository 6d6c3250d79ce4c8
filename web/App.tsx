// The playground: header, inputs and configuration on the left, the player,
// the four linked views and the console on the right.
import { Header } from './shell/Header';
import { Sidebar } from './shell/Sidebar';
import { Views } from './shell/Views';
import { useBootstrap } from './shell/bootstrap';
import { PlayerBar } from './player/PlayerBar';
import { StatusLine } from './player/StatusLine';
import { useAutoplay } from './player/useAutoplay';
import { useShortcuts } from './player/useShortcuts';
import { LogView } from './views/LogView';
import { DiagnosticsPanel } from './views/DiagnosticsPanel';
import { DropZone } from './input/DropZone';

export function App() {
  useBootstrap();
  useAutoplay();
  useShortcuts();
  return (
    <div className="app">
      <a className="skip-link" href="#views">Skip to the views</a>
      <Header />
      <Sidebar />
      <main className="main">
        <PlayerBar />
        <StatusLine />
        <Views />
        <div className="console">
          <LogView />
          <DiagnosticsPanel />
        </div>
      </main>
      <DropZone />
    </div>
  );
}
