// A link to a sample names the sample, not its bytes, so that links stay short. If the
// playground's copy of the sample changes later (rebuilt with another compiler, say), the
// same link would show another run without a word. The link therefore also carries a
// check of the files it was made with: the Adler-32 of each file as eight hex digits, sorted
// (the check does not depend on the order the files were listed or loaded in) and joined by
// dots. It detects a changed file; it is not a security measure.
import { adler32 } from './boundedInflate.js';

/** The longest check a reader accepts: one entry per file, at most LIMITS.files files. */
export const SAMPLE_CHECK_PATTERN = /^[0-9a-f]{8}(\.[0-9a-f]{8}){0,15}$/;

export function sampleCheckOf(files: readonly { bytes: Uint8Array }[]): string {
  return files
    .map((f) => adler32(f.bytes).toString(16).padStart(8, '0'))
    .sort()
    .join('.');
}

/** A sentence for the user when the sample's files are not the ones the session was made with, else null. */
export function sampleChangeWarning(id: string, check: string | undefined, files: readonly { bytes: Uint8Array }[]): string | null {
  if (check === undefined || check === sampleCheckOf(files)) return null;
  return `The sample "${id}" has changed since this session was saved: its files are not the ones the session was made with, so the run shown here may differ from the one that was shared.`;
}
