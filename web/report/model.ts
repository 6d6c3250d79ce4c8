// What a run report contains, independent of its format: the run's facts as
// rows of text, with long tables capped (the report says how many rows it left
// out). Markdown and HTML render the same model.
import type { SimulationDocument } from '@core/document.js';

export interface ReportInput {
  title: string;
  boardId: string;
  boardName: string;
  /** Input files in load order. */
  files: { name: string; size: number }[];
  /** prj.conf lines that differ from the default configuration. */
  optionLines: string[];
  document: SimulationDocument;
  /** ISO time of the report. */
  generatedAt: string;
  /** The session link, so the report can be reopened in the playground. */
  link: string | null;
  /** Extension names Zephyr cut to LLEXT_MAX_NAME_LEN characters, to their whole names (the log keeps the cut ones). */
  fullNames?: Map<string, string>;
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Rows left out because the table is long. */
  omitted: number;
  empty: string;
}

export interface ReportModel {
  title: string;
  /** The session link, shown as a short link under the title (only http and https links). */
  link: string | null;
  summary: [string, string][];
  options: string[];
  log: { lines: string[]; omitted: number };
  tables: Table[];
}

export const CAPS = { log: 2000, regions: 500, imports: 500, relocations: 300, diagnostics: 200, heaps: 50, actions: 100 } as const;

function table(title: string, columns: string[], all: string[][], cap: number, empty: string): Table {
  return { title, columns, rows: all.slice(0, cap), omitted: Math.max(0, all.length - cap), empty };
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

export function buildReport(input: ReportInput): ReportModel {
  const d = input.document;
  const ext = (name: string): string => input.fullNames?.get(name) ?? name;
  const result = d.ok ? 'every action succeeded' : `failed: errno ${d.errno}${d.message ? ` (${d.message})` : ''}`;
  return {
    title: input.title,
    link: input.link && /^https?:\/\//i.test(input.link) ? input.link : null,
    summary: [
      ['Result', result],
      ['Board', `${input.boardName} (${input.boardId}), ${d.arch}`],
      ['Zephyr', d.zephyr],
      ['Files', input.files.map((f) => `${f.name} (${f.size} bytes)`).join(', ')],
      ['Generated', input.generatedAt],
    ],
    options: input.optionLines,
    log: { lines: d.log.slice(0, CAPS.log), omitted: Math.max(0, d.log.length - CAPS.log) },
    tables: [
      table(
        'Application calls',
        ['call', 'extension', 'return'],
        d.actions.map((a) => [a.action, ext(a.ext), String(a.ret)]),
        CAPS.actions,
        'No calls.',
      ),
      table(
        'Heaps',
        ['heap', 'base', 'size', 'used', 'free', 'largest free'],
        d.heaps.map((h) => [h.name, h.base, String(h.size), String(h.used), String(h.free), String(h.largestFree)]),
        CAPS.heaps,
        'No LLEXT heap was set up.',
      ),
      table(
        'Regions',
        ['extension', 'region', 'heap', 'address', 'size', 'allocated', 'align', 'in place'],
        d.regions.map((r) => [
          ext(r.ext),
          r.name,
          r.heap ?? '—',
          r.addr,
          String(r.size),
          String(r.allocSize),
          String(r.align),
          yesNo(r.inPlace),
        ]),
        CAPS.regions,
        'No region was placed.',
      ),
      table(
        'Imports',
        ['extension', 'symbol', 'SLID', 'resolved from', 'address'],
        d.imports.map((i) => [ext(i.ext), i.name, i.slid ?? '—', i.resolvedFrom, i.addr ?? '—']),
        CAPS.imports,
        'No symbol was imported.',
      ),
      table(
        'Relocations',
        ['extension', 'section', 'offset', 'type', 'symbol', 'S', 'A', 'P', 'value', 'bytes before', 'bytes after', 'ret', 'Zephyr quirk'],
        d.relocations.map((r) => [
          ext(r.ext),
          r.section,
          r.offset,
          r.typeName,
          r.symbol,
          r.S,
          r.A,
          r.P,
          r.value,
          r.before,
          r.after,
          String(r.ret),
          r.quirk ?? '—',
        ]),
        CAPS.relocations,
        'No relocation was applied.',
      ),
      table(
        'Diagnostics',
        ['severity', 'code', 'text'],
        d.diagnostics.map((g) => [g.severity, g.code, g.text]),
        CAPS.diagnostics,
        'No diagnostics.',
      ),
    ],
  };
}

export function omittedNote(what: string, omitted: number): string {
  // "log lines" -> "log line", "relocations" -> "relocation" for one.
  const noun = omitted === 1 ? what.replace(/s$/, '') : what;
  return `${omitted} more ${noun} not shown; the session link or the CLI's --json output has ${omitted === 1 ? 'it' : 'them all'}.`;
}

/** The words of the session link in both formats. */
export const LINK_TEXT = 'Open this session in the playground';
