// The Monaco theme (defined in setup.ts) that matches the page theme.
import { useUi } from '../state/ui.js';

export function useMonacoTheme(): string {
  return useUi((s) => (s.theme === 'dark' ? 'llext-dark' : 'llext-light'));
}
