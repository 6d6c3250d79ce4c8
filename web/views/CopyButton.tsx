// Copies text to the clipboard and says so.
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard access can be refused (insecure context, permissions): fall back to a hidden textarea.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return (
    <button type="button" className="small" onClick={() => void copy()} aria-label={label}>
      {done ? 'Copied' : 'Copy'}
      <span className="visually-hidden" aria-live="polite">
        {done ? 'Copied to the clipboard' : ''}
      </span>
    </button>
  );
}
