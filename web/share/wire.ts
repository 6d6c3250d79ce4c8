// The JSON form of a session document (version 2) and its strict reader. The
// reader checks every field and reports, never guesses: a value this version no
// longer has is a warning or an error with the value named, not a silent default.
import { allBoards, cpuBudgetProblem } from '@core/config/index.js';
import { extensionNameOf } from '@core/session.js';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import {
  FILE_ROLES,
  SESSION_VERSION,
  SESSION_VIEWS,
  type DecodeResult,
  type ExportChanges,
  type FileRole,
  type Problem,
  type SessionFileV1,
  type SessionSource,
  type SessionView,
  type SharedSession,
} from './document.js';
import { checkKconfigChanges } from './kconfigChanges.js';
import { LIMITS } from './limits.js';
import { SAMPLE_CHECK_PATTERN } from './sampleCheck.js';
import {
  APP_CALL_ARGS_MAX,
  APP_CALL_NAME_MAX,
  APP_CALLS_MAX,
  APP_HEAP_KIB_MAX,
  DEFAULT_APP_SETTINGS,
  parseCallArgument,
  sameAppSettings,
  type AppCall,
  type AppSettings,
} from '../config/appCallsModel.js';

/** What a catalogue entry needs for checking a sample reference (public/samples/index.json rows fit). */
export interface SampleEntry {
  id: string;
  files: readonly { path: string; role: string }[];
}

export interface DecodeContext {
  /** Known samples; when absent, sample ids are not checked. */
  samples?: readonly SampleEntry[];
  /** Known board ids; default: every board of this version. */
  boards?: readonly string[];
}

export type JsonObject = { [key: string]: unknown };

const KNOWN_KEYS = ['v', 'board', 'config', 'exports', 'app', 'sample', 'sampleCheck', 'files', 'load', 'step', 'view', 'title'];

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Session -> the JSON object that is compressed into links and written to session files. */
export function sessionToJson(s: SharedSession): JsonObject {
  const out: JsonObject = { v: SESSION_VERSION, board: s.board };
  if (Object.keys(s.config).length > 0) out.config = s.config;
  if (s.exports) out.exports = { mode: s.exports.mode, text: s.exports.text };
  if (!sameAppSettings(s.app, DEFAULT_APP_SETTINGS)) out.app = appToJson(s.app);
  if (s.source.kind === 'sample') {
    out.sample = s.source.id;
    if (s.source.check !== undefined) out.sampleCheck = s.source.check;
  } else out.files = s.source.files.map((f) => ({ name: f.name, role: f.role, data: encodeBase64url(f.bytes) }));
  if (s.loadOrder) out.load = s.loadOrder;
  if (s.step !== null) out.step = s.step;
  if (s.view !== null) out.view = s.view;
  if (s.title !== null) out.title = s.title;
  return out;
}

/** The app settings as JSON: call arguments as decimal strings (JSON has no 64-bit integers). */
function appToJson(app: AppSettings): JsonObject {
  const { calls, ...rest } = app;
  const out: JsonObject = { ...rest };
  if (calls.length > 0) out.calls = calls.map((c) => ({ ext: c.ext, fn: c.fn, args: c.args.map((v) => v.toString()) }));
  return out;
}

class Invalid extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(code: string, message: string): never {
  throw new Invalid(code, message);
}

function str(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string') fail('bad-field', `"${field}" must be a string, not ${describe(v)}.`);
  if (v.length > max) fail('bad-field', `"${field}" is longer than ${max} characters.`);
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function readBoard(v: unknown, ctx: DecodeContext): string {
  const board = str(v, 'board', 100);
  const boards = ctx.boards ?? allBoards().map((b) => b.id);
  if (!boards.includes(board)) {
    fail(
      'unknown-board',
      `This session is for board "${board}", which this version of the playground does not have. Boards available: ${boards.join(', ')}.`,
    );
  }
  return board;
}

function readExports(v: unknown): ExportChanges | null {
  if (v === undefined) return null;
  if (!isJsonObject(v)) fail('bad-field', `"exports" must be an object with "mode" and "text", not ${describe(v)}.`);
  const mode = v.mode;
  if (mode !== 'merge' && mode !== 'replace') fail('bad-field', `"exports.mode" must be "merge" or "replace", not ${describe(mode)}.`);
  return { mode, text: str(v.text, 'exports.text', LIMITS.exportText) };
}

function readFiles(v: unknown): SessionFileV1[] {
  if (!Array.isArray(v)) fail('bad-field', `"files" must be a list, not ${describe(v)}.`);
  if (v.length === 0) fail('bad-field', '"files" is empty: a session needs at least one extension.');
  if (v.length > LIMITS.files) fail('too-many-files', `The session has ${v.length} files; at most ${LIMITS.files} are allowed.`);
  const files = v.map((raw: unknown, i): SessionFileV1 => {
    const where = `files[${i}]`;
    if (!isJsonObject(raw)) fail('bad-field', `"${where}" must be an object, not ${describe(raw)}.`);
    const name = str(raw.name, `${where}.name`, LIMITS.fileName);
    if (name === '' || /[\u0000-\u001f/\\]/.test(name)) fail('bad-field', `"${where}.name" (${describe(name)}) is not a plain file name.`);
    const role = raw.role;
    if (!FILE_ROLES.some((r) => r === role))
      fail('bad-field', `"${where}.role" must be ${FILE_ROLES.map((r) => `"${r}"`).join(' or ')}, not ${describe(role)}.`);
    const data = str(raw.data, `${where}.data`, Math.ceil((LIMITS.fileBytes * 4) / 3) + 4);
    const decoded = decodeBase64url(data);
    if (!decoded.ok) fail('bad-field', `"${where}.data" of ${name}: ${decoded.message}.`);
    if (decoded.bytes.length === 0) fail('bad-field', `${name} is empty.`);
    return { name, role: role as FileRole, bytes: decoded.bytes };
  });
  if (!files.some((f) => f.role === 'extension')) fail('bad-field', 'The session has no extension file.');
  if (files.filter((f) => f.role === 'zephyr-elf').length > 1) fail('bad-field', 'The session has more than one Zephyr image.');
  return files;
}

function readSource(o: JsonObject, ctx: DecodeContext): SessionSource {
  if (o.sample !== undefined && o.files !== undefined)
    fail('bad-field', 'The session names a sample and carries files; it must do one or the other.');
  if (o.sample !== undefined) {
    const id = str(o.sample, 'sample', 100);
    if (ctx.samples && !ctx.samples.some((s) => s.id === id)) {
      fail('unknown-sample', `This session uses sample "${id}", which this version of the playground does not have.`);
    }
    if (o.sampleCheck === undefined) return { kind: 'sample', id };
    const check = str(o.sampleCheck, 'sampleCheck', 200);
    if (!SAMPLE_CHECK_PATTERN.test(check))
      fail('bad-field', `"sampleCheck" must be up to ${LIMITS.files} groups of eight hex digits joined by dots, not ${describe(check)}.`);
    return { kind: 'sample', id, check };
  }
  if (o.sampleCheck !== undefined) fail('bad-field', '"sampleCheck" belongs to a session that names a sample.');
  if (o.files !== undefined) return { kind: 'files', files: readFiles(o.files) };
  return fail('bad-field', 'The session names neither a sample nor files.');
}

function extensionNames(source: SessionSource, ctx: DecodeContext): string[] | null {
  if (source.kind === 'files') return source.files.filter((f) => f.role === 'extension').map((f) => extensionNameOf(f.name));
  const entry = ctx.samples?.find((s) => s.id === source.id);
  return entry ? entry.files.filter((f) => f.role === 'extension').map((f) => extensionNameOf(f.path)) : null;
}

function readLoadOrder(v: unknown, names: string[] | null): string[] | null {
  if (v === undefined) return null;
  if (!Array.isArray(v)) fail('bad-field', `"load" must be a list of extension names, not ${describe(v)}.`);
  if (v.length === 0 || v.length > LIMITS.files) fail('bad-field', `"load" must name between 1 and ${LIMITS.files} extensions.`);
  const order = v.map((n: unknown, i) => str(n, `load[${i}]`, LIMITS.fileName));
  if (new Set(order).size !== order.length) fail('bad-field', '"load" names an extension twice.');
  if (names) {
    const missing = order.filter((n) => !names.includes(n));
    if (missing.length > 0)
      fail(
        'bad-field',
        `"load" names ${missing.map((n) => `"${n}"`).join(', ')}, which the session's files do not provide (they provide ${names.join(', ')}).`,
      );
  }
  return order;
}

function readStep(v: unknown): number | null {
  if (v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > LIMITS.step) {
    fail('bad-field', `"step" must be a whole number from 0 to ${LIMITS.step}, not ${describe(v)}.`);
  }
  return v;
}

function readView(v: unknown, warnings: Problem[]): SessionView | null {
  if (v === undefined) return null;
  const view = SESSION_VIEWS.find((x) => x === v);
  if (view) return view;
  warnings.push({
    code: 'unknown-view',
    message: `The session opens the view ${describe(v)}, which this version does not have; the current view is kept.`,
  });
  return null;
}

function readApp(v: unknown): AppSettings {
  if (v === undefined) return { ...DEFAULT_APP_SETTINGS };
  if (!isJsonObject(v)) fail('bad-field', `"app" must be an object, not ${describe(v)}.`);
  for (const key of Object.keys(v)) {
    if (!(key in DEFAULT_APP_SETTINGS)) fail('bad-field', `"app" has a field "${key}" this version does not know.`);
  }
  const flag = (key: 'heapInit' | 'unloadAll' | 'relocateLocal' | 'preLocated' | 'keepSectionInfo'): boolean => {
    const x = v[key] ?? DEFAULT_APP_SETTINGS[key];
    if (typeof x !== 'boolean') fail('bad-field', `"app.${key}" must be true or false, not ${describe(x)}.`);
    return x;
  };
  const kib = (key: 'heapKiB' | 'instrKiB' | 'dataKiB'): number => {
    const x = v[key] ?? DEFAULT_APP_SETTINGS[key];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > APP_HEAP_KIB_MAX) {
      fail('bad-field', `"app.${key}" must be a whole number of KiB from 1 to ${APP_HEAP_KIB_MAX}, not ${describe(x)}.`);
    }
    return x;
  };
  return {
    calls: readCalls(v.calls),
    heapInit: flag('heapInit'),
    heapKiB: kib('heapKiB'),
    instrKiB: kib('instrKiB'),
    dataKiB: kib('dataKiB'),
    unloadAll: flag('unloadAll'),
    relocateLocal: flag('relocateLocal'),
    preLocated: flag('preLocated'),
    keepSectionInfo: flag('keepSectionInfo'),
    sectionDetached: detached(v.sectionDetached),
    cpuBudget: cpuBudget(v.cpuBudget),
  };
}

const CALL_NAME = /^[A-Za-z_][A-Za-z0-9_.$]*$/;

/** `app.calls`: up to APP_CALLS_MAX calls of `{ ext, fn, args }`, each argument an integer
 * string that fits 64 bits (the engine's registers are at most that wide). */
function readCalls(v: unknown): AppCall[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail('bad-field', `"app.calls" must be a list, not ${describe(v)}.`);
  if (v.length > APP_CALLS_MAX) fail('bad-field', `"app.calls" has ${v.length} calls; at most ${APP_CALLS_MAX} are allowed.`);
  return v.map((raw: unknown, i): AppCall => {
    const where = `app.calls[${i}]`;
    if (!isJsonObject(raw)) fail('bad-field', `"${where}" must be an object with "ext", "fn" and "args", not ${describe(raw)}.`);
    for (const key of Object.keys(raw)) {
      if (key !== 'ext' && key !== 'fn' && key !== 'args') fail('bad-field', `"${where}" has a field "${key}" this version does not know.`);
    }
    const ext = str(raw.ext, `${where}.ext`, LIMITS.fileName);
    if (!/^[A-Za-z0-9_.-]+$/.test(ext)) fail('bad-field', `"${where}.ext" (${describe(ext)}) is not an extension name.`);
    const fn = str(raw.fn, `${where}.fn`, APP_CALL_NAME_MAX);
    if (!CALL_NAME.test(fn)) fail('bad-field', `"${where}.fn" (${describe(fn)}) is not a function name.`);
    const args = raw.args ?? [];
    if (!Array.isArray(args)) fail('bad-field', `"${where}.args" must be a list of integers, not ${describe(args)}.`);
    if (args.length > APP_CALL_ARGS_MAX)
      fail('bad-field', `"${where}.args" has ${args.length} arguments; a call passes at most ${APP_CALL_ARGS_MAX}.`);
    return {
      ext,
      fn,
      args: args.map((a: unknown, k) => {
        if (typeof a !== 'string' && !(typeof a === 'number' && Number.isSafeInteger(a)))
          fail('bad-field', `"${where}.args[${k}]" must be an integer written as a string, not ${describe(a)}.`);
        const value = parseCallArgument(String(a), 8);
        if (typeof value === 'string') fail('bad-field', `"${where}.args[${k}]": ${value}.`);
        return value;
      }),
    };
  });
}

/** "app.cpuBudget": instructions per call, 1 to CPU_BUDGET_MAX (absent: the engine's default). */
function cpuBudget(v: unknown): number {
  if (v === undefined) return DEFAULT_APP_SETTINGS.cpuBudget;
  const problem = cpuBudgetProblem(v);
  if (problem !== null) fail('bad-field', `"app.cpuBudget" ${problem}, not ${describe(v)}.`);
  return v as number;
}

/** "app.sectionDetached": section names for the section_detached() callback, comma-separated. */
function detached(x: unknown): string {
  if (x === undefined) return DEFAULT_APP_SETTINGS.sectionDetached;
  if (typeof x !== 'string' || x.length > 1024 || !/^[A-Za-z0-9_.$, -]*$/.test(x)) {
    fail('bad-field', `"app.sectionDetached" must be section names separated by commas, not ${describe(x)}.`);
  }
  return x;
}

function readConfig(v: unknown, warnings: Problem[]): SharedSession['config'] {
  if (v === undefined) return {};
  if (!isJsonObject(v)) fail('bad-field', `"config" must be an object of CONFIG_ names and values, not ${describe(v)}.`);
  if (Object.keys(v).length > LIMITS.configEntries) fail('bad-field', `"config" has more than ${LIMITS.configEntries} entries.`);
  const checked = checkKconfigChanges(v);
  if (checked.invalid.length > 0) fail('bad-config', checked.invalid.map((p) => p.message).join(' '));
  for (const d of checked.dropped) warnings.push({ code: 'unknown-option', message: d.message });
  return checked.changes;
}

/** Reads a version-2 JSON object. Never throws. */
export function readSessionJson(o: JsonObject, ctx: DecodeContext = {}): DecodeResult {
  const warnings: Problem[] = [];
  try {
    if (o.v !== SESSION_VERSION) fail('bad-version', `Expected a version ${SESSION_VERSION} session, got version ${describe(o.v)}.`);
    for (const key of Object.keys(o)) {
      if (!KNOWN_KEYS.includes(key))
        warnings.push({ code: 'unknown-field', message: `The session has a field "${key}" this version does not know; it is ignored.` });
    }
    const board = readBoard(o.board, ctx);
    const config = readConfig(o.config, warnings);
    const exports = readExports(o.exports);
    const app = readApp(o.app);
    const source = readSource(o, ctx);
    if (exports && source.kind === 'files' && source.files.some((f) => f.role === 'zephyr-elf')) {
      fail(
        'bad-field',
        'The session changes the export table and also carries a Zephyr image whose table replaces it; it must do one or the other.',
      );
    }
    const loadOrder = readLoadOrder(o.load, extensionNames(source, ctx));
    const step = readStep(o.step);
    const view = readView(o.view, warnings);
    const title = o.title === undefined ? null : str(o.title, 'title', LIMITS.title);
    return { ok: true, session: { board, config, exports, app, source, loadOrder, step, view, title }, warnings };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: { code: e.code, message: e.message } };
    return {
      ok: false,
      error: { code: 'internal', message: `The session could not be read: ${e instanceof Error ? e.message : String(e)}` },
    };
  }
}
