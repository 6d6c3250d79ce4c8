// What the application does around llext_load(), as the user sets it: with a dynamic heap
// it hands the loader a buffer first (llext_heap_init), it may unload everything afterwards,
// and it may call functions of the loaded extensions with integer arguments (the Run view).
// Part of a session: the same files and options with other calls are another run.
import { DEFAULT_CPU_BUDGET } from '@core/config/index.js';

/** A call of an extension's exported function after the loads (`action call EXT FN ARGS`). */
export interface AppCall {
  /** The extension's name (its file name without the extension). */
  ext: string;
  fn: string;
  args: bigint[];
}

/** Sizes in KiB. */
export interface AppSettings {
  heapInit: boolean;
  heapKiB: number;
  instrKiB: number;
  dataKiB: number;
  unloadAll: boolean;
  /** Calls made after the loads, in order (before any unloading). */
  calls: AppCall[];
  /** struct llext_load_param of every llext_load() (include/zephyr/llext/llext.h). */
  relocateLocal: boolean;
  preLocated: boolean;
  keepSectionInfo: boolean;
  /** Section names the application's section_detached() callback returns true for, comma-separated. */
  sectionDetached: string;
  /** Instructions each call may run before the playground stops it (`option cpu-budget`). */
  cpuBudget: number;
}

export const DEFAULT_APP_SETTINGS: Readonly<AppSettings> = {
  heapInit: true,
  heapKiB: 16,
  instrKiB: 8,
  dataKiB: 16,
  unloadAll: false,
  calls: [],
  relocateLocal: true,
  preLocated: false,
  keepSectionInfo: false,
  sectionDetached: '',
  cpuBudget: DEFAULT_CPU_BUDGET,
};

/** The detached section names of `text`: split at commas and spaces, empty entries dropped. */
export function detachedNames(text: string): string[] {
  return text.split(/[\s,]+/).filter((n) => n !== '');
}

/** Largest heap the application can hand the loader, in KiB (the engine models up to 64 MiB). */
export const APP_HEAP_KIB_MAX = 65536;
/** Most calls a session makes, and most arguments one call passes (far above any lesson's). */
export const APP_CALLS_MAX = 16;
export const APP_CALL_ARGS_MAX = 16;
/** Longest function name a call may give (C identifiers of real extensions are far shorter). */
export const APP_CALL_NAME_MAX = 255;

export function sameCalls(a: readonly AppCall[], b: readonly AppCall[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i]!;
      return c.ext === d.ext && c.fn === d.fn && c.args.length === d.args.length && c.args.every((v, k) => v === d.args[k]);
    })
  );
}

export function sameAppSettings(a: AppSettings, b: AppSettings): boolean {
  return (
    a.heapInit === b.heapInit &&
    a.heapKiB === b.heapKiB &&
    a.instrKiB === b.instrKiB &&
    a.dataKiB === b.dataKiB &&
    a.unloadAll === b.unloadAll &&
    sameCalls(a.calls, b.calls) &&
    a.relocateLocal === b.relocateLocal &&
    a.preLocated === b.preLocated &&
    a.keepSectionInfo === b.keepSectionInfo &&
    a.sectionDetached === b.sectionDetached &&
    a.cpuBudget === b.cpuBudget
  );
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_.$]*$/;
const INTEGER = /^[+-]?(0x[0-9a-f]+|0b[01]+|[0-9]+)$/i;

/** One argument as text: decimal, 0x hex or 0b binary, optionally negative; within the
 * target's register width (signed or unsigned). Returns the value or the problem. */
export function parseCallArgument(text: string, ptrBytes: number): bigint | string {
  const t = text.trim();
  if (t === '') return 'an argument is empty';
  if (t.length > 80 || !INTEGER.test(t)) return `"${t.length > 24 ? `${t.slice(0, 24)}…` : t}" is not an integer (write 42, -1 or 0x2a)`;
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const v = (neg ? -1n : 1n) * BigInt(body);
  const bits = BigInt(ptrBytes * 8);
  if (v < -(1n << (bits - 1n)) || v >= 1n << bits) return `${t} does not fit in a ${ptrBytes * 8}-bit register`;
  return v;
}

/** The exported functions a call may name: extension and symbol. */
export interface CallableExport {
  ext: string;
  name: string;
}

export type ParsedCall = { ok: true; call: AppCall } | { ok: false; message: string };

/**
 * Reads a call as typed: `test_entry`, `ext_count(2)`, `sum(1, -2, 0x10)`. The function must
 * be one of `exports` (the loaded extensions' exported symbols); `preferExt` picks among
 * extensions that export the same name.
 */
export function parseCallText(text: string, exports: readonly CallableExport[], ptrBytes: number, preferExt?: string): ParsedCall {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Type a function name, for example test_entry or ext_count(2).' };
  const m = /^([^()\s]+)\s*(?:\((.*)\))?$/s.exec(t);
  if (!m) return { ok: false, message: 'Write the call as name(arg, arg, ...): for example ext_count(2).' };
  const fn = m[1]!;
  if (fn.length > APP_CALL_NAME_MAX || !IDENT.test(fn)) return { ok: false, message: `"${fn.slice(0, 40)}" is not a function name.` };
  const candidates = exports.filter((e) => e.name === fn);
  if (candidates.length === 0) {
    const names = [...new Set(exports.map((e) => e.name))];
    return {
      ok: false,
      message:
        names.length === 0
          ? `No loaded extension exports a function to call, so ${fn} cannot be called.`
          : `No loaded extension exports "${fn}". Exported: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}.`,
    };
  }
  const inner = m[2]?.trim() ?? '';
  const parts = inner === '' ? [] : inner.split(',');
  if (parts.length > APP_CALL_ARGS_MAX)
    return { ok: false, message: `A call passes at most ${APP_CALL_ARGS_MAX} arguments; this one has ${parts.length}.` };
  const args: bigint[] = [];
  for (const [i, p] of parts.entries()) {
    const v = parseCallArgument(p, ptrBytes);
    if (typeof v === 'string') return { ok: false, message: `Argument ${i + 1}: ${v}.` };
    args.push(v);
  }
  const ext = (candidates.find((c) => c.ext === preferExt) ?? candidates[0]!).ext;
  return { ok: true, call: { ext, fn, args } };
}

/** `fn(1, -2)` as the user would type it. */
export function callText(c: Pick<AppCall, 'fn' | 'args'>): string {
  return `${c.fn}(${c.args.map((v) => v.toString()).join(', ')})`;
}
