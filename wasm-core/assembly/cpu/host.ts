// The Zephyr image on the host side: when an extension calls a function of the image's export
// table, the CPU traps (bus.ts) and the function named by the export table runs here, reading
// its arguments through the Cpu interface and returning through it.
//
// A function the playground does not emulate stops the call with FAULT_NOT_EMULATED.
import { Cpu } from "./cpu";
import { FAULT_NOT_EMULATED } from "../trace/events";

export class HostEnv {
  /** Console output of the current call not yet recorded (run.ts flushes it). */
  console: string = "";
  /** Why the last hostCall() failed (a FaultKind was returned). */
  detail: string = "";
  /** Virtual time, in CPU cycles (one per instruction, plus what k_sleep and friends add). */
  cycles: u64 = 0;

  /**
   * Runs image function `name` for `cpu`, which stopped at its entry. Returns 0 when it ran
   * (and cpu.hostReturn() was called), or a FaultKind with `detail` set.
   */
  call(name: string, cpu: Cpu): i32 {
    if (name == "printk") {
      const fmt = cpu.bus.cstr(cpu.arg(0), 1024);
      this.console += fmt == null ? "" : fmt;
      cpu.hostReturn(0, 0);
      return 0;
    }
    this.detail = "not emulated: " + name;
    return FAULT_NOT_EMULATED;
  }
}
