// Monaco's built-in theme that matches the page theme.
import { useUi } from '../state/ui';

export function useMonacoTheme(): string {
  return useUi((s) => (s.theme === 'dark' ? 'vs-dark' : 'vs'));
}
