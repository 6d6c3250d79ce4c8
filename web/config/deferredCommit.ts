// A field edit is committed (and the engine re-run) on Enter, on blur, or after
// a short pause in typing, never on every keystroke: typing "16" must not run
// the loader with 1 first.
import { useEffect, useRef } from 'react';

export const COMMIT_PAUSE_MS = 600;

export interface Timers {
  set: (f: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const WINDOW_TIMERS: Timers = {
  set: (f, ms) => setTimeout(f, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class DeferredCommit {
  private handle: unknown = null;
  private pending: string | null = null;

  constructor(
    private readonly commit: (value: string) => void,
    private readonly timers: Timers = WINDOW_TIMERS,
    private readonly ms = COMMIT_PAUSE_MS,
  ) {}

  /** The field changed: commit `value` once typing pauses. */
  schedule(value: string): void {
    this.cancel();
    this.pending = value;
    this.handle = this.timers.set(() => this.flush(), this.ms);
  }

  /** Enter or blur: commit what is pending now. */
  flush(): void {
    const value = this.pending;
    this.cancel();
    if (value !== null) this.commit(value);
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
    this.pending = null;
  }
}

/** A DeferredCommit for a component; pending edits are committed when it unmounts. */
export function useDeferredCommit(commit: (value: string) => void): DeferredCommit {
  const latest = useRef(commit);
  latest.current = commit;
  const ref = useRef<DeferredCommit | null>(null);
  ref.current ??= new DeferredCommit((v) => latest.current(v));
  useEffect(() => {
    const d = ref.current;
    return () => d?.flush();
  }, []);
  return ref.current;
}
