// The small subset of the Kconfig expression language the schema uses for
// `depends`, the `if` of defaults and invalid-combination rules:
//   expr := or ; or := and ('||' and)* ; and := not ('&&' not)*
//   not  := '!' not | cmp ; cmp := primary (('='|'!='|'<'|'<='|'>'|'>=') primary)?
//   primary := '(' expr ')' | SYMBOL | NUMBER | "string" | y | n
// Symbols are written without the CONFIG_ prefix, as in Kconfig files.
// Only y/n exist (no tristate m), so && / || / ! are plain boolean logic.

/** Value of a symbol: bool -> boolean, int/hex -> number, string -> string,
 *  undefined for an int/hex/string symbol whose dependencies are unmet. */
export type SymbolValue = boolean | number | string | undefined;

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { type: 'symbol'; name: string }
  | { type: 'literal'; value: boolean | number | string }
  | { type: 'not'; operand: Expr }
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'compare'; op: CompareOp; left: Expr; right: Expr };

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly position: number,
  ) {
    super(`${message} at column ${position + 1} of "${source}"`);
    this.name = 'ExprSyntaxError';
  }
}

type Token =
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'end'; pos: number };

const OPERATORS = ['&&', '||', '!=', '<=', '>=', '!', '=', '<', '>', '(', ')'];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j];
        j++;
      }
      if (j >= src.length) throw new ExprSyntaxError('unterminated string', src, i);
      tokens.push({ kind: 'string', text, pos: i });
      i = j + 1;
      continue;
    }
    const word = /^-?[A-Za-z0-9_]+/.exec(src.slice(i));
    if (!word) throw new ExprSyntaxError(`unexpected character '${c}'`, src, i);
    tokens.push({ kind: 'word', text: word[0], pos: i });
    i += word[0].length;
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

const NUMBER = /^(-?\d+|0[xX][0-9a-fA-F]+)$/;

/** Parses a Kconfig expression; throws ExprSyntaxError on malformed input. */
export function parseExpr(src: string): Expr {
  const tokens = tokenize(src);
  let at = 0;
  const peek = (): Token => tokens[at];
  const isOp = (text: string): boolean => {
    const t = peek();
    return t.kind === 'op' && t.text === text;
  };

  function parseOr(): Expr {
    let left = parseAnd();
    while (isOp('||')) {
      at++;
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Expr {
    let left = parseNot();
    while (isOp('&&')) {
      at++;
      left = { type: 'and', left, right: parseNot() };
    }
    return left;
  }
  function parseNot(): Expr {
    if (isOp('!')) {
      at++;
      return { type: 'not', operand: parseNot() };
    }
    return parseCompare();
  }
  function parseCompare(): Expr {
    const left = parsePrimary();
    const t = peek();
    if (t.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      at++;
      return { type: 'compare', op: t.text as CompareOp, left, right: parsePrimary() };
    }
    return left;
  }
  function parsePrimary(): Expr {
    const t = peek();
    if (t.kind === 'op' && t.text === '(') {
      at++;
      const inner = parseOr();
      if (!isOp(')')) throw new ExprSyntaxError("expected ')'", src, peek().pos);
      at++;
      return inner;
    }
    if (t.kind === 'string') {
      at++;
      return { type: 'literal', value: t.text };
    }
    if (t.kind === 'word') {
      at++;
      if (t.text === 'y') return { type: 'literal', value: true };
      if (t.text === 'n') return { type: 'literal', value: false };
      if (NUMBER.test(t.text)) return { type: 'literal', value: Number(t.text) };
      if (t.text.startsWith('-')) throw new ExprSyntaxError(`bad symbol '${t.text}'`, src, t.pos);
      return { type: 'symbol', name: t.text };
    }
    throw new ExprSyntaxError(t.kind === 'end' ? 'unexpected end of expression' : `unexpected '${t.text}'`, src, t.pos);
  }

  const expr = parseOr();
  if (peek().kind !== 'end') throw new ExprSyntaxError(`unexpected '${tokenText(peek())}'`, src, peek().pos);
  return expr;
}

function tokenText(t: Token): string {
  return t.kind === 'end' ? 'end' : t.text;
}

export type SymbolLookup = (name: string) => SymbolValue;

/** Evaluates an expression in boolean context (Kconfig "is it y?"). */
export function evalBool(expr: Expr, lookup: SymbolLookup): boolean {
  switch (expr.type) {
    case 'symbol':
      return lookup(expr.name) === true;
    case 'literal':
      return expr.value === true;
    case 'not':
      return !evalBool(expr.operand, lookup);
    case 'and':
      return evalBool(expr.left, lookup) && evalBool(expr.right, lookup);
    case 'or':
      return evalBool(expr.left, lookup) || evalBool(expr.right, lookup);
    case 'compare':
      return compare(expr.op, operand(expr.left, lookup), operand(expr.right, lookup));
  }
}

function operand(expr: Expr, lookup: SymbolLookup): SymbolValue {
  if (expr.type === 'symbol') return lookup(expr.name);
  if (expr.type === 'literal') return expr.value;
  return evalBool(expr, lookup);
}

function asNumber(v: boolean | number | string): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER.test(v)) return Number(v);
  return undefined;
}

function asText(v: boolean | number | string): string {
  return typeof v === 'boolean' ? (v ? 'y' : 'n') : String(v);
}

// Numbers compare numerically, anything else as text, like Kconfig. One
// deliberate difference: an operand without a value (an int symbol whose
// dependencies are unmet) makes every comparison false, where Kconfig would
// compare the empty string.
function compare(op: CompareOp, a: SymbolValue, b: SymbolValue): boolean {
  if (a === undefined || b === undefined) return false;
  const na = asNumber(a);
  const nb = asNumber(b);
  let order: number;
  if (na !== undefined && nb !== undefined) order = na - nb;
  else {
    const ta = asText(a);
    const tb = asText(b);
    order = ta < tb ? -1 : ta > tb ? 1 : 0;
  }
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** Every symbol name the expression mentions. */
export function symbolsOf(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.type) {
    case 'symbol':
      into.add(expr.name);
      break;
    case 'literal':
      break;
    case 'not':
      symbolsOf(expr.operand, into);
      break;
    default:
      symbolsOf(expr.left, into);
      symbolsOf(expr.right, into);
  }
  return into;
}

/** Splits `a && b && c` into [a, b, c]; anything else is one conjunct. */
export function conjuncts(expr: Expr): Expr[] {
  if (expr.type !== 'and') return [expr];
  return [...conjuncts(expr.left), ...conjuncts(expr.right)];
}

const PRECEDENCE: Record<Expr['type'], number> = { or: 1, and: 2, not: 3, compare: 4, symbol: 5, literal: 5 };

/**
 * Canonical text of an expression: single spaces around binary operators,
 * parentheses only where precedence needs them. `prefix` is prepended to
 * symbol names (pass 'CONFIG_' for messages shown to users).
 */
export function formatExpr(expr: Expr, prefix = ''): string {
  const wrap = (e: Expr, min: number): string => {
    const s = formatExpr(e, prefix);
    return PRECEDENCE[e.type] < min ? `(${s})` : s;
  };
  switch (expr.type) {
    case 'symbol':
      return prefix + expr.name;
    case 'literal':
      if (typeof expr.value === 'boolean') return expr.value ? 'y' : 'n';
      return typeof expr.value === 'number' ? String(expr.value) : JSON.stringify(expr.value);
    case 'not':
      return `!${wrap(expr.operand, PRECEDENCE.not)}`;
    case 'and':
      return `${wrap(expr.left, PRECEDENCE.and)} && ${wrap(expr.right, PRECEDENCE.and)}`;
    case 'or':
      return `${wrap(expr.left, PRECEDENCE.or)} || ${wrap(expr.right, PRECEDENCE.or)}`;
    case 'compare':
      return `${wrap(expr.left, PRECEDENCE.symbol)} ${expr.op} ${wrap(expr.right, PRECEDENCE.symbol)}`;
  }
}
