// Width of an element in CSS pixels, kept current with a ResizeObserver, so
// SVG views can draw at 1:1 scale (text stays the size of the page's text).
// Returns a callback ref: the element may appear after the first render.
import { useCallback, useEffect, useState } from 'react';

export function useWidth<T extends HTMLElement>(fallback: number): [(el: T | null) => void, number] {
  const [el, setEl] = useState<T | null>(null);
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((node: T | null) => setEl(node), []);
  useEffect(() => {
    if (!el) return;
    const update = (): void => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [ref, width];
}
