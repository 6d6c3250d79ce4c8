// The CLI's input files. Errors name the file and say why it cannot be read.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { UsageError } from './args.js';
import type { InputFile } from '../engine.js';

function unreadable(path: string, what: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(`cannot read ${what} '${path}'${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
}

/** The whole file as bytes (a prj.conf, an export table). */
export function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw unreadable(path, what, err);
  }
}

/** Fills `dest` from the start of the open file `fd`. */
function readWhole(fd: number, path: string, dest: Uint8Array): void {
  let done = 0;
  while (done < dest.length) {
    const n = readSync(fd, dest, done, dest.length - done, done);
    if (n === 0) throw new Error(`'${path}' became shorter while it was being read`);
    done += n;
  }
}

/**
 * An extension file. A regular file is opened now (so a missing or unreadable file is
 * reported before anything runs) and read straight into engine memory when a run starts,
 * as often as runs need it; anything else (a pipe, a device) is read whole now.
 * A regular file's descriptor stays open until the process exits.
 */
export function openExtension(path: string): InputFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw unreadable(path, 'extension', err);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    return readInput(path, 'extension');
  }
  return { length: stat.size, readInto: (dest) => readWhole(fd, path, dest) };
}
