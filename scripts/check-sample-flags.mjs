#!/usr/bin/env node
// Replays the `flags` command line of every entry in public/samples/index.json
// in a scratch copy of its sample directory and compares what it writes with
// the committed files, byte for byte. build-samples.sh produces the files;
// this keeps the catalogue's description of how they were built honest.
// Needs the same cross compilers as build-samples.sh. Exit status 1 on any
// difference.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(root, 'public', 'samples');
const catalogue = JSON.parse(readFileSync(join(samples, 'index.json'), 'utf8'));

let differences = 0;
for (const entry of catalogue) {
  const scratch = mkdtempSync(join(tmpdir(), 'sample-flags-'));
  try {
    // The commands run from the sample's directory and include ../include.
    const dir = dirname(entry.files[0].path);
    cpSync(join(samples, dir), join(scratch, dir), { recursive: true });
    cpSync(join(samples, 'include'), join(scratch, 'include'), { recursive: true });
    for (const f of readdirSync(join(scratch, dir))) if (f.endsWith('.llext')) rmSync(join(scratch, dir, f));

    const command = entry.flags.replaceAll('node scripts/', `node ${join(root, 'scripts')}/`);
    const run = spawnSync('sh', ['-c', command], { cwd: join(scratch, dir), encoding: 'utf8' });
    for (const file of entry.files) {
      const built = join(scratch, file.path);
      let problem = '';
      if (run.status !== 0) problem = `command failed (${run.status}): ${run.stderr.trim().split('\n')[0]}`;
      else if (!existsSync(built)) problem = 'command did not write it';
      else if (!readFileSync(built).equals(readFileSync(join(samples, file.path)))) problem = 'bytes differ from the committed file';
      if (problem !== '') {
        differences++;
        console.log(`${entry.id}: ${file.path}: ${problem}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
console.log(`${catalogue.length} entries, ${differences} difference(s)`);
process.exit(differences === 0 ? 0 : 1);
