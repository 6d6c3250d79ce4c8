// The shared session document, version 2: everything needed to reproduce a run
// exactly (same log, same addresses) and to land on the same step. It is what
// goes, compressed, into a link's fragment and into a downloadable session file.
// FORMAT.md beside this file describes the fields and the versioning policy.
import type { KconfigChanges } from './kconfigChanges.js';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../config/appCallsModel.js';

export const SESSION_VERSION = 2;

/** Views a session can open on; kept in step with the playground's view ids. */
export const SESSION_VIEWS = ['memory', 'sections', 'symbols', 'relocations', 'run'] as const;
export type SessionView = (typeof SESSION_VIEWS)[number];

export const FILE_ROLES = ['extension', 'zephyr-elf'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export interface SessionFileV1 {
  name: string;
  role: FileRole;
  bytes: Uint8Array;
}

export type SessionSource =
  /** `check`: the sample files' check when the session was saved (sampleCheck.ts); absent in lessons and older links. */
  { kind: 'sample'; id: string; check?: string } | { kind: 'files'; files: SessionFileV1[] };

/** Changes to the built-in export table, as `name address` lines. */
export interface ExportChanges {
  mode: 'merge' | 'replace';
  text: string;
}

export interface SharedSession {
  board: string;
  /** Kconfig values that differ from the default configuration on `board`. */
  config: KconfigChanges;
  exports: ExportChanges | null;
  source: SessionSource;
  /** What the application calls around the loads (llext_heap_init sizes, unloading everything after). */
  app: AppSettings;
  /** Extension names in load order; null = the files' own order. */
  loadOrder: string[] | null;
  /** Player position: number of trace events applied; null = the end of the run. */
  step: number | null;
  view: SessionView | null;
  /** A short title for lists of saved sessions; not needed to reproduce the run. */
  title: string | null;
}

export interface Problem {
  code: string;
  message: string;
}

export type DecodeResult = { ok: true; session: SharedSession; warnings: Problem[] } | { ok: false; error: Problem };

/** A session with nothing changed: the board's default sample, default options, at the end of the run. */
export function plainSession(board: string, sampleId: string): SharedSession {
  return {
    board,
    config: {},
    exports: null,
    app: { ...DEFAULT_APP_SETTINGS },
    source: { kind: 'sample', id: sampleId },
    loadOrder: null,
    step: null,
    view: null,
    title: null,
  };
}
