// Running an extension's code: llext_call_fn(), the init and fini arrays llext_bringup() and
// llext_teardown() call (subsys/llext/llext.c), and for teaching a call with integer
// arguments. The CPU (registry.ts) runs on the memory the load produced (bus.ts); calls into
// the image's export table run on the host side (host.ts); a fault ends the call with the
// text Zephyr prints (fatal.ts) and, as on the device, halts the system: no later action runs.
//
// Records EV_RUN, then EV_CONSOLE per piece of console output, then EV_RUN_END.
import { Engine } from "../loader/context";
import { Llext } from "../loader/llext";
import { MemArea } from "../loader/memory";
import { Bus, STOP_SYSCALL, STOP_TRAP } from "./bus";
import { Cpu } from "./cpu";
import { cpuFor } from "./registry";
import { HostEnv } from "./host";
import { fatalText, xtensaSyscallText } from "./fatal";
import { XtensaCpu } from "./xtensa";
import { loadedExtRegions, protectionRegions } from "./protection";
import { RegionLayout } from "../loader/regions";
import { veneersEnabled } from "../loader/veneers";
import { EV_CONSOLE, EV_RUN, EV_RUN_END, FAULT_BUDGET, FAULT_NONE, FAULT_NOT_EMULATED, FAULT_STOPPED } from "../trace/events";
import { ptr } from "../util/fmt";

/** Instructions one call may run by default (`option cpu-budget` changes it): far more than
 * an extension function that returns needs, and little enough that a run stays interactive. */
export const DEFAULT_CPU_BUDGET: u64 = 1_000_000;
/** Instructions run between two looks at the engine's own limits. */
const SLICE: u64 = 1 << 20;

/** The emulation state of one engine run: kept across calls, as the device's memory is. */
export class Machine {
  bus: Bus;
  cpu: Cpu | null;
  host: HostEnv = new HostEnv();
  /** Where a called function returns to: inside the trap range, never an export. */
  returnAddr: u64;
  stackTop: u64 = 0;
  /** Export names by function address (Thumb bit cleared). */
  private exportAt: Map<u64, string> = new Map<u64, string>();

  constructor(public e: Engine) {
    const cfg = e.cfg;
    this.bus = new Bus(e.mem);
    this.cpu = cpuFor(cfg.cpu, this.bus);
    const bus = this.bus;
    // The image's text: functions are not memory here, fetching from them traps. The return
    // address sits just past the range, so that no export can have it.
    bus.trapLo = cfg.imageTextBase;
    bus.trapHi = cfg.imageTextBase + cfg.imageTextSize + 16;
    this.returnAddr = cfg.imageTextBase + cfg.imageTextSize + 8;
    for (let i = 0; i < cfg.exports.length; i++) {
      const x = cfg.exports[i];
      const a = x.addr & ~(<u64>1);
      if (a >= bus.trapLo && a < bus.trapHi && !this.exportAt.has(a)) this.exportAt.set(a, x.name);
    }
    if (cfg.imageDataSize > 0 && cfg.imageDataSize < 1 << 24) {
      e.mem.add(new MemArea("image objects", cfg.imageDataBase, <i32>cfg.imageDataSize, true));
    }
    if (cfg.stackSize > 0 && cfg.stackSize < 1 << 24) {
      e.mem.add(new MemArea("stack", cfg.stackBase, <i32>cfg.stackSize, true));
      this.stackTop = cfg.stackBase + cfg.stackSize;
      // The MPU stack guard's place (CONFIG_MPU_STACK_GUARD): just below the stack.
      bus.guardLo = cfg.stackBase - 64;
      bus.guardHi = cfg.stackBase;
    }
    // The board's clocks, printk's options, and the system heap (after the stack: it sits below).
    this.host.configure(cfg, e.mem);
    // Xtensa's SYSCALL: with CONFIG_USERSPACE Zephyr takes it as a system call (not modelled);
    // without, xtensa_excint1_c() reports it and steps over it.
    const c = this.cpu;
    if (c != null && c instanceof XtensaCpu) (<XtensaCpu>c).syscallSkipped = !cfg.bool("CONFIG_USERSPACE");
  }

  /** The name of the image export at a trap address, or "". */
  exportNameAt(a: u64): string {
    const k = a & ~(<u64>1);
    return this.exportAt.has(k) ? this.exportAt.get(k) : "";
  }
}

/** The machine of the engine run in progress (one run at a time in an engine instance). */
let current: Machine | null = null;

/** The machine of run `e`, made at its first call. */
export function machineOf(e: Engine): Machine {
  let m = current;
  if (m == null || m.e !== e) {
    m = new Machine(e);
    current = m;
  }
  return m;
}

function flushConsole(e: Engine, m: Machine): void {
  if (m.host.console.length == 0) return;
  if (!e.quiet) {
    e.trace.begin(EV_CONSOLE);
    e.trace.str(m.host.console);
  }
  m.host.console = "";
}

/**
 * Runs the function at `entry` of extension `ext` with integer arguments `args`. Records the
 * run; returns the FaultKind it ended with (FAULT_NONE: it returned).
 */
export function runFunction(e: Engine, ext: Llext, label: string, entry: u64, args: u64[], argText: string): i32 {
  const m = machineOf(e);
  if (!e.quiet) {
    e.trace.begin(EV_RUN);
    e.trace.str(ext.name);
    e.trace.str(label);
    e.trace.str(argText);
    e.trace.u64(entry);
  }
  const cpu = m.cpu;
  const bus = m.bus;
  let kind: i32 = FAULT_NONE;
  let detail = "";
  let pc: u64 = entry;
  let addr: u64 = 0;
  if (cpu == null) {
    kind = FAULT_NOT_EMULATED;
    detail =
      e.cfg.cpu.length == 0
        ? "The playground does not emulate this board's CPU yet: the code was not run."
        : "The playground does not emulate CPU '" + e.cfg.cpu + "' yet: the code was not run.";
    endRun(e, m, kind, 0, 0, entry, 0, "", detail);
    return kind;
  }
  // What the memory protection allows now: the extensions loaded so far, the caller in
  // supervisor mode and not in their memory domain (protection.ts).
  const R = new RegionLayout(e.cfg.bool("CONFIG_LLEXT_RODATA_NO_RELOC"), veneersEnabled(e.cfg));
  bus.regions = protectionRegions(e.cfg, loadedExtRegions(e, R));
  bus.stop = 0;
  bus.flush();
  cpu.fault = 0;
  cpu.faultNote = "";
  cpu.instructions = 0;
  cpu.prepareCall(entry, args, m.returnAddr, m.stackTop & ~(<u64>15));
  const budget = e.cfg.cpuBudget > 0 ? e.cfg.cpuBudget : DEFAULT_CPU_BUDGET;
  const stopAt = e.cfg.cpuStop;
  while (true) {
    let want = budget - cpu.instructions;
    if (stopAt > 0 && stopAt - cpu.instructions < want) want = stopAt - cpu.instructions;
    if (want > SLICE) want = SLICE;
    const n = cpu.run(want);
    cpu.instructions += n;
    m.host.cycles += n;
    if (bus.stop == STOP_TRAP) {
      const at = bus.faultAddr;
      bus.stop = 0;
      if ((at & ~(<u64>1)) == (m.returnAddr & ~(<u64>1))) break;
      const name = m.exportNameAt(at);
      const r = name.length == 0 ? FAULT_NOT_EMULATED : m.host.call(name, cpu);
      flushConsole(e, m);
      if (r != 0) {
        kind = r;
        detail = name.length == 0 ? "a call to " + ptr(at) + ", in the image's text but not an exported function" : m.host.detail;
        pc = at;
        break;
      }
      if (bus.stop != 0) {
        // A host function read or wrote memory it may not (a bad pointer argument).
        kind = bus.stop;
        addr = bus.faultAddr;
        pc = at;
        detail = "in " + name + ", called with a pointer to memory it cannot use";
        break;
      }
      continue;
    }
    if (bus.stop == STOP_SYSCALL) {
      // xtensa_excint1_c() without CONFIG_USERSPACE: " ** SYSCALL PS .. PC ..", the registers
      // (xtensa_dump_stack()), then bsa->pc += 3, and the code goes on after the SYSCALL.
      bus.stop = 0;
      const at = cpu.getPc();
      m.host.console += xtensaSyscallText(cpu, at);
      cpu.setPc(at + 3);
      // On to the stop and budget checks below, as after any slice.
    }
    if (bus.stop != 0 || cpu.fault != 0) {
      kind = cpu.fault != 0 ? cpu.fault : bus.stop;
      addr = bus.stop != 0 ? bus.faultAddr : 0;
      pc = cpu.getPc();
      break;
    }
    // The call's last instruction jumped back to the caller: it returned (the fetch that would
    // trap there has not happened yet when the budget or a stop ended the slice right after it).
    if ((cpu.getPc() & ~(<u64>1)) == (m.returnAddr & ~(<u64>1))) break;
    if (stopAt > 0 && cpu.instructions >= stopAt) {
      kind = FAULT_STOPPED;
      pc = cpu.getPc();
      break;
    }
    if (cpu.instructions >= budget) {
      kind = FAULT_BUDGET;
      pc = cpu.getPc();
      detail = "still running after " + budget.toString() + " instructions: an endless loop?";
      break;
    }
    if (!e.tick(1)) break;
  }
  flushConsole(e, m);
  const text = kind == FAULT_NONE || kind == FAULT_STOPPED ? "" : fatalText(e.cfg.arch, cpu, kind, pc, addr);
  endRun(e, m, kind, cpu.retval(), cpu.instructions, pc, addr, text, detail);
  // A fault is fatal on the device: z_fatal_error() halts the system.
  if (kind != FAULT_NONE && kind != FAULT_STOPPED) e.halted = true;
  return kind;
}

function endRun(e: Engine, m: Machine, kind: i32, ret: u64, n: u64, pc: u64, addr: u64, text: string, detail: string): void {
  if (e.quiet) return;
  const t = e.trace;
  t.begin(EV_RUN_END);
  t.u64(ret);
  t.u64(n);
  t.u8(<u32>kind);
  t.u64(pc);
  t.u64(addr);
  t.str(text);
  t.str(detail);
  const cpu = m.cpu;
  const count = cpu == null ? 0 : cpu.regCount();
  t.u32(<u32>count);
  if (cpu != null) {
    for (let i = 0; i < count; i++) {
      t.str(cpu.regName(i));
      t.u64(cpu.reg(i));
    }
  }
}
