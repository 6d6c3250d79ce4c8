// Shared state of one simulation run: configuration, trace, memory, heaps and
// the global list of loaded extensions.
import { SimConfig } from "../config/sim";
import { TraceWriter } from "../trace/writer";
import { EV_DIAG, EV_LOG, LOG_DBG, LOG_ERR, LOG_INF, LOG_WRN } from "../trace/events";
import { SimMemory } from "./memory";
import { ArchRelocator } from "../arch/reloc";
import { relocatorFor } from "../arch/registry";
import { LlextHeaps } from "./heaps";
import { Llext } from "./llext";
import { MemArea } from "./memory";

export const DEFAULT_STEP_BUDGET: u64 = 50_000_000;

export class Engine {
  trace: TraceWriter = new TraceWriter();
  mem: SimMemory = new SimMemory();
  relocator: ArchRelocator | null;
  logLevel: i32;
  steps: u64 = 0;
  budget: u64;
  /** Set when the step budget ran out: every loop bails out and the run ends with an error. */
  exhausted: bool = false;
  /** Quiet runs (heap solver) record no trace. */
  quiet: bool = false;
  heaps!: LlextHeaps;
  /** Return value of the last action. */
  lastRet: i32 = 0;
  /** First negative action result (0 when every action succeeded). */
  firstFailure: i32 = 0;
  /** The global extension list, in load order. */
  loaded: Llext[] = [];
  /** Buffer-loader ELF images, per input file. */
  elfAreas: Map<i32, MemArea> = new Map<i32, MemArea>();

  constructor(public cfg: SimConfig, public files: Uint8Array[]) {
    this.relocator = relocatorFor(cfg.arch);
    // CONFIG_LLEXT_LOG_LEVEL: module level, defaulting to LOG_DEFAULT_LEVEL (INF = 3).
    this.logLevel = <i32>cfg.int("CONFIG_LLEXT_LOG_LEVEL", 3);
    this.budget = cfg.stepBudget > 0 ? cfg.stepBudget : DEFAULT_STEP_BUDGET;
    this.heaps = new LlextHeaps(this);
  }

  get ptrSize(): u32 { return this.cfg.ptrSize; }

  /** Counts one unit of work; returns false once the budget is used up. */
  tick(n: u64 = 1): bool {
    this.steps += n;
    if (this.steps > this.budget) {
      if (!this.exhausted) {
        this.exhausted = true;
        this.diag(2, "step-budget", "The simulation stopped after " + this.budget.toString() +
          " steps: the input is too large or loops. Raise the step budget to continue.");
      }
      return false;
    }
    return true;
  }

  log(level: u8, fn: string, text: string): void {
    if (<i32>level > this.logLevel || this.quiet) return;
    if (fn == "\0") { this.raw(level, text); return; }
    let tag = "<inf>";
    if (level == LOG_ERR) tag = "<err>";
    else if (level == LOG_WRN) tag = "<wrn>";
    else if (level == LOG_DBG) tag = "<dbg>";
    // Zephyr prefixes debug messages with the function name (CONFIG_LOG_FUNC_NAME_PREFIX_DBG=y).
    const line = tag + " llext: " + (level == LOG_DBG && fn.length > 0 ? fn + ": " : "") + text;
    this.trace.begin(EV_LOG);
    this.trace.u8(level);
    this.trace.str(line);
  }

  /** A log line printed as is (hexdump continuation lines). */
  raw(level: u8, line: string): void {
    if (<i32>level > this.logLevel || this.quiet) return;
    this.trace.begin(EV_LOG);
    this.trace.u8(level);
    this.trace.str(line);
  }

  err(fn: string, text: string): void { this.log(LOG_ERR, fn, text); }
  wrn(fn: string, text: string): void { this.log(LOG_WRN, fn, text); }
  inf(fn: string, text: string): void { this.log(LOG_INF, fn, text); }
  dbg(fn: string, text: string): void { this.log(LOG_DBG, fn, text); }

  /** Playground diagnostic (not a Zephyr log line). severity: 0 info, 1 warning, 2 error. */
  diag(severity: u8, code: string, text: string): void {
    if (this.quiet) return;
    this.trace.begin(EV_DIAG);
    this.trace.u8(severity);
    this.trace.str(code);
    this.trace.str(text);
  }
}
