// Chooses which loaded extension a view shows when several were loaded.
interface Props {
  extensions: string[];
  value: string;
  onChange: (ext: string) => void;
}

export function ExtensionPicker({ extensions, value, onChange }: Props) {
  if (extensions.length < 2) return null;
  return (
    <div className="ext-picker" role="group" aria-label="Extension">
      {extensions.map((e) => (
        <button key={e} type="button" className="small" aria-pressed={e === value} onClick={() => onChange(e)}>
          {e}
        </button>
      ))}
    </div>
  );
}
