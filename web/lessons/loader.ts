// Fetches lessons from public/lessons/ (index.json, then ID.json) and reads
// them. The fetcher is passed in, so the same code runs in the page and in tests.
import type { DecodeContext } from '../share/wire.js';
import { type Lesson, type LessonIndexEntry, readLesson, readLessonIndex } from './lesson.js';

/** Returns the parsed JSON at a path under public/lessons/, or throws. */
export type FetchLessonJson = (path: string) => Promise<unknown>;

export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

export async function loadLessonIndex(fetchJson: FetchLessonJson): Promise<Loaded<LessonIndexEntry[]>> {
  try {
    const read = readLessonIndex(await fetchJson('index.json'));
    return read.ok ? { ok: true, value: read.lessons } : { ok: false, message: `The lesson list is damaged: ${read.errors.join('; ')}` };
  } catch (e) {
    return { ok: false, message: `The lesson list could not be loaded: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function loadLesson(id: string, fetchJson: FetchLessonJson, ctx: DecodeContext): Promise<Loaded<Lesson>> {
  if (!/^[a-z0-9-]{1,64}$/.test(id)) return { ok: false, message: `There is no lesson "${id}".` };
  let raw: unknown;
  try {
    raw = await fetchJson(`${id}.json`);
  } catch {
    return { ok: false, message: `There is no lesson "${id}".` };
  }
  const read = readLesson(raw, ctx);
  if (!read.ok) return { ok: false, message: `Lesson "${id}" is damaged: ${read.errors.join('; ')}` };
  if (read.lesson.id !== id) return { ok: false, message: `Lesson file ${id}.json holds lesson "${read.lesson.id}".` };
  return { ok: true, value: read.lesson };
}

/** The shareable link of a lesson (and step, counting from 1). */
export function lessonLink(base: string, id: string, step?: number): string {
  const hash = base.indexOf('#');
  const page = hash < 0 ? base : base.slice(0, hash);
  return `${page}#lesson=${id}${step !== undefined && step > 1 ? `&step=${step}` : ''}`;
}
