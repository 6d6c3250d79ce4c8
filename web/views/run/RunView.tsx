// Run: call an exported function of a loaded extension on the emulated CPU and read what
// happened (console output, return value, instruction count, registers; on a fault Zephyr's
// fatal text and the playground's explanation), or step through it instruction by
// instruction. A call is part of the session: pressing Run makes it the application's call
// and the engine runs again in the worker; nothing here runs code.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CallDoc } from '@core/document.js';
import { explainCall, exportedSymbols, type RunExplanation } from '@core/run/explain.js';
import { useSession } from '../../state/session.js';
import { usePlayer } from '../../state/player.js';
import { useUi, WIDE_VIEWS } from '../../state/ui.js';
import { usePointerBytes, useTimeline } from '../../player/useTimeline.js';
import { fullName } from '../../player/timeline.js';
import { addr } from '../../format/numbers.js';
import { callText, parseCallText, sameCalls, type AppCall } from '../../config/appCallsModel.js';
import { useCapstone, type CapstoneState } from '../relocations/useCapstone.js';
import { disassembleInsns } from '../relocations/disasm.js';
import { codeAround, insnWindow, nextStop } from './runModel.js';
import { cpuBudgetProblem, largerCpuBudget } from '@core/config/index.js';

export function RunView() {
  const result = useSession((s) => s.result);
  const status = useSession((s) => s.status.state);
  const calls = useSession((s) => s.app.calls);
  const cpuStop = useSession((s) => s.cpuStop);
  const budget = useSession((s) => s.app.cpuBudget);
  const setCalls = useSession((s) => s.setCalls);
  const ptr = usePointerBytes();
  const t = useTimeline();
  const arch = t?.info.get('arch') ?? '';
  const cap = useCapstone(arch);
  // The trace names extensions as Zephyr cut them (LLEXT_MAX_NAME_LEN); calls use the whole name.
  const exported = useMemo(
    () => (result ? exportedSymbols(result.events).map((x) => ({ ...x, ext: fullName(t, x.ext) })) : []),
    [result, t],
  );
  const [text, setText] = useState(() => (calls[0] ? callText(calls[0]) : ''));
  const [ext, setExt] = useState<string | undefined>(calls[0]?.ext);
  const [error, setError] = useState<string | null>(null);
  /** The budget as typed; it applies at the next Run or Step. */
  const [budgetText, setBudgetText] = useState(() => budget.toLocaleString('en-US'));
  const [budgetError, setBudgetError] = useState<string | null>(null);
  // A budget set elsewhere (a link, a saved session, the button after a call ran out of it).
  useEffect(() => {
    setBudgetText(budget.toLocaleString('en-US'));
    setBudgetError(null);
  }, [budget]);
  /** What is typed, for the effect below (which runs on new results, not on typing). */
  const typed = useRef(text);
  typed.current = text;
  const ids = useId();
  // After each run: the call the session makes (pressed Run, a link, a saved session) shows in
  // the field; without one, a typed name no loaded extension exports gives way to the first
  // exported function.
  useEffect(() => {
    const call = calls[0];
    if (call) {
      setText(callText(call));
      setExt(call.ext);
      return;
    }
    const first = exported.find((x) => x.code) ?? exported[0];
    const name = typed.current.replace(/\(.*$/s, '').trim();
    if (first && !exported.some((x) => x.name === name)) {
      setText(`${first.name}()`);
      setExt(first.ext);
    }
  }, [calls, exported]);
  const explanations = useMemo(() => {
    if (!result) return [];
    return result.document.calls.map((_, i) => explainCall(result.events, result.document, i, { engineInput: result.engineInput }));
  }, [result]);

  if (!result) return <p className="empty">No run yet: load an extension first.</p>;

  const parse = (): AppCall | null => {
    const parsed = parseCallText(text, exported, ptr, ext);
    if (!parsed.ok) {
      setError(parsed.message);
      return null;
    }
    setError(null);
    return parsed.call;
  };
  /** The typed budget (digits, with optional , _ or space between groups), or null after saying what is wrong. */
  const parseBudget = (): number | null => {
    const t = budgetText.trim().replace(/[,_ ]/g, '');
    const n = /^[0-9]+$/.test(t) ? Number(t) : NaN;
    const problem = cpuBudgetProblem(n);
    if (problem !== null) {
      setBudgetError(`The instruction budget ${problem}.`);
      return null;
    }
    setBudgetError(null);
    return n;
  };
  const run = (): void => {
    const call = parse();
    const b = parseBudget();
    if (call && b !== null) setCalls([call], null, b);
  };
  const step = (): void => {
    const call = parse();
    const b = parseBudget();
    if (!call || b === null) return;
    // Stepping the same call goes one instruction further; another call starts from its first.
    setCalls([call], nextStop(sameCalls([call], calls) ? cpuStop : null, b), b);
  };
  const finish = (): void => setCalls(calls, null);
  /** After a call ran out of its budget: the same calls again with ten times as many instructions. */
  const more = (b: number): void => setCalls(calls, null, b);
  const back = (): void => setCalls(calls, cpuStop !== null && cpuStop > 1 ? cpuStop - 1 : cpuStop);
  const pending = status === 'running';
  const failedCall = calls.length > 0 && result.document.calls.length === 0 ? result.document.message : '';
  const typedName = text.replace(/\(.*$/s, '').trim();
  const picked = exported.find((x) => x.name === typedName && x.ext === ext) ?? exported.find((x) => x.name === typedName);

  return (
    <div className="run-view">
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <div className="run-field">
          <label htmlFor={`${ids}-pick`}>Exported symbol</label>
          <select
            id={`${ids}-pick`}
            value={picked ? `${picked.ext}\u0000${picked.name}` : ''}
            onChange={(e) => {
              const [x, name] = e.target.value.split('\u0000');
              if (!name) return;
              setExt(x);
              setText(`${name}()`);
              setError(null);
            }}
          >
            <option value="">{exported.length === 0 ? 'nothing exported' : 'choose…'}</option>
            {exported.map((x) => (
              <option key={`${x.ext}-${x.name}`} value={`${x.ext}\u0000${x.name}`}>
                {x.name}
                {x.code ? '' : ' (data)'} · {x.ext}
              </option>
            ))}
          </select>
        </div>
        <div className="run-field run-field-call">
          <label htmlFor={`${ids}-call`}>Call</label>
          <input
            id={`${ids}-call`}
            className="mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={text}
            placeholder="ext_count(2)"
            aria-invalid={error !== null}
            aria-describedby={`${ids}-help${error ? ` ${ids}-error` : ''}`}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="run-field run-field-budget">
          <label htmlFor={`${ids}-budget`}>Budget (instructions)</label>
          <input
            id={`${ids}-budget`}
            className="mono"
            type="text"
            inputMode="numeric"
            spellCheck={false}
            autoComplete="off"
            value={budgetText}
            aria-invalid={budgetError !== null}
            aria-describedby={`${ids}-budget-help${budgetError ? ` ${ids}-budget-error` : ''}`}
            onChange={(e) => setBudgetText(e.target.value)}
          />
        </div>
        <div className="run-buttons">
          <button type="submit" className="primary" disabled={pending}>
            Run
          </button>
          <button type="button" onClick={step} disabled={pending} title="Stop after one more instruction">
            Step
          </button>
          {cpuStop !== null && (
            <button type="button" onClick={back} disabled={pending || cpuStop <= 1} title="Stop one instruction earlier">
              Step back
            </button>
          )}
          {cpuStop !== null && (
            <button type="button" onClick={finish} disabled={pending}>
              Run to the end
            </button>
          )}
        </div>
        <p id={`${ids}-help`} className="run-help muted">
          Integer arguments: decimal, 0x hex or negative, e.g. <span className="mono">ext_count(2)</span>. Step stops the call after one
          more instruction{cpuStop !== null ? ` (now after ${cpuStop})` : ''}.{' '}
          <span id={`${ids}-budget-help`}>
            The budget is how many instructions a call may run before the playground stops it (an endless loop would run forever on the
            device).
          </span>
        </p>
        {error && (
          <p id={`${ids}-error`} className="message error" role="alert">
            {error}
          </p>
        )}
        {budgetError && (
          <p id={`${ids}-budget-error`} className="message error" role="alert">
            {budgetError}
          </p>
        )}
      </form>
      <p className="visually-hidden" role="status" aria-live="polite">
        {pending ? 'Running…' : explanations.map((x) => x?.headline ?? '').join(' ')}
      </p>
      {calls.length === 0 && result.document.calls.length === 0 && (
        <p className="empty">Pick a function and press Run: the extension's code runs on the emulated CPU after the loads.</p>
      )}
      {failedCall && (
        <p className="message error" role="note">
          The call was not made: {failedCall}
        </p>
      )}
      {result.document.calls.map((c, i) => (
        <CallResult
          key={i}
          call={c}
          extName={fullName(t, c.ext)}
          x={explanations[i] ?? null}
          ptr={ptr}
          cap={cap}
          arch={arch}
          stale={pending}
          budget={budget}
          onMoreBudget={more}
        />
      ))}
    </div>
  );
}

interface CallProps {
  call: CallDoc;
  extName: string;
  x: RunExplanation | null;
  ptr: number;
  cap: CapstoneState;
  arch: string;
  stale: boolean;
  /** The instruction budget the call ran with, and how to run the calls again with another. */
  budget: number;
  onMoreBudget: (budget: number) => void;
}

function CallResult({ call, extName, x, ptr, cap, arch, stale, budget, onMoreBudget }: CallProps) {
  const select = usePlayer((s) => s.select);
  const setView = useUi((s) => s.setView);
  const headId = useId();
  const fault = call.fault;
  const stopped = fault?.kind === 'stopped';
  const failed = fault !== null && !stopped;
  // The board's CPU is not emulated: nothing ran, nothing went wrong in the code.
  const notRun = fault?.kind === 'not-emulated' && call.instructions === 0 && fault.text === '';
  // Out of budget, or at an image function the playground does not emulate: not a fault (on
  // the device the call would still be running, or go on into that function).
  const outOfBudget = fault?.kind === 'step-budget';
  const notEmulated = fault?.kind === 'not-emulated' && !notRun;
  const limit = outOfBudget || notEmulated;
  const showReloc = (n: number): void => {
    select({ kind: 'reloc', n });
    setView('relocations');
  };
  const showAddr = (a: bigint): void => {
    select({ kind: 'addr', addr: a });
    // Where Memory is always shown beside the tabs, the Run view stays open.
    if (!window.matchMedia(WIDE_VIEWS).matches) setView('memory');
  };
  const badAddr = x && x.target ? x.addr : x?.pc;
  return (
    <section className={`run-call${stale ? ' stale' : ''}`} aria-labelledby={headId}>
      <h3 id={headId} className="run-call-title">
        <span className="mono">
          {call.fn}({call.args})
        </span>{' '}
        <span className="muted">in {extName}</span>
        <span className={`badge ${notRun ? 'neutral' : limit ? 'warn' : failed ? 'err' : stopped ? 'warn' : 'ok'}`}>
          {notRun
            ? 'not run'
            : outOfBudget
              ? 'out of budget'
              : notEmulated
                ? 'stopped: not emulated'
                : failed
                  ? `fault: ${fault.kind}`
                  : stopped
                    ? 'stopped'
                    : 'returned'}
        </span>
      </h3>
      {x && <p className={`run-headline${failed && !notRun && !limit ? ' bad' : ''}`}>{x.headline}</p>}
      {fault?.kind === 'step-budget' && <MoreBudget budget={budget} onMoreBudget={onMoreBudget} stale={stale} />}
      <dl className="facts run-facts">
        <div>
          <dt>{stopped ? 'Return register now' : 'Return value'}</dt>
          <dd className="mono">{failed ? '—' : stopped ? call.ret : `${call.ret} (${BigInt(call.ret).toString()})`}</dd>
        </div>
        <div>
          <dt>Instructions</dt>
          <dd className="mono">{call.instructions}</dd>
        </div>
        {fault && (
          <div>
            <dt>{stopped || outOfBudget ? 'Next instruction' : notRun ? 'Entry' : notEmulated ? 'Called function' : 'Faulting pc'}</dt>
            <dd className="mono">{fault.pc}</dd>
          </div>
        )}
      </dl>
      <h4>Console output</h4>
      <pre className="run-console" tabIndex={0} aria-label={`Console output of ${call.fn}`}>
        {call.console === '' ? <span className="muted">(nothing printed)</span> : call.console}
      </pre>
      {failed && x && !notRun && (x.details.length > 0 || x.reloc) && (
        <div className="run-explain">
          <h4>What happened</h4>
          <ul>
            {x.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
          <div className="run-links">
            {x.reloc && (
              <button type="button" className="small" onClick={() => showReloc(x.reloc!.n)}>
                Show relocation #{x.reloc.n} ({x.reloc.typeName} at {x.reloc.section}+0x{x.reloc.offset.toString(16)})
              </button>
            )}
            {badAddr !== undefined && fault.kind !== 'not-emulated' && (
              <button type="button" className="small" onClick={() => showAddr(badAddr)}>
                Show {addr(badAddr, ptr)} in Memory
              </button>
            )}
          </div>
        </div>
      )}
      {failed && !limit && fault.text !== '' && (
        <>
          <h4>Zephyr's fatal error</h4>
          <pre className="run-console run-fatal" tabIndex={0} aria-label="Zephyr's fatal error text">
            {fault.text}
          </pre>
        </>
      )}
      {stopped && x && <Disassembly x={x} ptr={ptr} cap={cap} arch={arch} onShow={() => showAddr(x.pc)} />}
      {x && x.registers.length > 0 && !notRun && (
        <>
          <h4>Registers</h4>
          <dl className="run-regs" aria-label="Registers">
            {x.registers.map((r) => (
              <div key={r.name}>
                <dt>{r.name}</dt>
                <dd className="mono">{addr(r.value, ptr)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

/** After a call ran out of its instruction budget: run it again with ten times as many. */
function MoreBudget({ budget, onMoreBudget, stale }: { budget: number; onMoreBudget: (b: number) => void; stale: boolean }) {
  const larger = largerCpuBudget(budget);
  if (larger === null) {
    return (
      <p className="run-budget muted">
        It used the largest budget the playground runs ({budget.toLocaleString('en-US')} instructions): the loop may not end.
      </p>
    );
  }
  return (
    <p className="run-budget">
      <button type="button" className="small" disabled={stale} onClick={() => onMoreBudget(larger)}>
        Run again with {larger.toLocaleString('en-US')} instructions
      </button>{' '}
      <span className="muted">A loop that ends only after more work than the budget allows finishes then; an endless one stops again.</span>
    </p>
  );
}

function Disassembly({
  x,
  ptr,
  cap,
  arch,
  onShow,
}: {
  x: RunExplanation;
  ptr: number;
  cap: CapstoneState;
  arch: string;
  onShow: () => void;
}) {
  const result = useSession((s) => s.result);
  const code = result ? codeAround(result.events, x.pc) : null;
  // A Thumb function pointer has bit 0 set (Cortex-M runs only Thumb code).
  const thumb = arch === 'arm' && (x.entry & 1n) === 1n;
  let body: React.ReactNode;
  if (!code) body = <p className="empty">The next instruction is not in a loaded section, so there is nothing to disassemble.</p>;
  else if (cap.state !== 'ready')
    body = <p className="empty">{cap.state === 'loading' ? 'Loading the disassembler…' : `No disassembler for ${arch}.`}</p>;
  else {
    const insns = disassembleInsns(cap.cs, { arch, ptrBytes: ptr, thumb, bigEndian: false }, code.bytes, code.addr);
    const w = insns ? insnWindow(insns, x.pc) : null;
    body = w ? (
      <ol className="run-disasm">
        {w.insns.map((i, k) => (
          <li
            key={String(i.address)}
            className={k === w.current ? 'current' : undefined}
            aria-current={k === w.current ? 'true' : undefined}
          >
            <span className="mono addr">{addr(i.address, ptr)}</span>
            <span className="mono">{i.text}</span>
            {k === w.current && <span className="run-next">next</span>}
          </li>
        ))}
      </ol>
    ) : (
      <p className="empty">These bytes do not decode as instructions.</p>
    );
  }
  return (
    <div className="run-step">
      <div className="run-step-head">
        <h4>Code around pc</h4>
        <button type="button" className="small" onClick={onShow}>
          Show pc in Memory
        </button>
      </div>
      {x.details.map((d, i) => (
        <p key={i} className="muted">
          {d}
        </p>
      ))}
      {body}
    </div>
  );
}
