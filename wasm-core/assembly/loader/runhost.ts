// What every part of a run reports to and draws on: the configuration, the simulated
// memory, the trace (Zephyr's log lines and the playground's diagnostics) and the step and
// size limits. The bottom of the loader: the heaps take a RunHost, not the whole Engine
// (context.ts), which adds the loader's own state on top of it.
import { SimConfig } from "../config/sim";
import { TraceWriter, wu8, wv } from "../trace/writer";
import { lineClose, lineOpen, utf8Max, wtext } from "../trace/text";
import { EV_DIAG, EV_LOG, EV_LOGF, LOG_DBG, LOG_ERR, LOG_INF, LOG_WRN } from "../trace/events";
import { SimMemory } from "./memory";
import { DEFAULT_STEP_BUDGET, LIMIT_MEMORY, LIMIT_STEP_BUDGET, LIMIT_TRACE, MAX_RUN_MEMORY_BYTES, MAX_TRACE_BYTES } from "./limits";

/** Steps between two looks at the trace size: a step records at most a few hundred bytes,
 * so the trace overshoots its limit by well under a megabyte. */
const CHECK_INTERVAL: u64 = 4096;

export class RunHost {
  trace: TraceWriter = new TraceWriter();
  mem: SimMemory = new SimMemory();
  logLevel: i32;
  steps: u64 = 0;
  budget: u64;
  /** Bytes of engine memory past which a run stops (limits.ts MAX_RUN_MEMORY_BYTES or less). */
  memoryLimit: u64;
  /** Set when a limit stopped the run (stop()): every loop bails out and the run ends with an error. */
  exhausted: bool = false;
  /** Set when emulated code faulted: z_fatal_error() halted the system, no later action runs. */
  halted: bool = false;
  /** Quiet runs (heap solver) record no trace. */
  quiet: bool = false;

  constructor(public cfg: SimConfig) {
    // CONFIG_LLEXT_LOG_LEVEL: module level, defaulting to LOG_DEFAULT_LEVEL (INF = 3).
    this.logLevel = <i32>cfg.int("CONFIG_LLEXT_LOG_LEVEL", 3);
    this.budget = cfg.stepBudget > 0 ? cfg.stepBudget : DEFAULT_STEP_BUDGET;
    const mib = cfg.memoryLimitMiB;
    this.memoryLimit = mib > 0 && mib < MAX_RUN_MEMORY_BYTES >> 20 ? mib << 20 : MAX_RUN_MEMORY_BYTES;
  }

  /** True when LOG_DBG lines are recorded: callers test it before building a debug message,
   * so that the text of a line nobody sees is never assembled. */
  get dbgOn(): bool {
    return this.logLevel >= <i32>LOG_DBG && !this.quiet;
  }

  /** True when LOG_INF lines are recorded. */
  get infOn(): bool {
    return this.logLevel >= <i32>LOG_INF && !this.quiet;
  }

  get ptrSize(): u32 {
    return this.cfg.ptrSize;
  }

  /** Counts one unit of work; returns false once the run has been stopped. Inlined: every
   * symbol and relocation ticks, so the common answer is one comparison with `checkAt`. */
  @inline tick(n: u64 = 1): bool {
    this.steps += n;
    if (this.steps <= this.checkAt) return true;
    return this.checkLimits();
  }

  /** The step count up to which tick() needs no other check: never past the budget, at most
   * CHECK_INTERVAL steps ahead (the trace size is looked at then), 0 once stopped. */
  private checkAt: u64 = 0;

  /** tick() at a checkpoint: stops the run at a limit, or sets the next checkpoint. */
  private checkLimits(): bool {
    if (this.exhausted) return false;
    if (this.steps > this.budget) {
      this.stop(
        LIMIT_STEP_BUDGET,
        "The simulation stopped after " +
          this.budget.toString() +
          " steps: the input is too large or loops. Raise the step budget to continue.",
      );
      return false;
    }
    if (this.trace.len > MAX_TRACE_BYTES) {
      this.stop(
        LIMIT_TRACE,
        "The simulation stopped after recording " +
          (MAX_TRACE_BYTES >> 20).toString() +
          " MiB of trace: the input is too large to show step by step.",
      );
      return false;
    }
    if ((<u64>memory.size()) << 16 > this.memoryLimit) {
      this.stop(
        LIMIT_MEMORY,
        "The simulation stopped after using " +
          (this.memoryLimit >> 20).toString() +
          " MiB of memory: the input makes the loader produce too much to keep (for example a diagnostic for each of millions of entries).",
      );
      return false;
    }
    const next = this.steps + CHECK_INTERVAL;
    this.checkAt = next < this.budget ? next : this.budget;
    return true;
  }

  /** Ends the run at a playground limit: `code` names it (loader/limits.ts), `text` says why.
   * Loops see tick() return false and unwind; the action fails. */
  stop(code: string, text: string): void {
    if (this.exhausted) return;
    this.exhausted = true;
    this.checkAt = 0;
    this.diag(2, code, text);
  }

  /** A log line; `module` is the LOG_MODULE the printing file registered or declared.
   * A `text` ending in "\n" is a Zephyr format string that ends in a newline: log_output
   * (subsys/logging/log_output.c: log_output_process()) prints the message as formatted,
   * turning its "\n" into "\r\n", then adds its own line end (postfix_print()), so the
   * console shows the line followed by an empty one; the log shows the same. */
  log(level: u8, fn: string, text: string, module: string = "llext"): void {
    if (<i32>level > this.logLevel || this.quiet) return;
    if (fn == "\0") {
      this.raw(level, text);
      return;
    }
    if (text.endsWith("\n")) {
      this.log(level, fn, text.substring(0, text.length - 1), module);
      this.raw(level, "");
      return;
    }
    this.lineEnd(wtext(this.lineStart(level, fn, utf8Max(text), module), text));
  }

  /** Where the text of the line being written (lineStart()) begins. */
  private lineText: usize = 0;

  /**
   * Starts a log line whose text the caller stores piece by piece (trace/text.ts) instead of
   * building it as a string; the bytes are those log() would write. Writes the prefix and
   * returns where the text goes, at most `maxText` bytes of it; lineEnd() ends the line.
   * The caller checks the level first (log() filters, this does not).
   */
  lineStart(level: u8, fn: string, maxText: i32, module: string = "llext"): usize {
    const prefix = this.linePrefix(level, fn, module);
    const n = prefix.length;
    const p = lineOpen(this.trace, level, n + maxText);
    this.lineText = p;
    memory.copy(p, changetype<usize>(prefix), <usize>n);
    return p + <usize>n;
  }

  /** The last few line prefixes, by level and the identity of the function and module
   * names: most lines of a large load come from a few places, each printing one per symbol
   * or per relocation. Held by reference, so that a name is compared by identity. */
  private prefixKeys: StaticArray<string | null> = new StaticArray<string | null>(8);
  private prefixBytes: StaticArray<StaticArray<u8> | null> = new StaticArray<StaticArray<u8> | null>(4);
  private prefixLevels: StaticArray<u8> = new StaticArray<u8>(4);
  private prefixNext: i32 = 0;

  /** "<tag> module: [fn: ]" in UTF-8. */
  private linePrefix(level: u8, fn: string, module: string): StaticArray<u8> {
    const keys = this.prefixKeys;
    for (let i = 0; i < 4; i++) {
      if (
        unchecked(this.prefixLevels[i]) == level &&
        changetype<usize>(unchecked(keys[2 * i])) == changetype<usize>(fn) &&
        changetype<usize>(unchecked(keys[2 * i + 1])) == changetype<usize>(module)
      ) {
        return unchecked(this.prefixBytes[i])!;
      }
    }
    let tag = "<inf> ";
    if (level == LOG_ERR) tag = "<err> ";
    else if (level == LOG_WRN) tag = "<wrn> ";
    else if (level == LOG_DBG) tag = "<dbg> ";
    // Zephyr prefixes debug messages with the function name (CONFIG_LOG_FUNC_NAME_PREFIX_DBG=y).
    const withFn = level == LOG_DBG && fn.length > 0;
    const text = tag + module + ": " + (withFn ? fn + ": " : "");
    const bytes = new StaticArray<u8>(String.UTF8.byteLength(text));
    wtext(changetype<usize>(bytes), text);
    const k = this.prefixNext;
    unchecked((keys[2 * k] = fn));
    unchecked((keys[2 * k + 1] = module));
    unchecked((this.prefixLevels[k] = level));
    unchecked((this.prefixBytes[k] = bytes));
    this.prefixNext = (k + 1) & 3;
    return bytes;
  }

  /** Ends the line started by lineStart(), whose text was stored up to `p`. */
  lineEnd(p: usize): void {
    lineClose(this.trace, this.lineText, p);
  }

  /**
   * Starts a log line whose text the trace decoder assembles from a template (see
   * EV_LOGF in trace/events.ts): used for the lines printed once per relocation, so
   * the engine writes a few numbers instead of building a string. Returns 0 when the
   * line is filtered out; otherwise the position where the caller writes the template's
   * arguments (with the w*() stores of trace/writer.ts) before trace.close().
   * `tplId` comes from trace.template(); `argBytes` bounds the size of those arguments (10 per integer).
   */
  logfOpen(level: u8, fn: string, tplId: u32, argBytes: i32): usize {
    if (<i32>level > this.logLevel || this.quiet) return 0;
    const fnId = level == LOG_DBG && fn.length > 0 ? this.fnId(fn) : 0;
    let p = this.trace.open(22 + argBytes);
    p = wu8(p, EV_LOGF);
    p = wu8(p, level);
    p = wv(p, <u64>fnId);
    return wv(p, <u64>tplId);
  }

  /** The last few function names of EV_LOGF lines and their trace string ids: a line per
   * relocation names one of two or three functions, and interning the name each time
   * hashed it each time. Held by reference, so that a name is compared by identity. */
  private fnNames: StaticArray<string | null> = new StaticArray<string | null>(4);
  private fnIds: StaticArray<u32> = new StaticArray<u32>(4);
  private fnNext: i32 = 0;

  /** trace.intern(fn), remembered for the same string object. */
  private fnId(fn: string): u32 {
    const names = this.fnNames;
    for (let i = 0; i < names.length; i++) {
      if (changetype<usize>(unchecked(names[i])) == changetype<usize>(fn)) return unchecked(this.fnIds[i]);
    }
    const id = this.trace.intern(fn);
    const k = this.fnNext;
    unchecked((names[k] = fn));
    unchecked((this.fnIds[k] = id));
    this.fnNext = (k + 1) & 3;
    return id;
  }

  /** A log line printed as is (hexdump continuation lines). */
  raw(level: u8, line: string): void {
    if (<i32>level > this.logLevel || this.quiet) return;
    this.trace.begin(EV_LOG);
    this.trace.u8(level);
    this.trace.str(line);
  }

  err(fn: string, text: string): void {
    this.log(LOG_ERR, fn, text);
  }
  wrn(fn: string, text: string): void {
    this.log(LOG_WRN, fn, text);
  }
  inf(fn: string, text: string): void {
    this.log(LOG_INF, fn, text);
  }
  dbg(fn: string, text: string): void {
    this.log(LOG_DBG, fn, text);
  }

  /** Playground diagnostic (not a Zephyr log line). severity: 0 info, 1 warning, 2 error. */
  diag(severity: u8, code: string, text: string): void {
    if (this.quiet) return;
    this.trace.begin(EV_DIAG);
    this.trace.u8(severity);
    this.trace.str(code);
    this.trace.str(text);
  }
}
