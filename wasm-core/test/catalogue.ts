// public/samples/index.json as the tests read it, and the engine session a
// catalogue entry asks for (board, files in load order, image configuration).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPrjConf } from '../src/config/index.js';
import { prepareSession, type PreparedSession } from '../src/session.js';

export const SAMPLES_DIR = fileURLToPath(new URL('../../public/samples', import.meta.url));

export interface CatalogueEntry {
  id: string;
  title: string;
  description: string;
  arch: string;
  elfClass: 32 | 64;
  board: string;
  /** prj.conf lines ("\n"-separated) applied on top of the default image configuration. */
  prjConf?: string;
  files: { path: string; role: string }[];
  sources: string[];
  flags: string;
  elfType: 'ET_REL' | 'ET_DYN';
  objectType: 'ELF_OBJECT' | 'RELOCATABLE' | 'SHAREDLIB';
  expect: 'loads' | 'fails';
  /** For "fails": Zephyr's first error line of the failing load, and its errno (positive). */
  expectMessage?: string;
  expectErrno?: number;
  expectNote?: string;
  loadOrder?: string[];
  tags: string[];
}

export function readCatalogue(): CatalogueEntry[] {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, 'index.json'), 'utf8')) as CatalogueEntry[];
}

/** Sample paths (relative to public/samples) in the order the entry loads them. */
export function loadOrderOf(entry: CatalogueEntry): string[] {
  return entry.loadOrder ?? entry.files.map((f) => f.path);
}

/**
 * The prj.conf the entry runs with. prepareSession uses its prjConf instead of
 * the default configuration, so the entry's lines are appended to the default.
 */
export function prjConfOf(entry: CatalogueEntry): string | undefined {
  return entry.prjConf === undefined ? undefined : `${defaultPrjConf()}\n${entry.prjConf}`;
}

/** The session the playground prepares when the entry is picked. */
/** `defines`: -D settings after the sample's prj.conf (e.g. the debug log level). */
export function sessionFor(entry: CatalogueEntry, defines: string[] = []): Promise<PreparedSession> {
  const files = loadOrderOf(entry).map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, p))) }));
  return prepareSession({ board: entry.board, files, prjConf: prjConfOf(entry), defines });
}
