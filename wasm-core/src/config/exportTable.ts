// The built-in export table: what a Zephyr image offers extensions through
// llext_find_sym(NULL, ...). Entries come from data/exports.json, filtered by
// the LLEXT_EXPORT_SYMBOL_GROUP_* options; addresses are laid out per board.
// Users may also supply their own table ("name address" lines).
//
// Table order: EXPORT_SYMBOL(x) emits an iterable-section entry named
// __llext_sym_x, and iterable sections are linked with SORT_BY_NAME, so the
// name-keyed table is in byte-wise name order. With SLIDs,
// llext_prepare_exptab.py re-sorts it by ascending SLID after linking.
import exportsData from '../../data/exports.json' with { type: 'json' };
import { type Board, ptrSize as boardPtrSize } from './boards.js';
import type { Diagnostic } from './diagnostics.js';
import { type Expr, evalBool, parseExpr } from './kconfigExpr.js';
import { DataFileError, asArray, asObject, optString, reqOneOf, reqString } from './jsonRead.js';
import { alignUp, compareNames, fnv1a32, formatAddress, parseAddressText } from './numbers.js';
import type { ResolvedConfig } from './resolve.js';

export type ExportKind = 'func' | 'object' | 'unknown';

export interface ExportSpec {
  name: string;
  /** Upper-case group name; enabled by CONFIG_LLEXT_EXPORT_SYMBOL_GROUP_<group>. */
  group: string;
  kind: 'func' | 'object';
  /** Kconfig condition for the entry to exist. */
  if?: Expr;
}

export interface ExportEntry {
  name: string;
  address: bigint;
  kind: ExportKind;
  group: string;
  origin: 'default' | 'user' | 'image';
  /** Known SLID (tables read from a SLID-prepared zephyr.elf carry no names). */
  slid?: bigint;
}

export interface ExportTable {
  /** In table order (see the file comment). */
  entries: ExportEntry[];
}

/** Computes a symbol's SLID for a pointer size (the engine's `slid` export fits this). */
export type SlidFunction = (name: string, ptrSize: number) => bigint;

export class ExportTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportTableError';
  }
}

export const USER_GROUP = 'USER';

function readSpecs(data: unknown): ExportSpec[] {
  const root = asObject(data, 'exports.json');
  const seen = new Set<string>();
  return asArray(root.entries, 'entries').map((raw, i): ExportSpec => {
    const where = `exports.json entries[${i}]`;
    const o = asObject(raw, where);
    const name = reqString(o, 'name', where);
    if (seen.has(name)) throw new DataFileError(`${where}: ${name} is listed twice`);
    seen.add(name);
    const cond = optString(o, 'if', where);
    return {
      name,
      group: reqString(o, 'group', where),
      kind: reqOneOf(o, 'kind', ['func', 'object'] as const, where),
      if: cond === undefined ? undefined : parseExpr(cond),
    };
  });
}

let cachedSpecs: ExportSpec[] | undefined;

/** The default export list of data/exports.json. */
export function defaultExportSpecs(): ExportSpec[] {
  cachedSpecs ??= readSpecs(exportsData);
  return cachedSpecs;
}

export function groupOption(group: string): string {
  return `CONFIG_LLEXT_EXPORT_SYMBOL_GROUP_${group}`;
}

/**
 * A plausible size for an exported function or object, varied per name so the
 * layout looks like a real image, and identical on every run.
 */
function plausibleSize(name: string, kind: 'func' | 'object', ptrSize: number): bigint {
  const h = fnv1a32(name);
  return kind === 'func' ? BigInt(24 + (h % 58) * 4) : BigInt(ptrSize * (4 + (h % 5)));
}

function layOut(
  names: string[],
  kind: 'func' | 'object',
  base: bigint,
  size: bigint,
  align: bigint,
  ptrSize: number,
  board: string,
): Map<string, bigint> {
  const addresses = new Map<string, bigint>();
  let cursor = alignUp(base, align);
  for (const name of names) {
    addresses.set(name, cursor);
    cursor = alignUp(cursor + plausibleSize(name, kind, ptrSize), align);
    if (cursor > base + size) {
      throw new ExportTableError(`board ${board}: exported ${kind === 'func' ? 'functions' : 'objects'} do not fit in the export range`);
    }
  }
  return addresses;
}

/**
 * The image's built-in export table for a board and configuration: entries of
 * enabled groups whose condition holds, functions laid out in the board's text
 * range (Thumb bit set on Thumb-only cores), objects in its rodata range.
 */
export function buildDefaultExportTable(board: Board, config: ResolvedConfig, specs: ExportSpec[] = defaultExportSpecs()): ExportTable {
  const lookup = (symbol: string): ReturnType<ResolvedConfig['value']> => config.value(`CONFIG_${symbol}`);
  const included = specs.filter((s) => config.isEnabled(groupOption(s.group)) && (!s.if || evalBool(s.if, lookup)));
  const ptr = boardPtrSize(board);
  const place = board.exportPlacement;
  const byKind = (kind: 'func' | 'object'): string[] =>
    included
      .filter((s) => s.kind === kind)
      .map((s) => s.name)
      .sort(compareNames);
  const funcs = layOut(byKind('func'), 'func', place.text.base, place.text.size, BigInt(place.funcAlign), ptr, board.id);
  const objects = layOut(byKind('object'), 'object', place.rodata.base, place.rodata.size, BigInt(ptr), ptr, board.id);
  const entries = included.map((s): ExportEntry => {
    const address = s.kind === 'func' ? (funcs.get(s.name) ?? 0n) | (place.thumb ? 1n : 0n) : (objects.get(s.name) ?? 0n);
    return { name: s.name, address, kind: s.kind, group: s.group, origin: 'default' };
  });
  return { entries: entries.sort((a, b) => compareNames(a.name, b.name)) };
}

export interface ParsedUserExport {
  name: string;
  address: bigint;
  line: number;
}

export interface UserExportParse {
  entries: ParsedUserExport[];
  /** Errors carry the line number; a table with errors should not be used. */
  diagnostics: Diagnostic[];
}

const SYMBOL_NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*$/;

/**
 * Parses a user export table: one "name address" per line, address in hex
 * (0x...) or decimal, '#' starts a comment, blank lines are ignored.
 */
export function parseExportTableText(text: string, ptrSize: 4 | 8): UserExportParse {
  const entries: ParsedUserExport[] = [];
  const diagnostics: Diagnostic[] = [];
  const firstLine = new Map<string, number>();
  const limit = 1n << BigInt(ptrSize * 8);
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (content === '') return;
    const start = raw.indexOf(content) + 1;
    const where = { line, startColumn: start, endColumn: start + content.length };
    const error = (message: string): void => {
      diagnostics.push({ severity: 'error', code: 'export-table', range: where, message: `Line ${line}: ${message}` });
    };
    const fields = content.split(/\s+/);
    if (fields.length !== 2) {
      error(`expected "name address", got ${fields.length} field${fields.length === 1 ? '' : 's'}`);
      return;
    }
    const [name, addressText] = fields;
    if (!SYMBOL_NAME.test(name)) {
      error(`"${name}" is not a valid symbol name`);
      return;
    }
    const address = parseAddressText(addressText);
    if (address === undefined) {
      error(`"${addressText}" is not an address (use 0x... hex or decimal)`);
      return;
    }
    if (address >= limit) {
      error(`${addressText} does not fit in a ${ptrSize * 8}-bit pointer`);
      return;
    }
    const previous = firstLine.get(name);
    if (previous !== undefined) {
      error(`"${name}" is already defined on line ${previous}`);
      return;
    }
    firstLine.set(name, line);
    entries.push({ name, address, line });
  });
  return { entries, diagnostics };
}

/**
 * Combines the image's table with user entries: 'merge' keeps the defaults and
 * lets user entries replace same-named ones or add new ones; 'replace' uses
 * only the user entries.
 */
export function applyUserExports(base: ExportTable, user: ParsedUserExport[], mode: 'merge' | 'replace'): ExportTable {
  const byName = new Map<string, ExportEntry>();
  if (mode === 'merge') for (const e of base.entries) byName.set(e.name, e);
  for (const u of user) {
    const previous = byName.get(u.name);
    byName.set(u.name, {
      name: u.name,
      address: u.address,
      kind: previous?.kind ?? 'unknown',
      group: previous?.group ?? USER_GROUP,
      origin: 'user',
    });
  }
  return { entries: [...byName.values()].sort((a, b) => compareNames(a.name, b.name)) };
}

export interface SlidEntry {
  slid: bigint;
  address: bigint;
  name: string;
}

/**
 * The SLID form of the table, as llext_prepare_exptab.py leaves it: entries
 * keyed by SLID, sorted by ascending unsigned SLID. Fails like the script when
 * two names share a SLID, listing every collision.
 */
export function slidTable(table: ExportTable, ptrSize: 4 | 8, slidOf: SlidFunction): SlidEntry[] {
  const max = (1n << BigInt(ptrSize * 8)) - 1n;
  const entries = table.entries.map((e): SlidEntry => {
    const slid = e.slid ?? slidOf(e.name, ptrSize);
    if (slid < 0n || slid > max) throw new ExportTableError(`SLID of ${e.name} does not fit in ${ptrSize} bytes`);
    return { slid, address: e.address, name: e.name };
  });
  entries.sort((a, b) => (a.slid < b.slid ? -1 : a.slid > b.slid ? 1 : compareNames(a.name, b.name)));
  const collisions: string[] = [];
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].slid === entries[i - 1].slid) {
      collisions.push(
        `SLID collision: ${entries[i - 1].name} and ${entries[i].name} have the same SLID ${formatAddress(entries[i].slid, ptrSize)}`,
      );
    }
  }
  if (collisions.length > 0) throw new ExportTableError(collisions.join('\n'));
  return entries;
}

/** The engine's export directives: `export NAME ADDR` or `export-slid SLID ADDR NAME`. */
export function exportDirectives(table: ExportTable, ptrSize: 4 | 8, slid?: SlidFunction): string[] {
  if (slid) {
    return slidTable(table, ptrSize, slid).map(
      (e) => `export-slid ${formatAddress(e.slid, ptrSize)} ${formatAddress(e.address, ptrSize)} ${e.name}`,
    );
  }
  return table.entries.map((e) => `export ${e.name} ${formatAddress(e.address, ptrSize)}`);
}
