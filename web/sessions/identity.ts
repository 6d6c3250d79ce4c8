// Which saved session the open one is. A new id starts when the user loads
// something new (a sample, dropped files, a link); edits keep the id, so the
// recent list shows one entry per piece of work rather than one per change.
import { newSessionId } from '../persist/sessionStore.js';

let current: string | null = null;
let keepNext = false;
let title: string | null = null;

export function sessionId(): string {
  current ??= newSessionId();
  return current;
}

/** Continue a saved session (restoring it or reopening it from the list). */
export function adoptSessionId(id: string): void {
  current = id;
  keepNext = true;
}

/** The next complete replacement of the files is a continuation, not new work (a lesson's solution, say). */
export function keepSessionIdOnce(): void {
  keepNext = true;
}

/** Called when the files were replaced as a whole: new work gets a new id unless the caller said otherwise. */
export function filesReplaced(): void {
  if (keepNext) {
    keepNext = false;
    return;
  }
  current = newSessionId();
  title = null;
}

/** The open session's own title (a lesson's, say), kept until new work replaces it. */
export function sessionTitle(): string | null {
  return title;
}

export function setSessionTitle(t: string | null): void {
  title = t;
}
