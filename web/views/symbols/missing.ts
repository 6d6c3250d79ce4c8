// The engine's "missing-imports" diagnostic ends with paste-ready
// EXPORT_SYMBOL(...) lines; the view shows them as they are.
import type { DiagRec } from '../../player/timeline.js';

export interface MissingImports {
  names: string[];
  exportLines: string[];
}

export function missingImports(diags: DiagRec[]): MissingImports | null {
  const d = diags.find((x) => x.code === 'missing-imports');
  if (!d) return null;
  const exportLines = d.text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^EXPORT_SYMBOL\(.+\);$/.test(l));
  const names = exportLines.map((l) => l.slice('EXPORT_SYMBOL('.length, -2));
  return { names, exportLines };
}
