// Presentation state: which view is shown and the colour theme.
import { create } from 'zustand';

export type ViewId = 'memory' | 'sections' | 'symbols' | 'relocations';
export type Theme = 'light' | 'dark';

interface UiState {
  view: ViewId;
  theme: Theme;
  setView: (view: ViewId) => void;
  setTheme: (theme: Theme) => void;
}

const initialTheme = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

export const useUi = create<UiState>()((set) => ({
  view: 'memory',
  theme: initialTheme(),
  setView: (view) => set({ view }),
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
