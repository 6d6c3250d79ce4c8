import { BoardPicker } from '../config/BoardPicker.js';
import { SampleGallery } from '../samples/SampleGallery.js';
import { RunIndicator } from './RunIndicator.js';
import { ThemeToggle } from './ThemeToggle.js';
import { ShareDialog } from '../sessions/ShareDialog.js';
import { RecentDialog } from '../sessions/RecentDialog.js';
import { LessonsButton } from '../lessons/ui/LessonsPanel.js';

export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <h1>LLEXT Playground</h1>
        <span className="version">Zephyr 4.4 loader, simulated</span>
      </div>
      <BoardPicker />
      <SampleGallery />
      <RunIndicator />
      <span className="header-spacer" />
      <LessonsButton />
      <RecentDialog />
      <ShareDialog />
      <ThemeToggle />
    </header>
  );
}
