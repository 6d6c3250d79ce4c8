// Which player shortcut a key press means, given where the focus is. Kept free
// of the DOM so the rules can be tested:
// - in a text field, a select or an editor, every key is the field's;
// - in an open dialog, keys are the dialog's;
// - in a tablist, ←/→/Home/End move between tabs (the ARIA tabs pattern);
// - in the relocation grid, ↑/↓ move between rows and Space/Enter select;
// - on a slider, ←/→/Home/End move the slider;
// - on a button or other control, Space presses it;
// everywhere else, the player keys below work.

export type FocusContext = 'text' | 'dialog' | 'tablist' | 'grid' | 'range' | 'control' | 'none';

export type ShortcutAction =
  | 'toggle-play'
  | 'step-forward'
  | 'step-back'
  | 'next-step'
  | 'previous-step'
  | 'start'
  | 'end'
  | 'clear-selection'
  | 'help'
  | { view: 'memory' | 'sections' | 'symbols' | 'relocations' | 'run' };

const VIEW_KEYS = { '1': 'memory', '2': 'sections', '3': 'symbols', '4': 'relocations', '5': 'run' } as const;

export function shortcutFor(key: string, shift: boolean, focus: FocusContext): ShortcutAction | null {
  if (focus === 'text' || focus === 'dialog') return null;
  const moves = key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home' || key === 'End';
  if (moves && (focus === 'tablist' || focus === 'range')) return null;
  switch (key) {
    case ' ':
      return focus === 'control' || focus === 'tablist' || focus === 'grid' ? null : 'toggle-play';
    case 'k':
      return 'toggle-play';
    case 'ArrowRight':
      return shift ? 'next-step' : 'step-forward';
    case '.':
      return 'step-forward';
    case 'ArrowLeft':
      return shift ? 'previous-step' : 'step-back';
    case ',':
      return 'step-back';
    case ']':
    case 'PageDown':
      return 'next-step';
    case '[':
    case 'PageUp':
      return 'previous-step';
    case 'Home':
      return 'start';
    case 'End':
      return 'end';
    case 'Escape':
      return 'clear-selection';
    case '?':
      return 'help';
    default:
      return key in VIEW_KEYS ? { view: VIEW_KEYS[key as keyof typeof VIEW_KEYS] } : null;
  }
}
