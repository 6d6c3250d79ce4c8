// How far a run got, so that two runs of the same files can be compared: a fix is worth
// showing only when its run gets strictly further than the user's.
import type { SimulationDocument } from '../document.js';
import type { TraceEvent } from '../trace.js';

/** The steps of llext_load() in the order Zephyr takes them (subsys/llext/llext_load.c:
 * do_llext_load()); the engine records one `step` event per step. */
const PHASES = [
  'llext_load',
  'llext_load_elf_data',
  'llext_find_tables',
  'llext_copy_strings',
  'llext_validate_sections_name',
  'llext_map_sections',
  'arch_elf_veneer_init',
  'llext_copy_regions',
  'llext_count_export_syms',
  'llext_allocate_symtab',
  'llext_copy_symbols',
  'llext_link',
  'llext_export_symbols',
];

export interface RunProgress {
  ok: boolean;
  /** Actions that succeeded before the first failing one. */
  actionsOk: number;
  /** The failing action's last loader step (index into PHASES), -1 before any. */
  phase: number;
  /** The failing action's step, as Zephyr's function name ('' when none). */
  phaseName: string;
  /** Undefined symbols of the failing extension that nothing exports. */
  missing: string[];
  /** Relocations the failing action processed before it stopped. */
  relocs: number;
  /** False when the run was decoded with only some of its relocations (relocs not comparable). */
  relocsComplete: boolean;
  errno: number;
  message: string;
  /** The failing action's extension ('' when none failed). */
  failedExt: string;
  failedAction: string;
  /** Diagnostic codes of the run (errors and warnings). */
  codes: string[];
}

/** The names of a `missing-imports` diagnostic (its EXPORT_SYMBOL lines). */
export function missingNames(doc: SimulationDocument, ext: string): string[] {
  const d = doc.diagnostics.find((x) => x.code === 'missing-imports');
  if (d) return [...d.text.matchAll(/EXPORT_SYMBOL\(([^)]+)\);/g)].map((m) => m[1]!);
  return doc.imports.filter((i) => i.ext === ext && i.resolvedFrom === 'unresolved').map((i) => i.name);
}

export function progressOf(events: readonly TraceEvent[], doc: SimulationDocument, relocsComplete: boolean): RunProgress {
  let actionsOk = 0,
    phase = -1,
    relocs = 0;
  let failed: { action: string; ext: string } | null = null;
  // Per action: reset at each action, frozen at the first failing result.
  let curPhase = -1,
    curRelocs = 0;
  for (const ev of events) {
    if (ev.kind === 'action') {
      curPhase = -1;
      curRelocs = 0;
    } else if (ev.kind === 'step') {
      const k = PHASES.indexOf(ev.fn);
      if (k > curPhase) curPhase = k;
    } else if (ev.kind === 'reloc') curRelocs++;
    else if (ev.kind === 'result') {
      if (ev.ret < 0) {
        failed = { action: ev.action, ext: ev.ext };
        phase = curPhase;
        relocs = curRelocs;
        break;
      }
      actionsOk++;
    }
  }
  return {
    ok: doc.ok,
    actionsOk,
    phase,
    phaseName: phase >= 0 ? PHASES[phase]! : '',
    missing: failed ? missingNames(doc, failed.ext) : [],
    relocs,
    relocsComplete,
    errno: doc.errno,
    message: doc.message,
    failedExt: failed?.ext ?? '',
    failedAction: failed?.action ?? '',
    codes: doc.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code),
  };
}

/**
 * True when `b` got strictly further than `a`: it loads where `a` failed, or more actions
 * succeed, or the failing load reaches a later loader step, or fewer symbols are missing,
 * or more relocations were processed before it stopped.
 */
export function furtherThan(b: RunProgress, a: RunProgress): boolean {
  if (a.ok) return false;
  if (b.ok) return true;
  if (b.actionsOk !== a.actionsOk) return b.actionsOk > a.actionsOk;
  if (b.phase !== a.phase) return b.phase > a.phase;
  if (b.missing.length !== a.missing.length) return b.missing.length < a.missing.length;
  return a.relocsComplete && b.relocsComplete && b.relocs > a.relocs;
}

const ERRNO_NAMES: Record<number, string> = {
  2: 'ENOENT',
  5: 'EIO',
  8: 'ENOEXEC',
  12: 'ENOMEM',
  14: 'EFAULT',
  16: 'EBUSY',
  17: 'EEXIST',
  22: 'EINVAL',
  34: 'ERANGE',
  61: 'ENODATA',
  88: 'ENOSYS',
  134: 'ENOTSUP',
};

/** `-ENOMEM` for 12 (Zephyr's errno names, lib/libc/minimal/include/errno.h). */
export const errnoText = (errno: number): string => `-${ERRNO_NAMES[errno] ?? errno}`;

const list = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** What a failed run stopped on, in words: the missing symbols, or Zephyr's error line. */
export function describeBlocker(p: RunProgress): string {
  if (p.missing.length > 0) return `the missing ${list(p.missing)}${p.failedExt ? ` (${p.failedExt})` : ''}`;
  return `"${p.message}" (${errnoText(p.errno)})`;
}
