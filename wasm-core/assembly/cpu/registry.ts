// Which emulated CPU runs an extension's code, per the engine input's `cpu` directive (the
// board profile's core). One line per core.
import { Bus } from "./bus";
import { Cpu } from "./cpu";
import { ThumbCpu } from "./thumb";

/** The CPU for core `id`, or null when the engine does not emulate that core yet. */
export function cpuFor(id: string, bus: Bus): Cpu | null {
  // ThumbCpu(bus, fpu, dsp, v8)
  if (id == "cortex-m3") return new ThumbCpu(bus, false, false, false);
  if (id == "cortex-m4") return new ThumbCpu(bus, false, true, false);
  if (id == "cortex-m4f") return new ThumbCpu(bus, true, true, false);
  if (id == "cortex-m33") return new ThumbCpu(bus, true, true, true);
  return null;
}

/** The core ids cpuFor() knows (for messages). */
export const EMULATED_CORES: string[] = ["cortex-m3", "cortex-m4", "cortex-m4f", "cortex-m33"];
