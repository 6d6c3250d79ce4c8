// Inline SVG icons (system fonts often lack the media-control glyphs).
export type IconName =
  | 'start'
  | 'prevStep'
  | 'back'
  | 'play'
  | 'pause'
  | 'forward'
  | 'nextStep'
  | 'end'
  | 'keyboard'
  | 'sun'
  | 'moon'
  | 'close'
  | 'up'
  | 'down'
  | 'menu';

const PATHS: Record<IconName, string> = {
  start: 'M5 4h2v16H5zM19 4v16L8 12z',
  prevStep: 'M11 5v14L3 12zM21 5v14l-8-7z',
  back: 'M17 5v14L7 12z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  forward: 'M7 5v14l10-7z',
  nextStep: 'M3 5v14l8-7zM13 5v14l8-7z',
  end: 'M17 4h2v16h-2zM5 4v16l11-8z',
  keyboard:
    'M3 6h18a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1zm1 2v2h2V8zm3 0v2h2V8zm3 0v2h2V8zm3 0v2h2V8zm3 0v2h2V8zM4 11v2h2v-2zm3 0v2h2v-2zm3 0v2h2v-2zm3 0v2h2v-2zm3 0v2h2v-2zM7 14v2h10v-2z',
  sun: 'M12 7a5 5 0 1 1 0 10 5 5 0 0 1 0-10zM11 1h2v3h-2zM11 20h2v3h-2zM1 11h3v2H1zM20 11h3v2h-3zM4.2 5.6l1.4-1.4 2.1 2.1-1.4 1.4zM16.3 17.7l1.4-1.4 2.1 2.1-1.4 1.4zM4.2 18.4l2.1-2.1 1.4 1.4-2.1 2.1zM16.3 6.3l2.1-2.1 1.4 1.4-2.1 2.1z',
  moon: 'M14.5 2.5A9.5 9.5 0 1 0 21.5 16 7.5 7.5 0 0 1 14.5 2.5z',
  close: 'M6.4 5L12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z',
  up: 'M12 5l7 8h-5v6h-4v-6H5z',
  down: 'M12 19l-7-8h5V5h4v6h5z',
  menu: 'M3 5h18v2H3zM3 11h18v2H3zM3 17h18v2H3z',
};

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="icon-svg">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
