import { BoardPicker } from '../config/BoardPicker';
import { SampleGallery } from '../samples/SampleGallery';
import { RunIndicator } from './RunIndicator';
import { ThemeToggle } from './ThemeToggle';
import { ShareDialog } from '../sessions/ShareDialog';
import { RecentDialog } from '../sessions/RecentDialog';
import { LessonsButton } from '../lessons/ui/LessonsPanel';

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
