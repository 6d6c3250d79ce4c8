// Effective Kconfig values for a board: schema defaults evaluated against the
// board's facts, plus the user's prj.conf assignments, following Kconfig's
// rules (unmet `depends` make an option inactive and its value n/unset, the
// first matching `default` wins, `select` forces bools on, a choice takes the
// user's pick if visible, else its first matching default, else its first
// visible member). Also explains which options do not apply and why, and
// reports prj.conf values Kconfig would ignore or that make no sense together.
import type { Board } from './boards.js';
import { type Diagnostic, sortDiagnostics } from './diagnostics.js';
import { type Expr, type SymbolValue, conjuncts, evalBool, formatExpr } from './kconfigExpr.js';
import { type KconfigChoice, type KconfigOption, type KconfigSchema, formatKconfigValue, kconfigSchema } from './kconfigSchema.js';
import { type UserAssignment, parsePrjConf } from './prjConf.js';

export type ValueSource = 'user' | 'board' | 'default' | 'select' | 'choice' | 'inactive';

export interface ResolvedOption {
  option: KconfigOption;
  value: SymbolValue;
  /** False when the option's dependencies (or its choice's) are unmet. */
  active: boolean;
  source: ValueSource;
  /** Why the option does not apply; set for inactive options. */
  inactiveReason?: string;
  /** The prj.conf assignment of this option, if any (even if it was ignored). */
  user?: UserAssignment;
}

export interface ResolvedConfig {
  board: Board;
  schema: KconfigSchema;
  /** Every schema option, in schema order. */
  options: ResolvedOption[];
  /** Semantic findings about the user's assignments and their combination. */
  diagnostics: Diagnostic[];
  /** Throws for a name the schema does not know. */
  get(name: string): ResolvedOption;
  value(name: string): SymbolValue;
  isEnabled(name: string): boolean;
  int(name: string): number | undefined;
  /** Selected member (full name) of a choice, or undefined when the choice is inactive. */
  choiceSelection(choice: string): string | undefined;
  /** Inactive options with the reason they do not apply. */
  doesNotApply(): { name: string; reason: string }[];
}

class Resolver {
  private readonly memo = new Map<string, SymbolValue>();
  private readonly sources = new Map<string, ValueSource>();
  private readonly pending = new Set<string>();
  private readonly choiceMemo = new Map<string, string | undefined>();
  private readonly user = new Map<string, UserAssignment>();
  private readonly selectors = new Map<string, { by: KconfigOption; if?: Expr }[]>();
  readonly lookup = (symbol: string): SymbolValue => this.valueOf(`CONFIG_${symbol}`);

  constructor(
    readonly board: Board,
    readonly schema: KconfigSchema,
    assignments: UserAssignment[],
  ) {
    for (const a of assignments) this.user.set(a.name, a);
    for (const opt of schema.options) {
      for (const s of opt.selects) {
        const list = this.selectors.get(s.symbol) ?? [];
        list.push({ by: opt, if: s.if });
        this.selectors.set(s.symbol, list);
      }
    }
    this.checkBoardFacts();
  }

  private checkBoardFacts(): void {
    for (const [name, fact] of Object.entries(this.board.kconfig)) {
      const opt = this.schema.option(name);
      if (!opt || !opt.boardFact) throw new Error(`board ${this.board.id}: ${name} is not a board fact in the Kconfig schema`);
      const wantBool = opt.type === 'bool';
      const wantNumber = opt.type === 'int' || opt.type === 'hex';
      if (
        (wantBool && typeof fact !== 'boolean') ||
        (wantNumber && typeof fact !== 'number') ||
        (opt.type === 'string' && typeof fact !== 'string')
      ) {
        throw new Error(`board ${this.board.id}: ${name} has a value of the wrong type`);
      }
    }
  }

  option(name: string): KconfigOption {
    const opt = this.schema.option(name);
    if (!opt) throw new Error(`Unknown Kconfig option ${name}`);
    return opt;
  }

  userAssignment(name: string): UserAssignment | undefined {
    return this.user.get(name);
  }

  valueOf(name: string): SymbolValue {
    if (this.memo.has(name)) return this.memo.get(name);
    if (this.pending.has(name)) throw new Error(`Kconfig dependency loop through ${name}`);
    this.pending.add(name);
    const opt = this.option(name);
    const [value, source] = this.compute(opt);
    this.pending.delete(name);
    this.memo.set(name, value);
    this.sources.set(name, source);
    return value;
  }

  sourceOf(name: string): ValueSource {
    this.valueOf(name);
    return this.sources.get(name) ?? 'default';
  }

  private compute(opt: KconfigOption): [SymbolValue, ValueSource] {
    if (opt.type === 'choice-member' && opt.choice !== undefined) {
      if (!this.isActive(opt)) return [false, 'inactive'];
      return [this.selectedMember(opt.choice) === opt.name, 'choice'];
    }
    const active = this.isActive(opt);
    if (opt.type === 'bool') {
      const [own, source] = active ? this.ownValue(opt) : [false, 'inactive' as const];
      if (own !== true && this.isSelected(opt)) return [true, 'select'];
      return [own, source];
    }
    return active ? this.ownValue(opt) : [undefined, 'inactive'];
  }

  /** Whether the option's own dependencies (and, for choice members, the choice's) hold. */
  isActive(opt: KconfigOption): boolean {
    if (opt.choice !== undefined) {
      const choice = this.schema.choice(opt.choice);
      if (choice?.depends && !evalBool(choice.depends, this.lookup)) return false;
    }
    return opt.depends ? evalBool(opt.depends, this.lookup) : true;
  }

  /** The user's value if Kconfig would accept it, else undefined. */
  usableUserValue(opt: KconfigOption): boolean | number | string | undefined {
    const u = this.user.get(opt.name);
    if (!u || !opt.userSettable || opt.promptless) return undefined;
    if (typeof u.value === 'number') {
      if (opt.range && (u.value < opt.range[0] || u.value > opt.range[1])) return undefined;
      if ((opt.min !== undefined && u.value < opt.min) || (opt.max !== undefined && u.value > opt.max)) return undefined;
    }
    return u.value;
  }

  private ownValue(opt: KconfigOption): [SymbolValue, ValueSource] {
    const u = this.usableUserValue(opt);
    if (u !== undefined) return [u, 'user'];
    if (opt.boardFact && opt.name in this.board.kconfig) return [this.board.kconfig[opt.name], 'board'];
    for (const rule of opt.defaults) {
      if (rule.if && !evalBool(rule.if, this.lookup)) continue;
      return [rule.symbol !== undefined ? this.valueOf(rule.symbol) : rule.value, 'default'];
    }
    return [opt.type === 'bool' ? false : undefined, 'default'];
  }

  private isSelected(opt: KconfigOption): boolean {
    return (this.selectors.get(opt.name) ?? []).some((s) => this.valueOf(s.by.name) === true && (!s.if || evalBool(s.if, this.lookup)));
  }

  selectorsOf(name: string): KconfigOption[] {
    return (this.selectors.get(name) ?? []).map((s) => s.by).filter((by) => this.valueOf(by.name) === true);
  }

  memberVisible(name: string): boolean {
    const member = this.option(name);
    return member.depends ? evalBool(member.depends, this.lookup) : true;
  }

  /** The user's y-assignments to a choice's visible members, in line order. */
  userPicks(choice: KconfigChoice): UserAssignment[] {
    return choice.members
      .map((m) => this.user.get(m))
      .filter((u): u is UserAssignment => u !== undefined && u.value === true && this.memberVisible(u.name))
      .sort((a, b) => a.line - b.line);
  }

  selectedMember(choiceName: string): string | undefined {
    if (this.choiceMemo.has(choiceName)) return this.choiceMemo.get(choiceName);
    const choice = this.schema.choice(choiceName);
    let picked: string | undefined;
    if (choice && (!choice.depends || evalBool(choice.depends, this.lookup))) {
      const picks = this.userPicks(choice);
      picked = picks.length > 0 ? picks[picks.length - 1].name : undefined;
      picked ??= choice.defaults.find((d) => (!d.if || evalBool(d.if, this.lookup)) && this.memberVisible(d.member))?.member;
      picked ??= choice.members.find((m) => this.memberVisible(m));
    }
    this.choiceMemo.set(choiceName, picked);
    return picked;
  }

  /** Reason an inactive option does not apply: its first unmet `depends` conjunct, explained. */
  inactiveReason(opt: KconfigOption): string {
    if (opt.choice !== undefined) {
      const choice = this.schema.choice(opt.choice);
      if (choice?.depends && !evalBool(choice.depends, this.lookup)) return this.explain(choice.depends, {});
    }
    return opt.depends ? this.explain(opt.depends, opt.inactiveReasons) : 'its dependencies are not met';
  }

  private explain(depends: Expr, own: Record<string, string>): string {
    const failed = conjuncts(depends).find((c) => !evalBool(c, this.lookup)) ?? depends;
    const key = formatExpr(failed);
    const known = own[key] ?? this.schema.commonInactiveReasons[key];
    if (known) return known;
    if (failed.type === 'symbol') return `it requires CONFIG_${failed.name}=y`;
    if (failed.type === 'not' && failed.operand.type === 'symbol') return `CONFIG_${failed.operand.name}=y`;
    return `it requires ${formatExpr(failed, 'CONFIG_')}`;
  }
}

function describe(opt: KconfigOption, value: SymbolValue): string {
  return value === undefined ? 'unset' : formatKconfigValue(opt, value);
}

function userDiagnostics(r: Resolver, assignments: UserAssignment[], suppressedDepends: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const u of assignments) {
    const opt = r.option(u.name);
    const value = r.valueOf(opt.name);
    const base = { option: opt.name, range: u.nameRange };
    if (!opt.userSettable && opt.boardFact) {
      out.push({
        ...base,
        severity: 'warning',
        code: 'not-settable',
        message: `${opt.name} comes from the board (${r.board.id}: ${describe(opt, value)}); the prj.conf value is ignored.`,
      });
      continue;
    }
    if (opt.promptless || !opt.userSettable) {
      out.push({
        ...base,
        severity: 'warning',
        code: 'not-settable',
        message: `${opt.name} has no prompt, so prj.conf cannot set it; the value is ignored. See its help for the options that control it.`,
      });
      continue;
    }
    if (!r.isActive(opt)) {
      if (!suppressedDepends.has(opt.name) && !(opt.choice !== undefined && u.value === false)) {
        out.push({
          ...base,
          severity: 'warning',
          code: 'depends',
          message: `${opt.name}=${u.text} has no effect: ${r.inactiveReason(opt)}.`,
        });
      }
      continue;
    }
    if (typeof u.value === 'number') {
      const unit = opt.unit ? ` ${opt.unit}` : '';
      if (opt.range && (u.value < opt.range[0] || u.value > opt.range[1])) {
        out.push({
          ...base,
          range: u.valueRange,
          severity: 'warning',
          code: 'range',
          message: `${opt.name}=${u.text} is outside its range [${opt.range[0]}, ${opt.range[1]}]; Kconfig ignores it and uses ${describe(opt, value)}.`,
        });
      } else if ((opt.min !== undefined && u.value < opt.min) || (opt.max !== undefined && u.value > opt.max)) {
        out.push({
          ...base,
          range: u.valueRange,
          severity: 'error',
          code: 'range',
          message: `${opt.name}=${u.text} is outside what the simulator accepts (${opt.min ?? '-'} to ${opt.max ?? '-'}${unit}); the value is ignored.`,
        });
      }
    }
    if (opt.type === 'bool' && u.value === false && value === true) {
      const by = r
        .selectorsOf(opt.name)
        .map((s) => s.name)
        .join(', ');
      out.push({ ...base, severity: 'warning', code: 'select', message: `${opt.name}=n is overridden: ${by} selects it.` });
    }
  }
  for (const choice of r.schema.choices) {
    const picks = r.userPicks(choice);
    const winner = picks[picks.length - 1];
    for (const loser of picks.slice(0, -1)) {
      out.push({
        option: loser.name,
        range: loser.nameRange,
        severity: 'warning',
        code: 'choice-conflict',
        message: `${loser.name}=y is overridden by ${winner.name}=y on line ${winner.line}: only one entry of the "${choice.prompt}" choice can be selected.`,
      });
    }
  }
  return out;
}

function combinationDiagnostics(r: Resolver, suppressedDepends: Set<string>): Diagnostic[] {
  const requested = (symbol: string): SymbolValue => {
    const u = r.userAssignment(`CONFIG_${symbol}`);
    return u ? u.value : r.lookup(symbol);
  };
  const out: Diagnostic[] = [];
  for (const combo of r.schema.invalidCombinations) {
    if (!evalBool(combo.when, combo.view === 'requested' ? requested : r.lookup)) continue;
    if (combo.replacesDepends) for (const name of combo.options) suppressedDepends.add(name);
    const assigned = combo.options.map((name) => r.userAssignment(name)).find((u) => u !== undefined);
    out.push({
      severity: combo.severity,
      code: combo.id,
      message: combo.message,
      option: assigned?.name ?? combo.options[0],
      range: assigned?.nameRange,
    });
  }
  return out;
}

/** Resolves the effective configuration of `board` with the given prj.conf assignments. */
export function resolveConfig(board: Board, assignments: UserAssignment[], schema: KconfigSchema = kconfigSchema()): ResolvedConfig {
  const r = new Resolver(board, schema, assignments);
  const options: ResolvedOption[] = schema.options.map((opt) => {
    const value = r.valueOf(opt.name);
    const active = r.isActive(opt);
    return {
      option: opt,
      value,
      active,
      source: r.sourceOf(opt.name),
      inactiveReason: active ? undefined : r.inactiveReason(opt),
      user: r.userAssignment(opt.name),
    };
  });
  const byName = new Map(options.map((o) => [o.option.name, o]));
  const suppressed = new Set<string>();
  const combos = combinationDiagnostics(r, suppressed);
  const diagnostics = sortDiagnostics([...userDiagnostics(r, assignments, suppressed), ...combos]);

  const get = (name: string): ResolvedOption => {
    const found = byName.get(name);
    if (!found) throw new Error(`Unknown Kconfig option ${name}`);
    return found;
  };
  return {
    board,
    schema,
    options,
    diagnostics,
    get,
    value: (name) => get(name).value,
    isEnabled: (name) => get(name).value === true,
    int: (name) => {
      const v = get(name).value;
      return typeof v === 'number' ? v : undefined;
    },
    choiceSelection: (choice) => r.selectedMember(choice),
    doesNotApply: () => options.filter((o) => !o.active).map((o) => ({ name: o.option.name, reason: o.inactiveReason ?? '' })),
  };
}

export interface PrjConfCheck {
  config: ResolvedConfig;
  /** Syntax and semantic diagnostics together, sorted by line. */
  diagnostics: Diagnostic[];
}

/** Parses prj.conf text and resolves it for a board in one step. */
export function resolvePrjConf(board: Board, text: string, schema: KconfigSchema = kconfigSchema()): PrjConfCheck {
  const parsed = parsePrjConf(text, schema);
  const config = resolveConfig(board, parsed.assignments, schema);
  return { config, diagnostics: sortDiagnostics([...parsed.diagnostics, ...config.diagnostics]) };
}
