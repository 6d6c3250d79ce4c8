// Diagnostics shared by the prj.conf parser, the resolver and the export-table
// parser. Positions follow the editor convention: 1-based line and column,
// endColumn exclusive.
import type { Severity } from './kconfigSchema.js';

export interface SourceRange {
  line: number;
  startColumn: number;
  endColumn: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable kind, e.g. 'syntax', 'depends' or an invalid-combination id. */
  code: string;
  message: string;
  /** Full CONFIG_ name the diagnostic is about, if any. */
  option?: string;
  /** Where in the text; absent for whole-configuration findings. */
  range?: SourceRange;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders diagnostics by line (whole-configuration ones first), then severity. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const la = a.range?.line ?? 0;
    const lb = b.range?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.range?.startColumn ?? 0;
    const cb = b.range?.startColumn ?? 0;
    if (ca !== cb) return ca - cb;
    return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  });
}

export function hasErrors(list: Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
