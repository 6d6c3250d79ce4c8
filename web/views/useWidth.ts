// Width of an element in CSS pixels, kept current with a ResizeObserver, so
// SVG views can draw at 1:1 scale (text stays the size of the page's text).
import { useEffect, useRef, useState } from 'react';

export function useWidth<T extends HTMLElement>(fallback: number): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (): void => { if (el.clientWidth > 0) setWidth(el.clientWidth); };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
