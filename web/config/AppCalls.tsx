// What the application does around llext_load(): with a dynamic heap it must
// hand the loader a buffer first (llext_heap_init), and it may unload
// everything afterwards, which frees the heap again.
import { useEffect, useId, useState } from 'react';
import { useSession } from '../state/session.js';
import { useConfigCheck } from './configModel.js';
import { APP_HEAP_KIB_MAX, detachedNames } from './appCallsModel.js';
import { useDeferredCommit } from './deferredCommit.js';

function KiB({ label, value, onChange, disabled }: { label: string; value: number; onChange: (v: number) => void; disabled: boolean }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const valid = (t: string): boolean => /^\d+$/.test(t) && Number(t) > 0;
  const deferred = useDeferredCommit((t) => onChange(Number(t)));
  const finish = (): void => {
    if (valid(text)) deferred.flush();
    else {
      deferred.cancel();
      setText(String(value));
    }
  };
  return (
    <span className="num-input app-size">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        max={APP_HEAP_KIB_MAX}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          if (valid(e.target.value)) deferred.schedule(e.target.value);
          else deferred.cancel();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') finish();
        }}
        onBlur={finish}
      />
      <span className="unit">KiB</span>
    </span>
  );
}

export function AppCalls() {
  const app = useSession((s) => s.app);
  const setApp = useSession((s) => s.setApp);
  const check = useConfigCheck();
  const initId = useId();
  const unloadId = useId();
  const dynamic = check?.config.isEnabled('CONFIG_LLEXT_HEAP_DYNAMIC') ?? false;
  const harvard = check?.config.isEnabled('CONFIG_HARVARD') ?? false;
  return (
    <div className="app-calls" data-testid="app-calls">
      {dynamic && (
        <div className="app-row">
          <input
            id={initId}
            type="checkbox"
            role="switch"
            className="switch"
            checked={app.heapInit}
            onChange={(e) => setApp({ heapInit: e.target.checked })}
          />
          <label htmlFor={initId}>
            Call <code>{harvard ? 'llext_heap_init_harvard()' : 'llext_heap_init()'}</code> before loading
          </label>
          {harvard ? (
            <>
              <KiB label="instr" value={app.instrKiB} onChange={(v) => setApp({ instrKiB: v })} disabled={!app.heapInit} />
              <KiB label="data" value={app.dataKiB} onChange={(v) => setApp({ dataKiB: v })} disabled={!app.heapInit} />
            </>
          ) : (
            <KiB label="size" value={app.heapKiB} onChange={(v) => setApp({ heapKiB: v })} disabled={!app.heapInit} />
          )}
        </div>
      )}
      <div className="app-row">
        <input
          id={unloadId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={app.unloadAll}
          onChange={(e) => setApp({ unloadAll: e.target.checked })}
        />
        <label htmlFor={unloadId}>Then unload everything{dynamic && app.heapInit ? ' and call llext_heap_uninit()' : ''}</label>
      </div>
      <LoadParams />
    </div>
  );
}

/** struct llext_load_param of every llext_load(): relocate_local, keep_section_info and the
 * sections the application's section_detached() callback names. */
function LoadParams() {
  const app = useSession((s) => s.app);
  const setApp = useSession((s) => s.setApp);
  const relocId = useId();
  const keepId = useId();
  const preId = useId();
  const detachedId = useId();
  const [text, setText] = useState(app.sectionDetached);
  useEffect(() => setText(app.sectionDetached), [app.sectionDetached]);
  const commit = (): void => {
    const names = detachedNames(text).join(',');
    if (/^[A-Za-z0-9_.$,-]*$/.test(names)) setApp({ sectionDetached: names });
    else setText(app.sectionDetached);
  };
  return (
    <fieldset className="app-load-params" data-testid="load-params">
      <legend>
        <code>struct llext_load_param</code>
      </legend>
      <div className="app-row">
        <input
          id={relocId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={app.relocateLocal}
          onChange={(e) => setApp({ relocateLocal: e.target.checked })}
        />
        <label htmlFor={relocId}>
          <code>relocate_local</code> (without it <code>llext_link()</code> is not called)
        </label>
      </div>
      <div className="app-row">
        <input
          id={preId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={app.preLocated}
          onChange={(e) => setApp({ preLocated: e.target.checked })}
        />
        <label htmlFor={preId}>
          <code>pre_located</code> (the application placed the sections at their ELF addresses)
        </label>
      </div>
      <div className="app-row">
        <input
          id={keepId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={app.keepSectionInfo}
          onChange={(e) => setApp({ keepSectionInfo: e.target.checked })}
        />
        <label htmlFor={keepId}>
          <code>keep_section_info</code> (keeps the section map for <code>llext_get_section_info()</code>)
        </label>
      </div>
      <div className="app-row">
        <label htmlFor={detachedId}>
          <code>section_detached</code> names
        </label>
        <input
          id={detachedId}
          type="text"
          placeholder=".text.slow, .iram0.text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
        />
      </div>
    </fieldset>
  );
}
