// Typed view of data/kconfig.json, the project's single Kconfig schema.
// Loading checks every field and every expression (syntax and symbol names),
// so a typo in the data fails at startup and in the tests, not in the UI.
import kconfigData from '../../data/kconfig.json' with { type: 'json' };
import { type Expr, type SymbolValue, parseExpr, symbolsOf, ExprSyntaxError } from './kconfigExpr.js';
import {
  DataFileError,
  type JsonObject,
  asArray,
  asObject,
  optBool,
  optNumber,
  optString,
  reqBool,
  reqNumber,
  reqOneOf,
  reqString,
  isObject,
} from './jsonRead.js';

export const OPTION_TYPES = ['bool', 'int', 'hex', 'string', 'choice-member'] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One `default` line: a literal value or another symbol's value, optionally conditional. */
export interface DefaultRule {
  value?: boolean | number | string;
  /** Full CONFIG_ name of the symbol whose value is the default. */
  symbol?: string;
  if?: Expr;
}

export interface SelectRule {
  /** Full CONFIG_ name of the selected bool option. */
  symbol: string;
  if?: Expr;
}

export interface KconfigOption {
  /** Full name, e.g. CONFIG_LLEXT_HEAP_SIZE. */
  name: string;
  /** Name as used in expressions, e.g. LLEXT_HEAP_SIZE. */
  symbol: string;
  type: OptionType;
  prompt?: string;
  category: string;
  /** Choice group name for choice members. */
  choice?: string;
  depends?: Expr;
  defaults: DefaultRule[];
  selects: SelectRule[];
  /** Zephyr's own `range`: Kconfig ignores out-of-range user values. */
  range?: [number, number];
  /** Limits of the simulator (not Zephyr's): values outside are rejected. */
  min?: number;
  max?: number;
  unit?: string;
  /** Value the loader effectively sees when the option is inactive (only for non-bools). */
  inactiveEngineValue?: number;
  /** Option has no prompt, so prj.conf cannot set it. */
  promptless: boolean;
  affectsEngine: boolean;
  boardFact: boolean;
  userSettable: boolean;
  /** Explanations keyed by a `depends` conjunct's canonical text. */
  inactiveReasons: Record<string, string>;
  source: string;
  help: string;
}

export interface ChoiceDefault {
  member: string;
  if?: Expr;
}

export interface KconfigChoice {
  name: string;
  prompt: string;
  category: string;
  depends?: Expr;
  defaults: ChoiceDefault[];
  /** Full names of the members, in schema order (Kconfig's "first visible entry" order). */
  members: string[];
  affectsEngine: boolean;
  source: string;
  help: string;
}

export interface InvalidCombination {
  id: string;
  when: Expr;
  /** 'requested' evaluates with the user's raw prj.conf values (before Kconfig drops them). */
  view: 'effective' | 'requested';
  severity: Severity;
  options: string[];
  /** Suppresses the generic "has no effect" diagnostic for these options. */
  replacesDepends: boolean;
  message: string;
}

export interface KconfigCategory {
  id: string;
  description: string;
}

export interface KconfigSchema {
  version: number;
  categories: KconfigCategory[];
  options: KconfigOption[];
  choices: KconfigChoice[];
  commonInactiveReasons: Record<string, string>;
  invalidCombinations: InvalidCombination[];
  defaultPrjConf: string;
  option(name: string): KconfigOption | undefined;
  choice(name: string): KconfigChoice | undefined;
}

/** Strips CONFIG_ for use in expressions. */
export function symbolOf(name: string): string {
  return name.startsWith('CONFIG_') ? name.slice('CONFIG_'.length) : name;
}

function readExpr(o: JsonObject, key: string, where: string): Expr | undefined {
  const text = optString(o, key, where);
  if (text === undefined) return undefined;
  try {
    return parseExpr(text);
  } catch (e) {
    if (e instanceof ExprSyntaxError) throw new DataFileError(`${where}.${key}: ${e.message}`);
    throw e;
  }
}

function readLiteral(v: unknown, type: OptionType, where: string): boolean | number | string {
  if (type === 'bool' || type === 'choice-member') {
    if (v === 'y') return true;
    if (v === 'n') return false;
    throw new DataFileError(`${where}: bool value must be "y" or "n"`);
  }
  if (type === 'string') {
    if (typeof v !== 'string') throw new DataFileError(`${where}: expected a string value`);
    return v;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new DataFileError(`${where}: expected an integer value`);
  return v;
}

function readStringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  const o = asObject(v, where);
  const out: Record<string, string> = {};
  for (const [k, text] of Object.entries(o)) {
    if (typeof text !== 'string') throw new DataFileError(`${where}.${k}: expected a string`);
    out[k] = text;
  }
  return out;
}

function readOption(raw: unknown, index: number): KconfigOption {
  const o = asObject(raw, `options[${index}]`);
  const name = reqString(o, 'name', `options[${index}]`);
  const where = `option ${name}`;
  if (!/^CONFIG_[A-Z0-9_]+$/.test(name)) throw new DataFileError(`${where}: name must be CONFIG_ followed by upper-case symbol`);
  const type = reqOneOf(o, 'type', OPTION_TYPES, where);
  const defaults = asArray(o.defaults ?? [], `${where}.defaults`).map((d, i): DefaultRule => {
    const dw = `${where}.defaults[${i}]`;
    const dobj = asObject(d, dw);
    const rule: DefaultRule = { if: readExpr(dobj, 'if', dw) };
    if (dobj.symbol !== undefined) rule.symbol = reqString(dobj, 'symbol', dw);
    else rule.value = readLiteral(dobj.value, type, `${dw}.value`);
    return rule;
  });
  const selects = asArray(o.selects ?? [], `${where}.selects`).map((s, i): SelectRule => {
    const sw = `${where}.selects[${i}]`;
    const sobj = asObject(s, sw);
    return { symbol: reqString(sobj, 'symbol', sw), if: readExpr(sobj, 'if', sw) };
  });
  let range: [number, number] | undefined;
  if (o.range !== undefined) {
    const r = asArray(o.range, `${where}.range`);
    if (r.length !== 2 || typeof r[0] !== 'number' || typeof r[1] !== 'number') {
      throw new DataFileError(`${where}.range: expected [min, max]`);
    }
    range = [r[0], r[1]];
  }
  const option: KconfigOption = {
    name,
    symbol: symbolOf(name),
    type,
    prompt: optString(o, 'prompt', where),
    category: reqString(o, 'category', where),
    choice: optString(o, 'choice', where),
    depends: readExpr(o, 'depends', where),
    defaults,
    selects,
    range,
    min: optNumber(o, 'min', where),
    max: optNumber(o, 'max', where),
    unit: optString(o, 'unit', where),
    inactiveEngineValue: optNumber(o, 'inactiveEngineValue', where),
    promptless: optBool(o, 'promptless', where, false),
    affectsEngine: reqBool(o, 'affectsEngine', where),
    boardFact: reqBool(o, 'boardFact', where),
    userSettable: reqBool(o, 'userSettable', where),
    inactiveReasons: readStringMap(o.inactiveReasons, `${where}.inactiveReasons`),
    source: reqString(o, 'source', where),
    help: reqString(o, 'help', where),
  };
  if ((type === 'choice-member') !== (option.choice !== undefined)) {
    throw new DataFileError(`${where}: choice members (and only they) name a choice`);
  }
  return option;
}

function readChoice(raw: unknown, index: number, options: KconfigOption[]): KconfigChoice {
  const o = asObject(raw, `choices[${index}]`);
  const name = reqString(o, 'name', `choices[${index}]`);
  const where = `choice ${name}`;
  const defaults = asArray(o.defaults ?? [], `${where}.defaults`).map((d, i): ChoiceDefault => {
    const dw = `${where}.defaults[${i}]`;
    const dobj = asObject(d, dw);
    return { member: reqString(dobj, 'member', dw), if: readExpr(dobj, 'if', dw) };
  });
  const members = options.filter((m) => m.choice === name).map((m) => m.name);
  if (members.length === 0) throw new DataFileError(`${where}: has no members`);
  for (const d of defaults) {
    if (!members.includes(d.member)) throw new DataFileError(`${where}: default ${d.member} is not a member`);
  }
  return {
    name,
    prompt: reqString(o, 'prompt', where),
    category: reqString(o, 'category', where),
    depends: readExpr(o, 'depends', where),
    defaults,
    members,
    affectsEngine: reqBool(o, 'affectsEngine', where),
    source: reqString(o, 'source', where),
    help: reqString(o, 'help', where),
  };
}

function readCombination(raw: unknown, index: number): InvalidCombination {
  const o = asObject(raw, `invalidCombinations[${index}]`);
  const id = reqString(o, 'id', `invalidCombinations[${index}]`);
  const where = `invalid combination ${id}`;
  const when = readExpr(o, 'when', where);
  if (!when) throw new DataFileError(`${where}: missing 'when'`);
  const options = asArray(o.options, `${where}.options`).map((v, i) => {
    if (typeof v !== 'string') throw new DataFileError(`${where}.options[${i}]: expected a string`);
    return v;
  });
  return {
    id,
    when,
    view: o.view === undefined ? 'effective' : reqOneOf(o, 'view', ['effective', 'requested'] as const, where),
    severity: reqOneOf(o, 'severity', SEVERITIES, where),
    options,
    replacesDepends: optBool(o, 'replacesDepends', where, false),
    message: reqString(o, 'message', where),
  };
}

/** Checks that every name the schema mentions exists, so typos fail loudly. */
function checkReferences(schema: KconfigSchema): void {
  const known = (name: string): boolean => schema.option(name) !== undefined;
  const checkExpr = (expr: Expr | undefined, where: string): void => {
    if (!expr) return;
    for (const s of symbolsOf(expr)) {
      if (!known(`CONFIG_${s}`)) throw new DataFileError(`${where}: unknown symbol ${s}`);
    }
  };
  for (const opt of schema.options) {
    checkExpr(opt.depends, `option ${opt.name}.depends`);
    for (const d of opt.defaults) {
      checkExpr(d.if, `option ${opt.name}.defaults`);
      if (d.symbol !== undefined && !known(d.symbol)) throw new DataFileError(`option ${opt.name}: unknown default symbol ${d.symbol}`);
    }
    for (const s of opt.selects) {
      const target = schema.option(s.symbol);
      if (!target || target.type !== 'bool') throw new DataFileError(`option ${opt.name}: selects unknown bool ${s.symbol}`);
      checkExpr(s.if, `option ${opt.name}.selects`);
    }
    if (opt.choice !== undefined && !schema.choice(opt.choice)) {
      throw new DataFileError(`option ${opt.name}: unknown choice ${opt.choice}`);
    }
  }
  for (const ch of schema.choices) {
    checkExpr(ch.depends, `choice ${ch.name}.depends`);
    for (const d of ch.defaults) checkExpr(d.if, `choice ${ch.name}.defaults`);
  }
  for (const c of schema.invalidCombinations) {
    checkExpr(c.when, `invalid combination ${c.id}.when`);
    for (const name of c.options) if (!known(name)) throw new DataFileError(`invalid combination ${c.id}: unknown option ${name}`);
  }
  const categoryIds = new Set(schema.categories.map((c) => c.id));
  for (const item of [...schema.options, ...schema.choices]) {
    if (!categoryIds.has(item.category)) throw new DataFileError(`${item.name}: unknown category ${item.category}`);
  }
}

/** Builds a schema from parsed JSON (exported for tests with hand-made schemas). */
export function buildKconfigSchema(data: unknown): KconfigSchema {
  const root = asObject(data, 'kconfig.json');
  const options = asArray(root.options, 'options').map(readOption);
  const byName = new Map<string, KconfigOption>();
  for (const opt of options) {
    if (byName.has(opt.name)) throw new DataFileError(`option ${opt.name} is defined twice`);
    byName.set(opt.name, opt);
  }
  const choices = asArray(root.choices ?? [], 'choices').map((c, i) => readChoice(c, i, options));
  const choiceByName = new Map(choices.map((c) => [c.name, c]));
  const categories = asArray(root.categories, 'categories').map((c, i): KconfigCategory => {
    const co = asObject(c, `categories[${i}]`);
    return { id: reqString(co, 'id', `categories[${i}]`), description: reqString(co, 'description', `categories[${i}]`) };
  });
  const prjLines = asArray(root.defaultPrjConf ?? [], 'defaultPrjConf').map((l, i) => {
    if (typeof l !== 'string') throw new DataFileError(`defaultPrjConf[${i}]: expected a string`);
    return l;
  });
  const schema: KconfigSchema = {
    version: reqNumber(root, 'version', 'kconfig.json'),
    categories,
    options,
    choices,
    commonInactiveReasons: isObject(root.commonInactiveReasons) ? readStringMap(root.commonInactiveReasons, 'commonInactiveReasons') : {},
    invalidCombinations: asArray(root.invalidCombinations ?? [], 'invalidCombinations').map(readCombination),
    defaultPrjConf: prjLines.map((l) => `${l}\n`).join(''),
    option: (name) => byName.get(name),
    choice: (name) => choiceByName.get(name),
  };
  checkReferences(schema);
  return schema;
}

let cached: KconfigSchema | undefined;

/** The project's schema (data/kconfig.json), parsed once. */
export function kconfigSchema(): KconfigSchema {
  cached ??= buildKconfigSchema(kconfigData);
  return cached;
}

/** Formats a value the way a .config file writes it. */
export function formatKconfigValue(opt: KconfigOption, value: SymbolValue): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'y' : 'n';
  if (opt.type === 'hex' && typeof value === 'number') return `0x${value.toString(16)}`;
  if (opt.type === 'string') return JSON.stringify(String(value));
  return String(value);
}
