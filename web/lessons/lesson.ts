// Lessons as data (public/lessons/*.json): a sequence of steps with text, a
// session to load, and checkpoints the learner must reach. The reader checks
// every field, every session (with the same reader as links) and every
// checkpoint, and collects all problems instead of stopping at the first.
import { SESSION_VIEWS, type SessionView, type SharedSession } from '../share/document.js';
import { allBoards } from '@core/config/index.js';
import { checkKconfigChanges } from '../share/kconfigChanges.js';
import { decodeSessionObject } from '../share/codec.js';
import { type DecodeContext, type JsonObject, isJsonObject } from '../share/wire.js';
import { CHECK_KINDS, type Check } from './checks.js';
import type { SessionPatch } from './patch.js';

export const LESSON_FORMAT = 1;

export interface Checkpoint {
  /** What the learner must achieve, in one sentence. */
  goal: string;
  check: Check;
  /** Shown on request when the learner is stuck. */
  hint: string;
  /** The intended change; tests apply it to prove the lesson can be completed. */
  solution: SessionPatch;
}

export interface LessonStep {
  title: string;
  /** Paragraphs of plain text; `code` spans in backquotes. */
  text: string[];
  /** Loaded when the step opens; without one the learner's session carries on. */
  session: SharedSession | null;
  /** The view to show when the step opens. */
  view: SessionView | null;
  checkpoint: Checkpoint | null;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  steps: LessonStep[];
}

export interface LessonIndexEntry {
  id: string;
  title: string;
  summary: string;
}

export type LessonRead = { ok: true; lesson: Lesson } | { ok: false; errors: string[] };

class Problems {
  readonly list: string[] = [];
  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }
}

function text(o: JsonObject, key: string, where: string, p: Problems, max = 4000): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') {
    p.add(where, `"${key}" must be a non-empty string`);
    return '';
  }
  if (v.length > max) p.add(where, `"${key}" is longer than ${max} characters`);
  return v;
}

function readCheck(v: unknown, where: string, p: Problems, depth = 0): Check {
  const fallback: Check = { kind: 'fails' };
  if (!isJsonObject(v)) {
    p.add(where, 'a check must be an object');
    return fallback;
  }
  if (depth > 8) {
    p.add(where, 'checks are nested too deeply');
    return fallback;
  }
  const kind = CHECK_KINDS.find((k) => k === v.kind);
  if (!kind) {
    p.add(where, `unknown check kind ${JSON.stringify(v.kind)}; known kinds: ${CHECK_KINDS.join(', ')}`);
    return fallback;
  }
  const str = (key: string): string => text(v, key, `${where} (${kind})`, p, 400);
  const optStr = (key: string): string | undefined => (v[key] === undefined ? undefined : str(key));
  switch (kind) {
    case 'loads':
    case 'fails':
      return { kind };
    case 'errno': {
      if (typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value <= 0)
        p.add(where, 'errno "value" must be a positive integer');
      return { kind, value: Number(v.value) };
    }
    case 'logContains':
      return { kind, text: str('text') };
    case 'optionEquals': {
      const name = str('name');
      const checked = checkKconfigChanges({ [name]: v.value });
      for (const d of [...checked.dropped, ...checked.invalid]) p.add(where, d.message);
      return { kind, name, value: v.value as boolean | number | string };
    }
    case 'regionInPlace':
      return { kind, region: str('region'), ext: optStr('ext') };
    case 'regionOnHeap':
      return { kind, region: str('region'), heap: str('heap'), ext: optStr('ext') };
    case 'importResolved': {
      if (v.bySlid !== undefined && typeof v.bySlid !== 'boolean') p.add(where, '"bySlid" must be true or false');
      return { kind, name: str('name'), from: optStr('from'), bySlid: v.bySlid as boolean | undefined };
    }
    case 'relocation':
      return { kind, typeName: str('typeName'), symbol: optStr('symbol') };
    case 'board':
      return { kind, id: str('id') };
    case 'callReturns':
      return { kind, fn: str('fn'), ext: optStr('ext') };
    case 'consoleContains':
      return { kind, text: str('text') };
    case 'all':
    case 'any': {
      if (!Array.isArray(v.of) || v.of.length === 0) {
        p.add(where, `"${kind}" needs a non-empty list "of"`);
        return fallback;
      }
      return { kind, of: v.of.map((c: unknown, i) => readCheck(c, `${where}.of[${i}]`, p, depth + 1)) };
    }
    case 'not':
      return { kind, check: readCheck(v.check, `${where}.check`, p, depth + 1) };
  }
}

function readPatch(v: unknown, where: string, ctx: DecodeContext, p: Problems): SessionPatch {
  if (!isJsonObject(v)) {
    p.add(where, 'a solution must be an object');
    return {};
  }
  const patch: SessionPatch = {};
  for (const key of Object.keys(v)) {
    if (!['board', 'sample', 'config', 'exports', 'loadOrder'].includes(key)) p.add(where, `unknown solution field "${key}"`);
  }
  if (v.board !== undefined) {
    patch.board = text(v, 'board', where, p, 100);
    const boards = ctx.boards ?? allBoards().map((b) => b.id);
    if (!boards.includes(patch.board)) p.add(where, `unknown board "${patch.board}"`);
  }
  if (v.sample !== undefined) {
    patch.sample = text(v, 'sample', where, p, 100);
    if (ctx.samples && !ctx.samples.some((e) => e.id === patch.sample)) p.add(where, `unknown sample "${patch.sample}"`);
  }
  if (v.config !== undefined) {
    if (!isJsonObject(v.config)) p.add(where, '"config" must be an object');
    else {
      const checked = checkKconfigChanges(v.config);
      for (const d of [...checked.dropped, ...checked.invalid]) p.add(where, d.message);
      patch.config = checked.changes;
    }
  }
  if (v.exports !== undefined) {
    const e = v.exports;
    if (e === null) patch.exports = null;
    else if (isJsonObject(e) && (e.mode === 'merge' || e.mode === 'replace') && typeof e.text === 'string')
      patch.exports = { mode: e.mode, text: e.text };
    else p.add(where, '"exports" must be null or {mode: "merge" | "replace", text}');
  }
  if (v.loadOrder !== undefined) {
    if (v.loadOrder === null) patch.loadOrder = null;
    else if (Array.isArray(v.loadOrder) && v.loadOrder.every((n: unknown) => typeof n === 'string'))
      patch.loadOrder = v.loadOrder as string[];
    else p.add(where, '"loadOrder" must be null or a list of extension names');
  }
  if (Object.keys(patch).length === 0) p.add(where, 'the solution changes nothing');
  return patch;
}

function readStep(v: unknown, where: string, ctx: DecodeContext, p: Problems): LessonStep {
  if (!isJsonObject(v)) {
    p.add(where, 'a step must be an object');
    return { title: '', text: [], session: null, view: null, checkpoint: null };
  }
  for (const key of Object.keys(v)) {
    if (!['title', 'text', 'session', 'view', 'checkpoint'].includes(key)) p.add(where, `unknown step field "${key}"`);
  }
  const title = text(v, 'title', where, p, 200);
  const paragraphs = Array.isArray(v.text) ? v.text : [];
  if (paragraphs.length === 0 || !paragraphs.every((t: unknown) => typeof t === 'string' && t.trim() !== ''))
    p.add(where, '"text" must be a list of non-empty paragraphs');
  let session: SharedSession | null = null;
  if (v.session !== undefined) {
    if (!isJsonObject(v.session)) p.add(where, '"session" must be a session document');
    else {
      const r = decodeSessionObject(v.session, ctx);
      if (!r.ok) p.add(`${where}.session`, r.error.message);
      else {
        for (const w of r.warnings) p.add(`${where}.session`, w.message);
        session = r.session;
      }
    }
  }
  const view = SESSION_VIEWS.find((x) => x === v.view) ?? null;
  if (v.view !== undefined && view === null) p.add(where, `"view" must be one of ${SESSION_VIEWS.join(', ')}`);
  let checkpoint: Checkpoint | null = null;
  if (v.checkpoint !== undefined) {
    const c = v.checkpoint;
    if (!isJsonObject(c)) p.add(where, '"checkpoint" must be an object');
    else {
      checkpoint = {
        goal: text(c, 'goal', `${where}.checkpoint`, p, 400),
        check: readCheck(c.check, `${where}.checkpoint.check`, p),
        hint: text(c, 'hint', `${where}.checkpoint`, p, 1000),
        solution: readPatch(c.solution, `${where}.checkpoint.solution`, ctx, p),
      };
    }
  }
  return { title, text: paragraphs.filter((t: unknown): t is string => typeof t === 'string'), session, view, checkpoint };
}

/** Reads a lesson file. Never throws; every problem is listed with where it is. */
export function readLesson(raw: unknown, ctx: DecodeContext = {}): LessonRead {
  const p = new Problems();
  if (!isJsonObject(raw)) return { ok: false, errors: ['lesson: not a JSON object'] };
  if (raw.format !== LESSON_FORMAT) p.add('lesson', `"format" must be ${LESSON_FORMAT}`);
  const id = text(raw, 'id', 'lesson', p, 64);
  if (id !== '' && !/^[a-z0-9-]{1,64}$/.test(id)) p.add('lesson', `id "${id}" must be lower-case letters, digits and dashes`);
  const title = text(raw, 'title', 'lesson', p, 200);
  const summary = text(raw, 'summary', 'lesson', p, 1000);
  const stepsRaw = Array.isArray(raw.steps) ? raw.steps : [];
  if (stepsRaw.length === 0) p.add('lesson', '"steps" must be a non-empty list');
  const steps = stepsRaw.map((s: unknown, i) => readStep(s, `step ${i + 1}`, ctx, p));
  if (steps.length > 0 && steps[0].session === null) p.add('step 1', 'the first step must load a session');
  if (!steps.some((s) => s.checkpoint !== null)) p.add('lesson', 'a lesson needs at least one checkpoint');
  return p.list.length > 0 ? { ok: false, errors: p.list } : { ok: true, lesson: { id, title, summary, steps } };
}

/** Reads public/lessons/index.json: the lessons in teaching order. */
export function readLessonIndex(raw: unknown): { ok: true; lessons: LessonIndexEntry[] } | { ok: false; errors: string[] } {
  const p = new Problems();
  if (!isJsonObject(raw) || !Array.isArray(raw.lessons)) return { ok: false, errors: ['index: expected {"lessons": [...]}'] };
  const lessons = raw.lessons.map((e: unknown, i): LessonIndexEntry => {
    const where = `index entry ${i + 1}`;
    if (!isJsonObject(e)) {
      p.add(where, 'not an object');
      return { id: '', title: '', summary: '' };
    }
    return { id: text(e, 'id', where, p, 64), title: text(e, 'title', where, p, 200), summary: text(e, 'summary', where, p, 1000) };
  });
  return p.list.length > 0 ? { ok: false, errors: p.list } : { ok: true, lessons };
}

/**
 * The session each step starts from when the learner followed every earlier
 * step: the latest step session, with the solutions of the checkpoints passed
 * since then applied.
 */
export function sessionsAlongLesson(lesson: Lesson, apply: (s: SharedSession, patch: SessionPatch) => SharedSession): SharedSession[] {
  const out: SharedSession[] = [];
  let current: SharedSession | null = null;
  for (const step of lesson.steps) {
    if (step.session) current = step.session;
    if (!current) throw new Error(`lesson ${lesson.id}: step "${step.title}" has no session to start from`);
    out.push(current);
    if (step.checkpoint) current = apply(current, step.checkpoint.solution);
  }
  return out;
}
