// "Open files…": the keyboard-friendly twin of dropping files.
import { useRef } from 'react';
import { intake, readFiles } from './intake.js';

export function FilePicker() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="file-input"
        onChange={(e) => {
          const files = e.currentTarget.files;
          if (files && files.length > 0) void readFiles(files).then(intake);
          e.currentTarget.value = '';
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        Open files…
      </button>
    </>
  );
}
