// Brings session documents written by earlier versions up to the current one.
// Policy (FORMAT.md): every format change bumps the version and adds one step
// here, from N to N+1; steps are never edited once released, and the chain runs
// from whatever version a document has. A step that cannot carry a value over
// says so in a warning.
import { getBoard, UnknownBoardError } from '@core/config/index.js';
import { SESSION_VERSION, type Problem } from './document.js';
import { kconfigChanges } from './kconfigChanges.js';
import { isJsonObject, type JsonObject } from './wire.js';

type Migration = (doc: JsonObject, warnings: Problem[]) => JsonObject;

/** View ids of version 0 that were renamed. */
const V0_VIEWS: Record<string, string> = { reloc: 'relocations', syms: 'symbols', mem: 'memory', sections: 'sections' };

/**
 * Version 0, the first link format: `{version: 0, board, prjConf, sample | files:
 * [{name, b64}], cursor, tab}`. It carried the whole prj.conf text and had no file
 * roles (every file was an extension). Version 1 keeps only the Kconfig values
 * that differ from the default configuration, so the text is resolved here
 * against the board with the current schema.
 */
const fromV0: Migration = (doc, warnings) => {
  const out: JsonObject = { v: 1, board: doc.board };
  if (typeof doc.prjConf === 'string' && typeof doc.board === 'string') {
    try {
      const changes = kconfigChanges(getBoard(doc.board), doc.prjConf);
      if (Object.keys(changes).length > 0) out.config = changes;
    } catch (e) {
      // An unknown board is reported by the version-1 reader; anything else is a real problem.
      if (!(e instanceof UnknownBoardError)) throw e;
    }
  } else if (doc.prjConf !== undefined) {
    out.config = doc.prjConf;
  }
  if (doc.sample !== undefined && doc.sample !== null) out.sample = doc.sample;
  if (Array.isArray(doc.files)) {
    out.files = doc.files.map((f: unknown) => (isJsonObject(f) ? { name: f.name, role: 'extension', data: f.b64 } : f));
  } else if (doc.files !== undefined && doc.files !== null) {
    out.files = doc.files;
  }
  if (doc.cursor !== undefined) out.step = doc.cursor;
  if (typeof doc.tab === 'string') {
    const view = V0_VIEWS[doc.tab];
    if (view) out.view = view;
    else
      warnings.push({
        code: 'unknown-view',
        message: `The session opens the view "${doc.tab}", which this version does not have; the current view is kept.`,
      });
  }
  return out;
};

/**
 * Version 1 had no `app` field: every session ran with the default application calls
 * (llext_heap_init of 16 KiB, or 8 + 16 KiB on Harvard, when the heap is dynamic; no
 * unloading after), which is what a version-2 document without `app` means.
 */
const fromV1: Migration = (doc) => ({ ...doc, v: 2 });

/** MIGRATIONS[n] turns a version-n document into a version n+1 document. */
const MIGRATIONS: Migration[] = [fromV0, fromV1];

/** The document's version: `v` since version 1, `version` before. */
export function versionOf(doc: JsonObject): number | undefined {
  const v = doc.v ?? doc.version;
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export type MigrationResult = { ok: true; doc: JsonObject; from: number; warnings: Problem[] } | { ok: false; error: Problem };

export function migrateToCurrent(doc: JsonObject): MigrationResult {
  const from = versionOf(doc);
  if (from === undefined)
    return { ok: false, error: { code: 'bad-version', message: 'This is not a playground session: it has no version number.' } };
  if (from > SESSION_VERSION) {
    return {
      ok: false,
      error: {
        code: 'newer-version',
        message: `This session was made by a newer version of the playground (format ${from}; this one reads up to ${SESSION_VERSION}). Reload the page to get the latest version.`,
      },
    };
  }
  if (from < 0) return { ok: false, error: { code: 'bad-version', message: `Session format ${from} does not exist.` } };
  const warnings: Problem[] = [];
  let current = doc;
  try {
    for (let v = from; v < SESSION_VERSION; v++) current = MIGRATIONS[v](current, warnings);
  } catch (e) {
    return {
      ok: false,
      error: {
        code: 'migration',
        message: `This session (format ${from}) could not be brought up to date: ${e instanceof Error ? e.message : String(e)}`,
      },
    };
  }
  if (from < SESSION_VERSION) {
    warnings.unshift({
      code: 'migrated',
      message: `This session was saved in an older format (${from}) and was updated to format ${SESSION_VERSION}.`,
    });
  }
  return { ok: true, doc: current, from, warnings };
}
