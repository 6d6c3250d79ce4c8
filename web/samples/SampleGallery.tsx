// The sample gallery: pick an extension by what it demonstrates, read its
// source, load it on the board it was built for.
import { useEffect, useMemo, useRef, useState } from 'react';
import { loadCatalogue, type Sample } from './catalogue.js';
import { loadSample } from './loadSample.js';
import { SourceViewer } from './SourceViewer.js';
import { useSession } from '../state/session.js';
import { Icon } from '../shell/Icon.js';

const ARCH_NAMES: Record<string, string> = {
  arm: 'ARM',
  arm64: 'ARM64',
  riscv: 'RISC-V',
  x86: 'x86 (IA-32)',
  x86_64: 'x86-64',
  xtensa: 'Xtensa',
  arc: 'ARC',
  openrisc: 'OpenRISC',
};

export function SampleGallery() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [open, setOpen] = useState(false);
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useSession((s) => s.sampleId);
  useEffect(() => {
    loadCatalogue().then(setSamples, (e: Error) => setError(e.message));
  }, []);
  const groups = useMemo(() => {
    const m = new Map<string, Sample[]>();
    for (const s of samples) m.set(s.arch, [...(m.get(s.arch) ?? []), s]);
    return [...m.entries()];
  }, [samples]);
  const picked = samples.find((s) => s.id === (pickedId ?? current)) ?? samples[0];
  const show = (): void => {
    setPickedId(current);
    setOpen(true);
    dialog.current?.showModal();
  };
  const close = (): void => {
    dialog.current?.close();
  };
  const load = async (): Promise<void> => {
    if (!picked) return;
    try {
      await loadSample(picked);
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <button type="button" onClick={show}>
        Samples…
      </button>
      <dialog ref={dialog} aria-labelledby="gallery-title" className="gallery" onClose={() => setOpen(false)}>
        <div className="dialog-head">
          <h2 id="gallery-title">Sample extensions</h2>
          <button type="button" className="icon ghost" onClick={close} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        <div className="gallery-body">
          <nav className="gallery-list" aria-label="Samples">
            {error && (
              <p className="message error">
                <span>{error}</span>
              </p>
            )}
            {groups.map(([arch, list]) => (
              <div key={arch} className="gallery-group">
                <h3>{ARCH_NAMES[arch] ?? arch}</h3>
                <ul>
                  {list.map((s) => (
                    <li key={s.id}>
                      <button type="button" className="gallery-item" aria-current={picked?.id === s.id} onClick={() => setPickedId(s.id)}>
                        <span>{s.title}</span>
                        <span className={`badge ${s.expect === 'loads' ? 'ok' : 'err'}`}>{s.expect === 'loads' ? 'loads' : 'fails'}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          {picked && (
            <article className="gallery-detail" aria-labelledby="sample-title">
              <h3 id="sample-title">{picked.title}</h3>
              <p>{picked.description}</p>
              {picked.expectNote && <p className="muted">{picked.expectNote}</p>}
              <p className="muted">
                Board <b>{picked.board}</b> · {picked.files.length} file{picked.files.length > 1 ? 's' : ''}
              </p>
              <details>
                <summary>Build command</summary>
                <pre className="flags">{picked.flags}</pre>
              </details>
              {open && <SourceViewer sources={picked.sources} />}
            </article>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void load()} disabled={!picked} data-testid="load-sample">
            Load {picked?.title ?? 'sample'}
          </button>
        </div>
      </dialog>
    </>
  );
}
