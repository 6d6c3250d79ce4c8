// Player keyboard shortcuts, active unless the user is typing somewhere.
import { useEffect } from 'react';
import { usePlayer } from '../state/player.js';
import { useUi, type ViewId } from '../state/ui.js';
import { useTimeline } from './useTimeline.js';
import { goToNextStep, goToPreviousStep } from './navigation.js';

const VIEW_KEYS: Record<string, ViewId> = { '1': 'memory', '2': 'sections', '3': 'symbols', '4': 'relocations' };

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if (el.closest('.monaco-editor, [role="grid"], [role="dialog"], dialog')) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'range'].includes((el as HTMLInputElement).type);
  return (el as HTMLElement).isContentEditable;
}

export function useShortcuts(): void {
  const t = useTimeline();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
      const p = usePlayer.getState();
      const active = document.activeElement as HTMLElement | null;
      const range = (active as HTMLInputElement | null)?.type === 'range';
      // Space keeps its own meaning on controls (buttons, switches, summaries…).
      const control = active !== null && active.matches('button, input, select, summary, a, [role="tab"], [role="row"]');
      switch (e.key) {
        case ' ':
        case 'k':
          if (control) return;
          e.preventDefault();
          p.setPlaying(!p.playing);
          break;
        case 'ArrowRight':
        case '.':
          if (range) return;
          e.preventDefault();
          if (e.shiftKey && t) goToNextStep(t);
          else p.stepBy(1);
          break;
        case 'ArrowLeft':
        case ',':
          if (range) return;
          e.preventDefault();
          if (e.shiftKey && t) goToPreviousStep(t);
          else p.stepBy(-1);
          break;
        case ']':
          if (t) goToNextStep(t);
          break;
        case '[':
          if (t) goToPreviousStep(t);
          break;
        // Presentation clickers send PageDown/PageUp: one loader phase per click.
        case 'PageDown':
          if (t) {
            e.preventDefault();
            goToNextStep(t);
          }
          break;
        case 'PageUp':
          if (t) {
            e.preventDefault();
            goToPreviousStep(t);
          }
          break;
        case 'Home':
          if (!range) {
            e.preventDefault();
            p.seek(0);
          }
          break;
        case 'End':
          if (!range) {
            e.preventDefault();
            p.seek(p.length);
          }
          break;
        case 'Escape':
          p.select(null);
          break;
        default:
          if (VIEW_KEYS[e.key]) useUi.getState().setView(VIEW_KEYS[e.key]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [t]);
}
