// Advances the cursor while playing. A whole run takes a few seconds at 1x
// whatever its length: short traces step slowly, long ones skip ahead.
import { useEffect } from 'react';
import { usePlayer } from '../state/player.js';

const MS_PER_EVENT = 90;
const MIN_TOTAL_MS = 3_000;
const MAX_TOTAL_MS = 12_000;

export function useAutoplay(): void {
  const playing = usePlayer((s) => s.playing);
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    let carry = 0;
    const tick = (now: number): void => {
      const { length, cursor, speed } = usePlayer.getState();
      const total = Math.min(MAX_TOTAL_MS, Math.max(MIN_TOTAL_MS, length * MS_PER_EVENT));
      carry += ((now - last) * speed * length) / total;
      last = now;
      const whole = Math.floor(carry);
      if (whole > 0) {
        carry -= whole;
        const next = Math.min(length, cursor + whole);
        usePlayer.setState({ cursor: next, playing: next < length });
        if (next >= length) return;
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing]);
}
