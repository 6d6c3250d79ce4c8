// Saves the session shortly after it stops changing, so typing in prj.conf or
// stepping through the player does not write to IndexedDB on every keystroke,
// and flushes at once when the page is hidden or closed.
import type { SharedSession } from '../share/document.js';

export interface Saver {
  save(id: string, session: SharedSession): Promise<unknown>;
}

export class Autosaver {
  private pending: { id: string; session: SharedSession } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly saver: Saver,
    private readonly delayMs = 500,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** Records the latest state; it is written after `delayMs` without further changes. */
  schedule(id: string, session: SharedSession): void {
    // Another session's unsaved state is written now, not dropped.
    if (this.pending && this.pending.id !== id) void this.flush();
    this.pending = { id, session };
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.flush();
    }, this.delayMs);
  }

  /** Writes the latest state now (if any); resolves once it is written. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const next = this.pending;
    this.pending = null;
    if (next) {
      // Writes run one after another so an older state never lands after a newer one.
      this.chain = this.chain.then(() => this.saver.save(next.id, next.session)).then(() => undefined, this.onError);
    }
    return this.chain;
  }
}
