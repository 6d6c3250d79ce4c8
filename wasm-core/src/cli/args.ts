// Command-line parsing for llext-sim. Errors say what to change.
import { applyLoadParam, cpuBudgetProblem } from '../config/index.js';

export class UsageError extends Error {}

export interface LoadArgs {
  command: 'load' | 'min-heap';
  files: string[];
  board: string;
  conf?: string;
  defines: string[];
  exports?: string;
  json: boolean;
  /** load only: run the loader recording nothing and print one line (the full output on failure). */
  quiet: boolean;
  abiStrict: boolean;
  names: string[];
  heapInit?: string;
  loader: 'buf' | 'fs';
  /** --load-param key=value, applied to every load (struct llext_load_param). */
  loadParams: string[];
  /** --call: run these functions on the emulated CPU after the loads, in order. */
  calls: CallSpec[];
  /** --bringup / --teardown: llext_bringup() of every extension after the loads (its init
   * functions run), llext_teardown() after the calls. */
  bringup: boolean;
  teardown: boolean;
  /** --cpu-budget: instructions each call may run (absent: the engine's default). */
  cpuBudget?: number;
}

/** One --call: `FN`, `FN(1, -2, 0x10)` or `EXT:FN(...)`. */
export interface CallSpec {
  /** The extension, or undefined: the first loaded extension that exports `fn`. */
  ext?: string;
  fn: string;
  args: bigint[];
}

export interface HeapArgs {
  command: 'heap';
  size: bigint;
  base: bigint;
  bits: 32 | 64;
  json: boolean;
  ops: string[];
}

export type CliArgs = LoadArgs | HeapArgs | { command: 'help' } | { command: 'boards'; json: boolean };

export const USAGE = `llext-sim: simulate Zephyr's LLEXT loader

  llext-sim load EXT [EXT2 ...] --board ID [--conf prj.conf] [-D CONFIG_X=value ...]
                 [--exports FILE|zephyr.elf] [--name NAME ...] [--heap-init BYTES]
                 [--loader buf|fs] [--abi-strict] [--json | --quiet]
                 [--bringup] [--call 'FN' | --call 'FN(1,2)' | --call 'EXT:FN' ...] [--teardown]
                 [--cpu-budget N]
                 [--load-param KEY=VALUE ...]: struct llext_load_param for every
                          load: relocate_local=0|1, keep_section_info=0|1,
                          section_detached=.name[,.name], pre_located=0|1
                 --quiet: one line when every extension loads; a failure prints
                          the whole text output, as without --quiet
                 --call: run an exported function on the emulated CPU after the loads
                         (llext_call_fn; with integer arguments per the calling
                         convention) and print its console output and result
                 --cpu-budget N: instructions each call may run before it is stopped
                         (default 1000000, at most 1000000000)
  llext-sim min-heap EXT [EXT2 ...] --board ID [load's options but --quiet]
  llext-sim heap --size N [--base ADDR] [--bits 32|64] [--json] OPS...
                 OPS: a100 = k_heap_alloc(100), a1000@64 = k_heap_aligned_alloc(64, 1000),
                      f2 = free the block returned by op 2 (ops count from 0)
  llext-sim boards [--json]

Exit status: 0 on success, otherwise Zephyr's errno as a positive number (14, EFAULT, when a
call did not return: its code faulted, ran out of its instruction budget, or reached an image
function the playground does not emulate).`;

function need(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return v;
}

const INTEGER = /^-?(0x[0-9a-fA-F]+|[0-9]+)$/;

/** Parses one --call value: `FN`, `FN()`, `FN(1, -2, 0x10)`, `EXT:FN(...)`. */
export function parseCall(text: string): CallSpec {
  const m = /^\s*(?:([A-Za-z0-9_.-]+):)?([A-Za-z_$][A-Za-z0-9_$.]*)\s*(?:\((.*)\))?\s*$/.exec(text);
  if (!m) throw new UsageError(`--call expects FN, FN(1,2) or EXT:FN(...), not '${text}'`);
  const inner = (m[3] ?? '').trim();
  const args = inner === '' ? [] : inner.split(',').map((a) => a.trim());
  for (const a of args) {
    if (!INTEGER.test(a)) throw new UsageError(`--call '${text}': argument '${a}' is not an integer (decimal, 0x hex, or negative)`);
  }
  const values = args.map((a) => (a.startsWith('-') ? -BigInt(a.slice(1)) : BigInt(a)));
  for (const v of values) {
    if (v < -(1n << 63n) || v >= 1n << 64n) throw new UsageError(`--call '${text}': argument ${v} does not fit in 64 bits`);
  }
  if (values.length > 16) throw new UsageError(`--call '${text}': at most 16 arguments`);
  return { ext: m[1], fn: m[2]!, args: values };
}

function parseBig(s: string, what: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(s)) throw new UsageError(`${what} must be a decimal or 0x-hex number, not '${s}'`);
  return BigInt(s);
}

export function parseArgs(argv: string[]): CliArgs {
  const cmd = argv[0];
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') return { command: 'help' };
  const rest = argv.slice(1);
  if (cmd === 'boards') return { command: 'boards', json: rest.includes('--json') };
  if (cmd === 'heap') {
    let size: bigint | undefined;
    let base = 0n;
    let bits: 32 | 64 = 32;
    let json = false;
    const ops: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === '--size') {
        size = parseBig(need(rest, i, a), '--size');
        i++;
      } else if (a === '--base') {
        base = parseBig(need(rest, i, a), '--base');
        i++;
      } else if (a === '--bits') {
        const b = need(rest, i, a);
        i++;
        if (b !== '32' && b !== '64') throw new UsageError(`--bits must be 32 or 64, not '${b}'`);
        bits = b === '64' ? 64 : 32;
      } else if (a === '--json') json = true;
      else if (a.startsWith('--')) throw new UsageError(`unknown option ${a} for 'heap'`);
      else ops.push(a);
    }
    if (size === undefined) throw new UsageError(`'heap' needs --size N (the heap buffer size in bytes)`);
    return { command: 'heap', size, base, bits, json, ops };
  }
  if (cmd !== 'load' && cmd !== 'min-heap') throw new UsageError(`unknown command '${cmd}' (try: load, min-heap, heap, boards)`);
  const out: LoadArgs = {
    command: cmd,
    files: [],
    board: '',
    defines: [],
    json: false,
    quiet: false,
    abiStrict: false,
    names: [],
    loader: 'buf',
    calls: [],
    bringup: false,
    teardown: false,
    loadParams: [],
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--board' || a === '-b') {
      out.board = need(rest, i, a);
      i++;
    } else if (a === '--conf') {
      out.conf = need(rest, i, a);
      i++;
    } else if (a === '-D') {
      out.defines.push(need(rest, i, a));
      i++;
    } else if (a.startsWith('-DCONFIG_')) out.defines.push(a.slice(2));
    else if (a === '--exports') {
      out.exports = need(rest, i, a);
      i++;
    } else if (a === '--name') {
      out.names.push(need(rest, i, a));
      i++;
    } else if (a === '--heap-init') {
      out.heapInit = need(rest, i, a);
      i++;
    } else if (a === '--loader') {
      const l = need(rest, i, a);
      i++;
      if (l !== 'buf' && l !== 'fs') throw new UsageError(`--loader must be buf or fs, not '${l}'`);
      out.loader = l;
    } else if (a === '--call' && cmd === 'load') {
      out.calls.push(parseCall(need(rest, i, a)));
      i++;
    } else if (a === '--cpu-budget' && cmd === 'load') {
      const v = need(rest, i, a);
      i++;
      const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
      const problem = cpuBudgetProblem(n);
      if (problem !== null) throw new UsageError(`--cpu-budget ${problem}, not '${v}'`);
      out.cpuBudget = n;
    } else if (a === '--bringup' && cmd === 'load') out.bringup = true;
    else if (a === '--teardown' && cmd === 'load') out.teardown = true;
    else if (a === '--load-param') {
      out.loadParams.push(need(rest, i, a));
      i++;
    } else if (a === '--json') out.json = true;
    else if (a === '--quiet' && cmd === 'load') out.quiet = true;
    else if (a === '--abi-strict') out.abiStrict = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a} for '${cmd}'`);
    else out.files.push(a);
  }
  if (out.files.length === 0) throw new UsageError(`'${cmd}' needs at least one extension file`);
  if (out.quiet && out.json) throw new UsageError(`--quiet and --json cannot be combined (--json always prints the whole document)`);
  if (out.board === '') throw new UsageError(`'${cmd}' needs --board ID (see 'llext-sim boards')`);
  for (const w of out.loadParams) {
    const err = applyLoadParam({}, w);
    if (err !== '') throw new UsageError(`--load-param: ${err}`);
  }
  for (const d of out.defines) {
    if (!/^CONFIG_[A-Za-z0-9_]+=.*$/.test(d)) throw new UsageError(`-D expects CONFIG_NAME=value, not '${d}'`);
  }
  return out;
}
