// Whole-simulation entry point: input files + the engine input document -> binary trace.
import { Action, SimConfig, parseConfig, parseNumber, parseU64 } from "../config/sim";
import { Engine } from "../loader/context";
import { llextFreeInspectionData, llextLoad } from "../loader/load";
import { LoadParam, parseLoadParam } from "../loader/loadparam";
import { llextBringup, llextCallFn, llextTeardown, llextUnload } from "../loader/lifecycle";
import { EV_ACTION, EV_INFO, EV_RESULT } from "../trace/events";
import { ZEPHYR_VERSION } from "../loader/version";
import { EINVAL } from "../util/errno";

const files: Uint8Array[] = [];

export function clearInputFiles(): void {
  files.length = 0;
}

export function addInputFile(data: Uint8Array): i32 {
  files.push(data);
  return files.length - 1;
}

/** Adds an input file of `size` bytes and returns where its bytes start in the engine's
 * memory, so that a host can read the file straight into it (no copy). The bytes are not
 * cleared first (a large file would be written twice): the host must write every one. */
export function newInputFile(size: i32): usize {
  const buffer = changetype<ArrayBuffer>(__new(<usize>max(0, size), idof<ArrayBuffer>()));
  const data = Uint8Array.wrap(buffer);
  files.push(data);
  return data.dataStart;
}

function info(e: Engine, key: string, value: string): void {
  e.trace.begin(EV_INFO);
  e.trace.str(key);
  e.trace.str(value);
}

/** `action call NAME FN [ARG...]`: integer arguments, decimal, 0x hex or negative. */
function callAction(e: Engine, a: Action): i32 {
  const args: u64[] = [];
  for (let i = 2; i < a.args.length; i++) {
    const t = a.args[i];
    const neg = t.startsWith("-");
    const ok = new StaticArray<bool>(1);
    const v = parseU64(neg ? t.substring(1) : t, ok);
    if (!ok[0]) {
      e.diag(2, "input", "Action '" + a.text + "': argument '" + t + "' is not an integer.");
      return -EINVAL;
    }
    args.push(neg ? <u64>-(<i64>v) : v);
  }
  return llextCallFn(e, a.arg(0), a.arg(1), args, a.args.slice(2).join(", "));
}

/** Runs every action of the document; returns the engine so callers can inspect the final state. */
export function runDocument(config: string, quiet: bool, consumesInputs: bool = false): Engine {
  return runConfig(parseConfig(config), quiet, consumesInputs);
}

/** `consumesInputs`: the caller clears the input files after this run, so the run may
 * use (and patch) them in place instead of copying them. */
export function runConfig(cfg: SimConfig, quiet: bool, consumesInputs: bool = false): Engine {
  const e = new Engine(cfg, files);
  e.quiet = quiet;
  e.consumesInputs = consumesInputs;
  if (!quiet) {
    info(e, "zephyr", ZEPHYR_VERSION);
    info(e, "board", cfg.board);
    info(e, "arch", cfg.arch);
    for (let i = 0; i < cfg.errors.length; i++) e.diag(2, "input", cfg.errors[i]);
    if (e.relocator == null) {
      e.diag(
        1,
        "arch-unsupported",
        "No relocation table for architecture '" +
          cfg.arch +
          "' yet: relocations will fail with -ENOTSUP as on an architecture without LLEXT support.",
      );
    }
  }
  e.heaps.initStatic();
  for (let i = 0; i < cfg.actions.length; i++) {
    if (e.exhausted) break;
    const a = cfg.actions[i];
    if (e.halted) {
      if (!quiet)
        e.diag(1, "halted", "Action '" + a.text + "' did not run: the extension's code faulted earlier and Zephyr halted the system.");
      break;
    }
    if (!quiet) {
      e.trace.begin(EV_ACTION);
      e.trace.u32(<u32>i);
      e.trace.str(a.text);
    }
    let ret: i32 = 0;
    const v = a.verb;
    if (v == "load") {
      const idx = parseNumber(a.arg(1));
      if (idx < 0 || idx >= <i64>files.length) {
        e.diag(
          2,
          "input",
          "Action '" +
            a.text +
            "' names input file " +
            a.arg(1) +
            " but " +
            (files.length == 1 ? "1 file was given." : files.length.toString() + " files were given."),
        );
        ret = -EINVAL;
      } else {
        const param = new LoadParam();
        const bad = parseLoadParam(a.args.slice(2), param);
        if (bad.length > 0) {
          e.diag(2, "input", "Action '" + a.text + "': " + bad + ".");
          ret = -EINVAL;
        } else ret = llextLoad(e, a.arg(0), <i32>idx, param);
      }
    } else if (v == "unload") ret = llextUnload(e, a.arg(0));
    else if (v == "free_inspection_data") ret = llextFreeInspectionData(e, a.arg(0));
    else if (v == "heap_init") ret = e.heaps.heapInit(<u64>max<i64>(0, parseNumber(a.arg(0))));
    else if (v == "heap_init_harvard")
      ret = e.heaps.heapInitHarvard(<u64>max<i64>(0, parseNumber(a.arg(0))), <u64>max<i64>(0, parseNumber(a.arg(1))));
    else if (v == "heap_uninit") ret = e.heaps.heapUninit(e.loaded.length);
    else if (v == "bringup") ret = llextBringup(e, a.arg(0));
    else if (v == "teardown") ret = llextTeardown(e, a.arg(0));
    else if (v == "call") ret = callAction(e, a);
    else {
      e.diag(2, "input", "Unknown action '" + v + "'.");
      ret = -EINVAL;
    }
    if (e.exhausted && ret == 0) ret = -EINVAL;
    if (!quiet) {
      e.trace.begin(EV_RESULT);
      e.trace.str(v);
      // A call of "whichever extension exports it" is named by its function.
      e.trace.str(v == "call" && a.arg(0) == "*" ? a.arg(1) : a.arg(0));
      e.trace.i32(ret);
    }
    e.lastRet = ret;
    if (ret < 0 && e.firstFailure == 0) e.firstFailure = ret;
  }
  return e;
}

/** One recorded run. It consumes the input files: ELF buffers alias them and in-place
 * patches land in them, so they are released when the run ends. */
export function simulate(config: string): Uint8Array {
  const e = runDocument(config, false, true);
  clearInputFiles();
  return e.trace.finish();
}

/** The trace of the last simulateInPlace() run, until releaseTrace(). */
let heldTrace: Uint8Array | null = null;

/** simulate() leaving the trace in engine memory: returns where it starts, heldTraceLength()
 * its length. The host copies it out in one piece (ArrayBuffer.slice, twice as fast as the
 * bindings' typed-array copy for a large trace), then calls releaseTrace(). */
export function simulateInPlace(config: string): usize {
  const t = simulate(config);
  heldTrace = t;
  return t.dataStart;
}

export function heldTraceLength(): i32 {
  const t = heldTrace;
  return t == null ? 0 : t.length;
}

export function releaseTrace(): void {
  heldTrace = null;
}

/** One run that records nothing (the mode the min-heap solver uses), for measuring the
 * loader alone; returns the first failing action's result (0 when all succeeded). */
export function simulateQuiet(config: string): i32 {
  const e = runDocument(config, true, true);
  clearInputFiles();
  return e.exhausted && e.firstFailure == 0 ? -EINVAL : e.firstFailure;
}
