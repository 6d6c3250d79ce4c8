// The playground's header. On narrow screens (layout.css, "Drawer") the
// sidebar is a drawer and the first button here opens and closes it.
import { BoardPicker } from '../config/BoardPicker.js';
import { SampleGallery } from '../samples/SampleGallery.js';
import { RunIndicator } from './RunIndicator.js';
import { ThemeToggle } from './ThemeToggle.js';
import { ShareDialog } from '../sessions/ShareDialog.js';
import { RecentDialog } from '../sessions/RecentDialog.js';
import { LessonsButton } from '../lessons/ui/LessonsPanel.js';
import { useUi } from '../state/ui.js';
import { Icon } from './Icon.js';
import { useEffect, useRef } from 'react';

function DrawerToggle() {
  const open = useUi((s) => s.drawerOpen);
  const setOpen = useUi((s) => s.setDrawerOpen);
  const button = useRef<HTMLButtonElement>(null);
  // Escape closes the drawer and gives the focus back to its button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      setOpen(false);
      button.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, setOpen]);
  return (
    <button
      ref={button}
      type="button"
      className="drawer-toggle"
      aria-expanded={open}
      aria-controls="sidebar"
      onClick={() => setOpen(!open)}
      aria-label="Inputs and options"
      title="Inputs and options"
    >
      <Icon name={open ? 'close' : 'menu'} />
      <span className="drawer-toggle-text" aria-hidden="true">
        Inputs
      </span>
    </button>
  );
}

export function Header() {
  return (
    <header className="app-header">
      <DrawerToggle />
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
