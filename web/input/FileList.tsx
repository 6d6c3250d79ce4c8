// The session's files: extensions in load order (movable), the Zephyr image
// the export table comes from, and messages about the last files given.
import { useSession } from '../state/session.js';
import { sizeText } from '../format/numbers.js';
import { Icon } from '../shell/Icon.js';
import { combineFiles, useReplaceOffer } from './replaceOffer.js';

export function FileList() {
  const files = useSession((s) => s.files);
  const exports = useSession((s) => s.exports);
  const messages = useSession((s) => s.messages);
  const moveFile = useSession((s) => s.moveFile);
  const removeFile = useSession((s) => s.removeFile);
  const dismiss = useSession((s) => s.dismissMessages);
  const applyFix = useSession((s) => s.applyFix);
  // The verdict of the run on screen, when it is about one file built for another target.
  const mismatch = useSession((s) => (s.verdict.state === 'done' && s.verdict.revision === s.resultRevision ? s.verdict.verdict : null));
  const switchFix = mismatch?.fixes.find((f) => f.kind === 'switch-board' && f.verified);
  const offer = useReplaceOffer((s) => s.offer);
  const setOffer = useReplaceOffer((s) => s.setOffer);
  const exts = files.filter((f) => f.role === 'extension');
  // Only while the files are still the ones the replacement left.
  const replaced = offer && offer.after === files ? offer.before.filter((f) => f.role === 'extension') : [];
  const zephyr = files.find((f) => f.role === 'zephyr-elf');
  return (
    <div className="file-list">
      {messages.length > 0 && (
        <div className="messages" data-testid="input-messages">
          {messages.map((m, i) => (
            <div key={i} className={`message ${m.kind}`} role={m.kind === 'error' ? 'alert' : 'status'}>
              <p>{m.text}</p>
              {i === 0 && (
                <button type="button" className="icon ghost small" onClick={dismiss} aria-label="Dismiss messages">
                  <Icon name="close" size={14} />
                </button>
              )}
            </div>
          ))}
        </div>
      )}
      {offer && replaced.length > 0 && (
        <div className="message info replace-offer" role="status" data-testid="replace-offer">
          <p>
            Replaced {replaced.length === 1 ? 'the loaded extension' : `the ${replaced.length} loaded extensions`}{' '}
            {replaced.map((f) => f.name).join(', ')}.
          </p>
          <span className="offer-actions">
            <button
              type="button"
              className="small"
              onClick={() => {
                setOffer(null);
                useSession.getState().setFiles(combineFiles(offer.before, offer.added, offer.zephyr, 'add'));
              }}
            >
              Add to {replaced.length === 1 ? 'it' : 'them'} instead
            </button>
            <button
              type="button"
              className="small"
              onClick={() => {
                setOffer(null);
                const s = useSession.getState();
                s.loadSession({ boardId: s.boardId, sampleId: offer.sampleId, files: offer.before });
                s.dismissMessages();
              }}
            >
              Undo
            </button>
          </span>
        </div>
      )}
      <ol className="files" aria-label="Extensions, in load order" data-testid="files">
        {exts.map((f, i) => (
          <li key={f.id}>
            <span className="file-order" aria-hidden="true">
              {i + 1}
            </span>
            <span className="file-name mono" title={f.name}>
              {f.name}
            </span>
            <span className="muted">{sizeText(f.bytes.length)}</span>
            {mismatch?.file?.name === f.name && (
              <span className="badge err file-mismatch" data-testid="file-mismatch" title={mismatch.cause}>
                built for {mismatch.file.builtFor.split(' ')[0]}
                {switchFix?.apply.board && (
                  <button type="button" className="link-button" onClick={() => applyFix(switchFix.apply)}>
                    switch to {switchFix.apply.board}
                  </button>
                )}
              </span>
            )}
            <span className="file-actions">
              <button
                type="button"
                className="icon ghost small"
                onClick={() => moveFile(f.id, -1)}
                disabled={i === 0}
                aria-label={`Load ${f.name} earlier`}
              >
                <Icon name="up" size={14} />
              </button>
              <button
                type="button"
                className="icon ghost small"
                onClick={() => moveFile(f.id, 1)}
                disabled={i === exts.length - 1}
                aria-label={`Load ${f.name} later`}
              >
                <Icon name="down" size={14} />
              </button>
              <button type="button" className="icon ghost small" onClick={() => removeFile(f.id)} aria-label={`Remove ${f.name}`}>
                <Icon name="close" size={14} />
              </button>
            </span>
          </li>
        ))}
        {exts.length === 0 && <li className="muted">No extension: drop one, open one or pick a sample.</li>}
      </ol>
      <p className="export-source" data-testid="export-source">
        Export table:{' '}
        {zephyr ? (
          <>
            <span className="mono">{zephyr.name}</span>{' '}
            <button type="button" className="link-button" onClick={() => removeFile(zephyr.id)}>
              use the board's default
            </button>
          </>
        ) : exports ? (
          <span className="muted">
            {exports.mode === 'merge' ? "the board's default with your additions" : 'your own table'} (Exports tab)
          </span>
        ) : (
          <span className="muted">the board's default (drop a zephyr.elf to use yours)</span>
        )}
      </p>
    </div>
  );
}
