// The `llext-sim load --json` document of every sample, at the default (INF) and the debug
// log level, held byte for byte. A change that is meant to keep behaviour (a refactor, a
// faster path) must leave every document as it is; one that changes behaviour on purpose
// writes them again with `UPDATE_GOLDEN=1 npx vitest run wasm-core/test/golden-documents.test.ts`
// and the diff of the documents shows what changed.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrderOf, readCatalogue, SAMPLES_DIR } from './catalogue.js';

const root = join(import.meta.dirname, '..', '..');
const launcher = join(root, 'scripts', 'llext-sim.mjs');
const goldenDir = join(import.meta.dirname, 'golden', 'documents');
const update = process.env.UPDATE_GOLDEN === '1';

const LEVELS = { inf: [], dbg: ['-D', 'CONFIG_LLEXT_LOG_LEVEL_DBG=y'] } as const;

function documentOf(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [launcher, 'load', ...args, '--json'], { encoding: 'utf8', cwd: root, maxBuffer: 256 << 20 });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('golden --json documents of every sample', () => {
  for (const entry of readCatalogue()) {
    for (const [level, extra] of Object.entries(LEVELS)) {
      it(`${entry.id} at ${level.toUpperCase()} level`, () => {
        const defines = (entry.prjConf ?? '')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .flatMap((l) => ['-D', l.trim()]);
        const files = loadOrderOf(entry).map((p) => join(SAMPLES_DIR, p));
        const doc = documentOf([...files, '--board', entry.board, ...defines, ...extra]);
        const path = join(goldenDir, `${entry.id}.${level}.json`);
        if (update || !existsSync(path)) writeFileSync(path, doc);
        expect(JSON.parse(doc)).toMatchObject({ board: entry.board, ok: entry.expect === 'loads' });
        // compared as text so that a failure shows the changed lines, not one huge string
        expect(doc.split('\n')).toEqual(readFileSync(path, 'utf8').split('\n'));
      });
    }
  }
});
