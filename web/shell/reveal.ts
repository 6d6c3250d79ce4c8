// "Show me where": brings a Kconfig option's control into view for a lesson
// step that asks for it. It switches the sidebar to the Options tab, opens
// the drawer where the sidebar is one, opens the option's group, scrolls the
// control into view, focuses it and marks it for a few seconds.
import { useUi } from '../state/ui.js';
import { schema } from '../config/configModel.js';

const MARK_MS = 4000;

function rowOf(name: string): HTMLElement | null {
  // A member of a choice (CONFIG_LLEXT_LOG_LEVEL_DBG) is one entry of its choice's select.
  const choice = schema.options.find((o) => o.name === name)?.choice;
  if (choice) return document.querySelector<HTMLElement>(`[data-testid="choice-${CSS.escape(choice)}"]`);
  const row = document.querySelector<HTMLElement>(`[data-testid="opt-${CSS.escape(name)}"]`);
  if (row) return row;
  return document.querySelector<HTMLElement>(`[data-option="${CSS.escape(name)}"]`)?.closest<HTMLElement>('.opt') ?? null;
}

const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

export async function revealOption(name: string): Promise<boolean> {
  const ui = useUi.getState();
  ui.setConfigTab('options');
  // The drawer button is shown exactly where the sidebar is a drawer (layout.css).
  const toggle = document.querySelector<HTMLElement>('.drawer-toggle');
  if (toggle && getComputedStyle(toggle).display !== 'none') ui.setDrawerOpen(true);
  await nextFrame();
  await nextFrame();
  const row = rowOf(name);
  if (!row) return false;
  const group = row.closest('details');
  if (group) group.open = true;
  const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
  row.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
  row.querySelector<HTMLElement>('input, select, textarea')?.focus({ preventScroll: true });
  row.classList.add('revealed');
  setTimeout(() => row.classList.remove('revealed'), MARK_MS);
  return true;
}
