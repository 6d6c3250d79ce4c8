// Keeps the first selected row of a view in sight when the selection changes
// (in this view or another one) or the view is shown again, so a selection made
// elsewhere is visible without hunting for it.
import { useEffect, useRef } from 'react';
import { usePlayer } from '../state/player.js';

export function useSelectedInView<T extends HTMLElement>(): React.RefObject<T | null> {
  const box = useRef<T | null>(null);
  const selection = usePlayer((s) => s.selection);
  useEffect(() => {
    if (!selection) return;
    // After the paint, so rows that the selection highlights exist.
    const id = requestAnimationFrame(() => {
      const row = box.current?.querySelector<Element>('.selected');
      row?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
    return () => cancelAnimationFrame(id);
  }, [selection]);
  return box;
}
