// Presentation state: which view is shown, the colour theme, the sidebar's
// configuration tab and, where the sidebar is a drawer (narrow screens),
// whether the drawer is open.
import { create } from 'zustand';

export type ViewId = 'memory' | 'sections' | 'symbols' | 'relocations' | 'run';
export type Theme = 'light' | 'dark';

/** Where Memory stays on the left beside the other views (web/shell/Views.tsx). */
export const WIDE_VIEWS = '(min-width: 1700px)';
export type ConfigTab = 'options' | 'prjconf' | 'exports';

interface UiState {
  view: ViewId;
  theme: Theme;
  configTab: ConfigTab;
  drawerOpen: boolean;
  setView: (view: ViewId) => void;
  setTheme: (theme: Theme) => void;
  setConfigTab: (tab: ConfigTab) => void;
  setDrawerOpen: (open: boolean) => void;
}

const initialTheme = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

export const useUi = create<UiState>()((set) => ({
  view: 'memory',
  theme: initialTheme(),
  configTab: 'options',
  drawerOpen: false,
  setView: (view) => set({ view }),
  setConfigTab: (configTab) => set({ configTab }),
  setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
  setTheme: (theme) => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('llext-theme', theme);
    } catch {
      /* private mode: not remembered */
    }
    set({ theme });
  },
}));
