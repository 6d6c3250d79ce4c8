// Which emulated CPU runs an extension's code, per the engine input's `cpu` directive (the
// board profile's core). One line per core.
import { Bus } from "./bus";
import { Cpu } from "./cpu";

/** The CPU for core `id`, or null when the engine does not emulate that core yet. */
export function cpuFor(id: string, bus: Bus): Cpu | null {
  return null;
}

/** The core ids cpuFor() knows (for messages). */
export const EMULATED_CORES: string[] = [];
