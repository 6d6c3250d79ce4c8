// Key to the heap map's colours and patterns.
import { regionColor } from '../../styles/palette.js';

const ITEMS: { label: string; style: React.CSSProperties; cls?: string }[] = [
  { label: 'heap bookkeeping', style: { background: 'var(--mem-zheap)' } },
  { label: 'chunk header', style: { background: 'var(--mem-header)' } },
  { label: 'alignment padding', style: {}, cls: 'swatch-pad' },
  { label: 'free', style: {}, cls: 'swatch-free' },
  { label: 'metadata', style: { background: 'var(--r-meta)' } },
  { label: 'TEXT', style: { background: regionColor('TEXT') } },
  { label: 'DATA', style: { background: regionColor('DATA') } },
  { label: 'RODATA', style: { background: regionColor('RODATA') } },
  { label: 'BSS', style: { background: regionColor('BSS') } },
  { label: 'EXPORT', style: { background: regionColor('EXPORT') } },
];

export function Legend() {
  return (
    <ul className="legend" aria-label="Colour key">
      {ITEMS.map((i) => (
        <li key={i.label}>
          <span className={`swatch ${i.cls ?? ''}`} style={i.style} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
