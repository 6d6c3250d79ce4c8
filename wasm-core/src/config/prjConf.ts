// prj.conf parsing: the .config syntax Kconfig reads (CONFIG_X=y, =n, =123,
// ="text", "# CONFIG_X is not set", # comments). This layer checks syntax and
// value types against the schema; whether a value applies on a board is the
// resolver's job (resolve.ts).
import type { Diagnostic, SourceRange } from './diagnostics.js';
import { type KconfigOption, type KconfigSchema, kconfigSchema } from './kconfigSchema.js';
import { closestName } from './suggest.js';

export interface UserAssignment {
  /** Full CONFIG_ name. */
  name: string;
  value: boolean | number | string;
  /** The value exactly as written. */
  text: string;
  line: number;
  nameRange: SourceRange;
  valueRange: SourceRange;
}

export interface PrjConfParseResult {
  /** Valid assignments of known options; the last one wins for a repeated name. */
  assignments: UserAssignment[];
  diagnostics: Diagnostic[];
}

const ASSIGNMENT = /^(\s*)([A-Za-z0-9_]+)(\s*)=(\s*)(.*?)\s*$/;
const NOT_SET = /^(\s*)# (CONFIG_[A-Za-z0-9_]+) is not set\s*$/;

function range(line: number, start: number, length: number): SourceRange {
  return { line, startColumn: start + 1, endColumn: start + 1 + Math.max(length, 1) };
}

type ValueParse = { ok: true; value: boolean | number | string } | { ok: false; message: string };

function parseQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 >= text.length - 1) return undefined;
      out += text[++i];
    } else if (c === '"') {
      return undefined;
    } else {
      out += c;
    }
  }
  return out;
}

/** Converts the written value to the option's type, as Kconfig would accept it. */
export function parseOptionValue(opt: KconfigOption, text: string): ValueParse {
  switch (opt.type) {
    case 'bool':
    case 'choice-member':
      if (text === 'y') return { ok: true, value: true };
      if (text === 'n') return { ok: true, value: false };
      if (text === 'm') return { ok: false, message: `${opt.name} is a bool option: 'm' (module) is not supported, use y or n` };
      return { ok: false, message: `${opt.name} is a bool option: expected y or n, got '${text}'` };
    case 'int': {
      if (!/^-?\d+$/.test(text)) {
        const hint = text.startsWith('"') ? ' (int values are not quoted)' : '';
        return { ok: false, message: `${opt.name} is an int option: expected a decimal number, got '${text}'${hint}` };
      }
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return { ok: false, message: `${opt.name}: ${text} is too large` };
      return { ok: true, value: n };
    }
    case 'hex': {
      if (!/^(0[xX])?[0-9a-fA-F]+$/.test(text)) {
        return { ok: false, message: `${opt.name} is a hex option: expected a hexadecimal number such as 0x1000, got '${text}'` };
      }
      const n = Number(text.toLowerCase().startsWith('0x') ? text : `0x${text}`);
      if (!Number.isSafeInteger(n)) return { ok: false, message: `${opt.name}: ${text} is too large` };
      return { ok: true, value: n };
    }
    case 'string': {
      const s = parseQuoted(text);
      if (s === undefined) return { ok: false, message: `${opt.name} is a string option: the value must be in double quotes` };
      return { ok: true, value: s };
    }
  }
}

function unknownOptionDiagnostic(name: string, schema: KconfigSchema, where: SourceRange): Diagnostic {
  const suggestion = closestName(
    name,
    schema.options.map((o) => o.name),
    3,
  );
  const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
  if (name.startsWith('CONFIG_LLEXT')) {
    return { severity: 'warning', code: 'unknown-option', option: name, range: where, message: `Unknown LLEXT option ${name}.${hint}` };
  }
  return {
    severity: 'info',
    code: 'unknown-option',
    option: name,
    range: where,
    message: `${name} is not modelled by the simulator and is ignored.${hint}`,
  };
}

/** Parses prj.conf text. Never throws: every problem becomes a diagnostic. */
export function parsePrjConf(text: string, schema: KconfigSchema = kconfigSchema()): PrjConfParseResult {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, UserAssignment>();
  const lines = text.split(/\r\n|\r|\n/);

  const record = (opt: KconfigOption, valueText: string, line: number, nameRange: SourceRange, valueRange: SourceRange): void => {
    const parsed = parseOptionValue(opt, valueText);
    if (!parsed.ok) {
      diagnostics.push({ severity: 'error', code: 'bad-value', option: opt.name, range: valueRange, message: parsed.message });
      return;
    }
    const previous = byName.get(opt.name);
    if (previous) {
      diagnostics.push({
        severity: 'warning',
        code: 'duplicate',
        option: opt.name,
        range: nameRange,
        message: `${opt.name} is set more than once: this value (${valueText}) replaces ${previous.text} from line ${previous.line}.`,
      });
      byName.delete(opt.name);
    }
    byName.set(opt.name, { name: opt.name, value: parsed.value, text: valueText, line, nameRange, valueRange });
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;

    const notSet = NOT_SET.exec(raw);
    if (notSet) {
      const name = notSet[2];
      const start = notSet[1].length + 2;
      const nameRange = range(line, start, name.length);
      const opt = schema.option(name);
      if (!opt) {
        diagnostics.push(unknownOptionDiagnostic(name, schema, nameRange));
        return;
      }
      if (opt.type !== 'bool' && opt.type !== 'choice-member') {
        diagnostics.push({
          severity: 'warning',
          code: 'bad-value',
          option: name,
          range: nameRange,
          message: `"is not set" only applies to bool options; ${name} is ${opt.type === 'int' ? 'an' : 'a'} ${opt.type} option and this line is ignored.`,
        });
        return;
      }
      record(opt, 'n', line, nameRange, range(line, start, raw.trimEnd().length - start));
      return;
    }

    if (raw.trimStart().startsWith('#')) return;

    const m = ASSIGNMENT.exec(raw);
    if (!m) {
      const start = raw.length - raw.trimStart().length;
      diagnostics.push({
        severity: 'error',
        code: 'syntax',
        range: range(line, start, raw.trim().length),
        message: 'Not a Kconfig assignment: expected CONFIG_NAME=value.',
      });
      return;
    }
    const [, lead, name, spaceBefore, spaceAfter, valueText] = m;
    const nameRange = range(line, lead.length, name.length);
    const valueStart = lead.length + name.length + spaceBefore.length + 1 + spaceAfter.length;
    const valueRange = range(line, valueStart, valueText.length);
    if (!name.startsWith('CONFIG_')) {
      diagnostics.push({
        severity: 'error',
        code: 'syntax',
        range: nameRange,
        message: `Option names start with CONFIG_: did you mean CONFIG_${name}?`,
      });
      return;
    }
    if (spaceBefore.length > 0 || spaceAfter.length > 0) {
      diagnostics.push({
        severity: 'error',
        code: 'syntax',
        option: name,
        range: range(line, lead.length + name.length, spaceBefore.length + 1 + spaceAfter.length),
        message: `No spaces are allowed around '=' in prj.conf; Kconfig ignores this line.`,
      });
      return;
    }
    if (valueText === '') {
      diagnostics.push({ severity: 'error', code: 'bad-value', option: name, range: valueRange, message: `${name} has no value.` });
      return;
    }
    if (!valueText.startsWith('"') && /\s/.test(valueText)) {
      diagnostics.push({
        severity: 'error',
        code: 'syntax',
        option: name,
        range: valueRange,
        message: 'Unexpected text after the value: prj.conf has no end-of-line comments, put comments on their own line.',
      });
      return;
    }
    const opt = schema.option(name);
    if (!opt) {
      diagnostics.push(unknownOptionDiagnostic(name, schema, nameRange));
      return;
    }
    record(opt, valueText, line, nameRange, valueRange);
  });

  return { assignments: [...byName.values()].sort((a, b) => a.line - b.line), diagnostics };
}

/** The configuration the playground starts from (data/kconfig.json defaultPrjConf). */
export function defaultPrjConf(schema: KconfigSchema = kconfigSchema()): string {
  return schema.defaultPrjConf;
}
