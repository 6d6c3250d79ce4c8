// The header of the read-only embed and presenter views: what is shown, the
// result, messages about the link, and the way to the full playground.
import { useSession } from '../state/session.js';
import { RunIndicator } from './RunIndicator.js';
import { urlInMode, type AppMode } from './mode.js';

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
  return (
    <header className="app-header compact-header">
      <div className="brand">
        <h1>LLEXT Playground</h1>
        <span className="version">
          {what}
          {mode === 'present' ? ' · ←/→ step, PgUp/PgDn phase' : ''}
        </span>
      </div>
      <RunIndicator />
      <span className="header-spacer" />
      {messages.length > 0 && (
        <div className="messages compact-messages" data-testid="input-messages" role="alert">
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
