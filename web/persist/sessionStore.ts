// Saved sessions in IndexedDB: every session the user works on (including the
// files they dropped) is kept under its own id, with a small index for the
// recent-sessions list and a pointer to the one that was open last. Sessions
// are stored in the shared document's JSON form, so a session saved by an older
// version goes through the same migration and checks as an old link.
import { createStore, del, get, set, update, type UseStore } from 'idb-keyval';
import { decodeSessionObject } from '../share/codec.js';
import type { DecodeResult, SharedSession } from '../share/document.js';
import { type DecodeContext, type JsonObject, isJsonObject, sessionToJson } from '../share/wire.js';

export const RECENT_LIMIT = 20;

export interface RecentSession {
  id: string;
  title: string;
  board: string;
  /** Sample id, or the extension file names. */
  what: string;
  createdAt: number;
  savedAt: number;
}

interface StoredSession {
  id: string;
  doc: JsonObject;
}

const INDEX_KEY = 'index';
const CURRENT_KEY = 'current';
const sessionKey = (id: string): string => `session:${id}`;

/** The title shown in the list: the session's own, else what it loads and where. */
export function sessionTitle(s: SharedSession): string {
  if (s.title) return s.title;
  return `${describeSource(s)} on ${s.board}`;
}

function describeSource(s: SharedSession): string {
  if (s.source.kind === 'sample') return s.source.id;
  return s.source.files
    .filter((f) => f.role === 'extension')
    .map((f) => f.name)
    .join(', ');
}

function readIndex(v: unknown): RecentSession[] {
  return Array.isArray(v)
    ? v.filter((e): e is RecentSession => isJsonObject(e) && typeof e.id === 'string' && typeof e.savedAt === 'number')
    : [];
}

export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class SessionStore {
  private readonly store: UseStore;

  constructor(dbName = 'llext-playground', storeName = 'sessions') {
    this.store = createStore(dbName, storeName);
  }

  /** Saves a session under `id`, makes it the current one and puts it at the top of the recent list. */
  async save(id: string, session: SharedSession, now: number = Date.now()): Promise<RecentSession> {
    const stored: StoredSession = { id, doc: sessionToJson(session) };
    await set(sessionKey(id), stored, this.store);
    let entry: RecentSession | undefined;
    let evicted: string[] = [];
    await update(
      INDEX_KEY,
      (old: unknown) => {
        const index = readIndex(old);
        const previous = index.find((e) => e.id === id);
        entry = {
          id,
          title: sessionTitle(session),
          board: session.board,
          what: describeSource(session),
          createdAt: previous?.createdAt ?? now,
          savedAt: now,
        };
        const rest = index.filter((e) => e.id !== id).sort((a, b) => b.savedAt - a.savedAt);
        evicted = rest.slice(RECENT_LIMIT - 1).map((e) => e.id);
        return [entry, ...rest.slice(0, RECENT_LIMIT - 1)];
      },
      this.store,
    );
    await Promise.all(evicted.map((old) => del(sessionKey(old), this.store)));
    await set(CURRENT_KEY, id, this.store);
    if (!entry) throw new Error('session index update did not run');
    return entry;
  }

  /** Recent sessions, most recently saved first. */
  async list(): Promise<RecentSession[]> {
    return readIndex(await get(INDEX_KEY, this.store)).sort((a, b) => b.savedAt - a.savedAt);
  }

  async currentId(): Promise<string | null> {
    const id: unknown = await get(CURRENT_KEY, this.store);
    return typeof id === 'string' ? id : null;
  }

  /** The saved session `id`, read like a link (migrated and checked); null when there is none. */
  async load(id: string, ctx: DecodeContext = {}): Promise<DecodeResult | null> {
    const stored: unknown = await get(sessionKey(id), this.store);
    if (!isJsonObject(stored) || !isJsonObject(stored.doc)) return null;
    return decodeSessionObject(stored.doc, ctx);
  }

  /** The session that was open last, for restoring after a reload. */
  async loadCurrent(ctx: DecodeContext = {}): Promise<{ id: string; result: DecodeResult } | null> {
    const id = await this.currentId();
    if (id === null) return null;
    const result = await this.load(id, ctx);
    return result ? { id, result } : null;
  }

  async remove(id: string): Promise<void> {
    await update(INDEX_KEY, (old: unknown) => readIndex(old).filter((e) => e.id !== id), this.store);
    await del(sessionKey(id), this.store);
    if ((await this.currentId()) === id) await del(CURRENT_KEY, this.store);
  }
}
