// Chooses which loaded extension a view shows when several were loaded. Buttons
// show the whole name, not the one Zephyr cut to LLEXT_MAX_NAME_LEN characters.
import { useTimeline } from '../player/useTimeline.js';
import { fullName } from '../player/timeline.js';

interface Props {
  extensions: string[];
  value: string;
  onChange: (ext: string) => void;
}

export function ExtensionPicker({ extensions, value, onChange }: Props) {
  const t = useTimeline();
  if (extensions.length < 2) return null;
  return (
    <div className="ext-picker" role="group" aria-label="Extension">
      {extensions.map((e) => (
        <button key={e} type="button" className="small" aria-pressed={e === value} onClick={() => onChange(e)}>
          {fullName(t, e)}
        </button>
      ))}
    </div>
  );
}
