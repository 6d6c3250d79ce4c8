// Player keyboard shortcuts, active unless the focus is somewhere that needs
// the keys itself (which keys where: keys.ts, listed in ShortcutsHelp.tsx).
import { useEffect } from 'react';
import { usePlayer } from '../state/player.js';
import { useUi } from '../state/ui.js';
import { useTimeline } from './useTimeline.js';
import { goToNextStep, goToPreviousStep } from './navigation.js';
import { shortcutFor, type FocusContext } from './keys.js';
import { openShortcutsHelp } from './ShortcutsHelp.js';

function focusContext(el: Element | null): FocusContext {
  if (document.querySelector('dialog[open]:modal')) return 'dialog';
  if (!el || el === document.body) return 'none';
  if (el.closest('.monaco-editor')) return 'text';
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable) return 'text';
  const type = tag === 'INPUT' ? (el as HTMLInputElement).type : '';
  if (tag === 'INPUT' && !['checkbox', 'radio', 'button', 'range', 'submit', 'reset', 'file'].includes(type)) return 'text';
  if (el.closest('dialog, [role="dialog"]')) return 'dialog';
  if (type === 'range') return 'range';
  if (el.closest('[role="tablist"]')) return 'tablist';
  if (el.closest('[role="grid"]')) return 'grid';
  if (el.matches('button, input, select, summary, a, [role="tab"], [role="row"]')) return 'control';
  return 'none';
}

export function useShortcuts(): void {
  const t = useTimeline();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const action = shortcutFor(e.key, e.shiftKey, focusContext(document.activeElement));
      if (!action) return;
      const p = usePlayer.getState();
      if (typeof action === 'object') {
        useUi.getState().setView(action.view);
        return;
      }
      if (action !== 'clear-selection') e.preventDefault();
      switch (action) {
        case 'toggle-play':
          p.setPlaying(!p.playing);
          break;
        case 'step-forward':
          p.stepBy(1);
          break;
        case 'step-back':
          p.stepBy(-1);
          break;
        case 'next-step':
          if (t) goToNextStep(t);
          break;
        case 'previous-step':
          if (t) goToPreviousStep(t);
          break;
        case 'start':
          p.seek(0);
          break;
        case 'end':
          p.seek(p.length);
          break;
        case 'clear-selection':
          p.select(null);
          break;
        case 'help':
          openShortcutsHelp();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [t]);
}
