// The Share button: a link to the session as it is (options, files, step and
// view), its size with a warning when chat tools or browsers may cut it, the
// session as a file instead, and the report of the run.
import { useRef, useState } from 'react';
import { Icon } from '../shell/Icon.js';
import { urlInMode, type AppMode } from '../shell/mode.js';
import { sessionLink } from '../share/codec.js';
import { linkSizeReport, type LinkSizeReport } from '../share/linkSize.js';
import { SESSION_FILE_MIME, sessionFileName, sessionFileText } from '../share/sessionFile.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import type { SharedSession } from '../share/document.js';
import { download } from './download.js';
import { currentReport, reportFileStem } from './report.js';
import { snapshotSession } from './snapshot.js';

interface Shared {
  session: SharedSession;
  link: string;
  size: LinkSizeReport;
}

export function ShareDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [shared, setShared] = useState<Shared | null>(null);
  const [mode, setMode] = useState<AppMode>('full');
  const [copied, setCopied] = useState<string | null>(null);
  const make = (m: AppMode): Shared | null => {
    const session = snapshotSession();
    if (!session) return null;
    const link = sessionLink(urlInMode(location.href, m), session);
    return { session, link, size: linkSizeReport(link) };
  };
  const show = (): void => {
    setShared(make(mode));
    setCopied(null);
    dialog.current?.showModal();
  };
  const changeMode = (m: AppMode): void => {
    setMode(m);
    setShared(make(m));
    setCopied(null);
  };
  const copy = async (): Promise<void> => {
    if (!shared) return;
    try {
      await navigator.clipboard.writeText(shared.link);
      setCopied('The link is on the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the link and copy it.');
    }
  };
  const report = (format: 'md' | 'html'): void => {
    const model = currentReport(shared?.link ?? null);
    if (!model) return;
    if (format === 'md') download(`${reportFileStem()}.md`, renderMarkdown(model), 'text/markdown');
    else download(`${reportFileStem()}.html`, renderHtml(model), 'text/html');
  };
  return (
    <>
      <button type="button" onClick={show}>
        Share…
      </button>
      <dialog ref={dialog} aria-labelledby="share-title" className="narrow-dialog share-dialog">
        <div className="dialog-head">
          <h2 id="share-title">Share this session</h2>
          <button type="button" className="icon ghost" onClick={() => dialog.current?.close()} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        <div className="dialog-body">
          {!shared ? (
            <p>Load an extension first.</p>
          ) : (
            <>
              <p className="muted">
                The link holds the whole session: board, changed options, the files (or the sample's name), the step and the view. Nothing
                is uploaded: it is all in the link.
              </p>
              <fieldset className="share-mode">
                <legend>Opens as</legend>
                {(['full', 'embed', 'present'] as const).map((m) => (
                  <label key={m}>
                    <input type="radio" name="share-mode" checked={mode === m} onChange={() => changeMode(m)} />{' '}
                    {m === 'full' ? 'the playground' : m === 'embed' ? 'an embed (read-only)' : 'a presentation (read-only, large type)'}
                  </label>
                ))}
              </fieldset>
              <label className="field">
                <span>
                  Link <b data-testid="share-size">{shared.size.size}</b>
                </span>
                <textarea readOnly rows={3} value={shared.link} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
              </label>
              {shared.size.advice && (
                <p className={`message ${shared.size.level === 'too-long' ? 'error' : 'warning'}`} data-testid="share-warning">
                  <span>{shared.size.advice}</span>
                </p>
              )}
              {copied && (
                <p className="muted" role="status">
                  {copied}
                </p>
              )}
              <h3>Report of this run</h3>
              <p className="muted">Board, options, log, regions, heap use, imports, relocations and diagnostics.</p>
              <div className="share-buttons">
                <button type="button" onClick={() => report('md')} data-testid="report-md">
                  Markdown
                </button>
                <button type="button" onClick={() => report('html')} data-testid="report-html">
                  HTML
                </button>
              </div>
            </>
          )}
        </div>
        <div className="dialog-foot">
          <button
            type="button"
            disabled={!shared}
            onClick={() => shared && download(sessionFileName(shared.session), sessionFileText(shared.session), SESSION_FILE_MIME)}
            data-testid="download-session"
          >
            Download session file
          </button>
          <button
            type="button"
            className="primary"
            disabled={!shared || shared.size.level === 'too-long'}
            onClick={() => void copy()}
            data-testid="copy-link"
          >
            Copy link
          </button>
        </div>
      </dialog>
    </>
  );
}
