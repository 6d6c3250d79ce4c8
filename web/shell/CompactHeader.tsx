// The header of the read-only embed and presenter views: what is shown, the
// result, messages about the link, and the way to the full playground.
// Notes that are not errors ("Opened the shared session.") fade after a few
// seconds: on a projector they would otherwise stay for the whole talk.
import { useEffect, useState } from 'react';
import { useSession } from '../state/session.js';
import { RunIndicator } from './RunIndicator.js';
import { urlInMode, type AppMode } from './mode.js';

const NOTE_MS = 5000;
const FADE_MS = 600;

type NoteState = 'shown' | 'fading' | 'gone';

function useTransientNotes(transient: boolean, messages: unknown): NoteState {
  const [state, setState] = useState<NoteState>('shown');
  useEffect(() => {
    setState('shown');
    if (!transient) return;
    const fade = setTimeout(() => setState('fading'), NOTE_MS);
    const gone = setTimeout(() => setState('gone'), NOTE_MS + FADE_MS);
    return () => {
      clearTimeout(fade);
      clearTimeout(gone);
    };
  }, [transient, messages]);
  return state;
}

export function CompactHeader({ mode }: { mode: Exclude<AppMode, 'full'> }) {
  const messages = useSession((s) => s.messages);
  const what = useSession(
    (s) =>
      s.sampleId ??
      s.files
        .filter((f) => f.role === 'extension')
        .map((f) => f.name)
        .join(', '),
  );
  const notes = useTransientNotes(
    messages.every((m) => m.kind !== 'error'),
    messages,
  );
  return (
    <header className="app-header compact-header">
      <div className="brand">
        <h1>LLEXT Playground</h1>
        <span className="version">{what}</span>
      </div>
      <RunIndicator />
      {mode === 'present' && (
        <p className="key-hints" data-testid="key-hints">
          <kbd>←</kbd>/<kbd>→</kbd> step · <kbd>PgUp</kbd>/<kbd>PgDn</kbd> phase
        </p>
      )}
      <span className="header-spacer" />
      {messages.length > 0 && notes !== 'gone' && (
        <div className={`messages compact-messages${notes === 'fading' ? ' fading' : ''}`} data-testid="input-messages" role="alert">
          {messages.map((m, i) => (
            <p key={i} className={`message ${m.kind}`}>
              <span>{m.text}</span>
            </p>
          ))}
        </div>
      )}
      <a href={urlInMode(location.href, 'full')} target={mode === 'embed' ? '_blank' : undefined} rel="noreferrer">
        Open in the playground
      </a>
    </header>
  );
}
