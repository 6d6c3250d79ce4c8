// Checkpoints of lessons: small predicates over the engine's JSON document
// (wasm-core/src/document.ts) and the session's effective Kconfig values.
// Evaluation is a pure function so lessons can be proven completable in tests.
import type { SimulationDocument } from '@core/document.js';
import type { KconfigValue } from '../share/kconfigChanges.js';

export type Check =
  | { kind: 'loads' }
  | { kind: 'fails' }
  | { kind: 'errno'; value: number }
  | { kind: 'logContains'; text: string }
  | { kind: 'optionEquals'; name: string; value: KconfigValue }
  | { kind: 'regionInPlace'; region: string; ext?: string }
  | { kind: 'regionOnHeap'; region: string; heap: string; ext?: string }
  | { kind: 'importResolved'; name: string; from?: string; bySlid?: boolean }
  | { kind: 'relocation'; typeName: string; symbol?: string }
  | { kind: 'board'; id: string }
  | { kind: 'callReturns'; fn: string; ext?: string }
  | { kind: 'consoleContains'; text: string }
  | { kind: 'all'; of: Check[] }
  | { kind: 'any'; of: Check[] }
  | { kind: 'not'; check: Check };

export const CHECK_KINDS = [
  'loads',
  'fails',
  'errno',
  'logContains',
  'optionEquals',
  'regionInPlace',
  'regionOnHeap',
  'importResolved',
  'relocation',
  'board',
  'callReturns',
  'consoleContains',
  'all',
  'any',
  'not',
] as const satisfies readonly Check['kind'][];

export interface CheckContext {
  document: SimulationDocument;
  /** Effective value of a Kconfig option for the run (undefined when unset or inactive). */
  option: (name: string) => KconfigValue | undefined;
}

function regions(doc: SimulationDocument, region: string, ext: string | undefined): SimulationDocument['regions'] {
  return doc.regions.filter((r) => r.name === region && (ext === undefined || r.ext === ext));
}

export function evaluateCheck(check: Check, ctx: CheckContext): boolean {
  const doc = ctx.document;
  switch (check.kind) {
    case 'loads':
      return doc.ok;
    case 'fails':
      return !doc.ok;
    case 'errno':
      return doc.errno === check.value;
    case 'logContains':
      return doc.log.some((line) => line.includes(check.text));
    case 'optionEquals':
      return ctx.option(check.name) === check.value;
    case 'regionInPlace': {
      const found = regions(doc, check.region, check.ext);
      return found.length > 0 && found.every((r) => r.inPlace);
    }
    case 'regionOnHeap': {
      const found = regions(doc, check.region, check.ext);
      return found.length > 0 && found.every((r) => !r.inPlace && r.heap === check.heap);
    }
    case 'importResolved':
      return doc.imports.some(
        (i) =>
          i.name === check.name &&
          i.resolvedFrom !== 'unresolved' &&
          (check.from === undefined || i.resolvedFrom === check.from) &&
          (check.bySlid === undefined || (i.slid !== null) === check.bySlid),
      );
    case 'relocation':
      return doc.relocations.some(
        (r) => r.ret === 0 && r.typeName === check.typeName && (check.symbol === undefined || r.symbol === check.symbol),
      );
    case 'board':
      return doc.board === check.id;
    case 'callReturns':
      return doc.calls.some((c) => c.fn === check.fn && (check.ext === undefined || c.ext === check.ext) && c.fault === null);
    case 'consoleContains':
      return doc.calls.some((c) => c.console.includes(check.text));
    case 'all':
      return check.of.every((c) => evaluateCheck(c, ctx));
    case 'any':
      return check.of.some((c) => evaluateCheck(c, ctx));
    case 'not':
      return !evaluateCheck(check.check, ctx);
  }
}

const showValue = (v: KconfigValue): string =>
  typeof v === 'boolean' ? (v ? 'y' : 'n') : typeof v === 'string' ? JSON.stringify(v) : String(v);

/** The check in words, for the lesson panel's checklist. */
export function describeCheck(check: Check): string {
  const inExt = (ext: string | undefined): string => (ext ? ` of ${ext}` : '');
  switch (check.kind) {
    case 'loads':
      return 'every extension loads';
    case 'fails':
      return 'the load fails';
    case 'errno':
      return `the load fails with errno ${check.value}`;
    case 'logContains':
      return `the log shows “${check.text}”`;
    case 'optionEquals':
      return `${check.name}=${showValue(check.value)}`;
    case 'regionInPlace':
      return `region ${check.region}${inExt(check.ext)} is used in place`;
    case 'regionOnHeap':
      return `region ${check.region}${inExt(check.ext)} is allocated from ${check.heap}`;
    case 'importResolved': {
      const from = check.from ? ` from ${check.from}` : '';
      const how = check.bySlid === undefined ? '' : check.bySlid ? ' by SLID' : ' by name';
      return `${check.name} is resolved${from}${how}`;
    }
    case 'relocation':
      return `a ${check.typeName} relocation${check.symbol ? ` against ${check.symbol}` : ''} is applied`;
    case 'board':
      return `the board is ${check.id}`;
    case 'callReturns':
      return `${check.fn}()${inExt(check.ext)} returns`;
    case 'consoleContains':
      return `a call prints “${check.text}”`;
    case 'all':
      return check.of.map(describeCheck).join(', and ');
    case 'any':
      return check.of.map(describeCheck).join(', or ');
    case 'not':
      return `not: ${describeCheck(check.check)}`;
  }
}

/** The top-level parts of a check, each with its own status (an `all` lists its members). */
export function checklist(check: Check, ctx: CheckContext): { text: string; passed: boolean }[] {
  const parts = check.kind === 'all' ? check.of : [check];
  return parts.map((c) => ({ text: describeCheck(c), passed: evaluateCheck(c, ctx) }));
}
