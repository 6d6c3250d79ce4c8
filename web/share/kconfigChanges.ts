// The Kconfig part of a shared session: only the values that differ from the
// playground's default configuration on the session's board. The schema
// (wasm-core/data/kconfig.json) decides which options exist, their types and
// which ones prj.conf may set, so nothing here lists options by hand.
import {
  type Board,
  type KconfigOption,
  type KconfigSchema,
  type ResolvedConfig,
  defaultPrjConf,
  formatKconfigValue,
  kconfigSchema,
  resolvePrjConf,
} from '@core/config/index.js';

export type KconfigValue = boolean | number | string;

/** Full CONFIG_ name -> value, in schema order. */
export type KconfigChanges = Record<string, KconfigValue>;

export interface ChangeProblem {
  option: string;
  message: string;
}

/** Options prj.conf can set: the only ones worth recording, the rest follow from them or from the board. */
function recordable(opt: KconfigOption): boolean {
  return opt.userSettable && !opt.promptless;
}

function baseline(board: Board, schema: KconfigSchema): ResolvedConfig {
  return resolvePrjConf(board, defaultPrjConf(schema), schema).config;
}

/** Options prj.conf can set whose value in `target` differs from `other` (skipping choice entries that are off). */
function differing(target: ResolvedConfig, other: ResolvedConfig): ResolvedConfig['options'] {
  return target.options.filter(
    (o) =>
      recordable(o.option) &&
      o.active &&
      o.value !== undefined &&
      o.value !== other.value(o.option.name) &&
      !(o.option.type === 'choice-member' && o.value === false),
  );
}

/**
 * The effective values of `prjConf` on `board` that differ from the default
 * configuration. Choice members are recorded by their selected entry only
 * (selecting it deselects the others); inactive options are skipped because
 * Kconfig ignores any value they are given. A value can equal the default for
 * a different reason (set by the user while its default now follows another
 * changed option), so the changes are replayed and completed until replaying
 * them gives every effective value back.
 */
export function kconfigChanges(board: Board, prjConf: string, schema: KconfigSchema = kconfigSchema()): KconfigChanges {
  const mine = resolvePrjConf(board, prjConf, schema).config;
  const recorded = new Set(differing(mine, baseline(board, schema)).map((o) => o.option.name));
  const changesOf = (): KconfigChanges => {
    const out: KconfigChanges = {};
    for (const o of mine.options) {
      const v = o.value;
      if (recorded.has(o.option.name) && v !== undefined) out[o.option.name] = v;
    }
    return out;
  };
  // Each round records at least one more option, so this ends; the bound is a guard.
  for (let round = 0; round < schema.options.length; round++) {
    const replayed = resolvePrjConf(board, prjConfWithChanges(changesOf(), schema), schema).config;
    const missing = differing(mine, replayed).filter((o) => !recorded.has(o.option.name));
    if (missing.length === 0) break;
    for (const o of missing) recorded.add(o.option.name);
  }
  return changesOf();
}

/** The changes as prj.conf lines, in schema order. */
export function changeLines(changes: KconfigChanges, schema: KconfigSchema = kconfigSchema()): string[] {
  const lines: string[] = [];
  for (const opt of schema.options) {
    if (!(opt.name in changes)) continue;
    lines.push(`${opt.name}=${formatKconfigValue(opt, changes[opt.name])}`);
  }
  return lines;
}

/** prj.conf text for a set of changes: the default configuration, then one line per change. */
export function prjConfWithChanges(changes: KconfigChanges, schema: KconfigSchema = kconfigSchema()): string {
  const lines = changeLines(changes, schema);
  const base = defaultPrjConf(schema);
  return lines.length === 0 ? base : `${base}${lines.join('\n')}\n`;
}

function typeMatches(opt: KconfigOption, value: unknown): value is KconfigValue {
  switch (opt.type) {
    case 'bool':
    case 'choice-member':
      return typeof value === 'boolean';
    case 'int':
    case 'hex':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'string':
      return typeof value === 'string' && value.length <= 4096 && !/[\n\r]/.test(value);
  }
}

function typeName(opt: KconfigOption): string {
  if (opt.type === 'bool' || opt.type === 'choice-member') return 'true or false';
  if (opt.type === 'string') return 'a one-line string';
  return 'an integer';
}

export interface CheckedChanges {
  changes: KconfigChanges;
  /** Options this version does not know or no longer lets prj.conf set: reported and left out. */
  dropped: ChangeProblem[];
  /** Values of the wrong type: the document is malformed. */
  invalid: ChangeProblem[];
}

/** Checks a decoded `config` object against the schema. */
export function checkKconfigChanges(raw: Record<string, unknown>, schema: KconfigSchema = kconfigSchema()): CheckedChanges {
  const changes: KconfigChanges = {};
  const dropped: ChangeProblem[] = [];
  const invalid: ChangeProblem[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const opt = schema.option(name);
    if (!opt) {
      dropped.push({
        option: name,
        message: `${name} is not a Kconfig option this version of the playground knows; its value (${JSON.stringify(value)}) is not applied.`,
      });
      continue;
    }
    if (!recordable(opt)) {
      dropped.push({
        option: name,
        message: `${name} can no longer be set in prj.conf; its value (${JSON.stringify(value)}) is not applied.`,
      });
      continue;
    }
    if (!typeMatches(opt, value)) {
      invalid.push({ option: name, message: `${name} must be ${typeName(opt)}, not ${JSON.stringify(value)}.` });
      continue;
    }
    changes[name] = value;
  }
  return { changes, dropped, invalid };
}
