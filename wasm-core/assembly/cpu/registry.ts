// Which emulated CPU runs an extension's code, per the engine input's `cpu` directive (the
// board profile's core). One line per core.
import { Arm64Cpu } from "./arm64";
import { Bus } from "./bus";
import { Cpu } from "./cpu";
import { RiscvCpu } from "./riscv";
import { ThumbCpu } from "./thumb";
import { XtensaCpu } from "./xtensa";

/** The CPU for core `id`, or null when the engine does not emulate that core yet. */
export function cpuFor(id: string, bus: Bus): Cpu | null {
  // ThumbCpu(bus, fpu, dsp, v8)
  if (id == "cortex-m3") return new ThumbCpu(bus, false, false, false);
  if (id == "cortex-m4") return new ThumbCpu(bus, false, true, false);
  if (id == "cortex-m4f") return new ThumbCpu(bus, true, true, false);
  if (id == "cortex-m33") return new ThumbCpu(bus, true, true, true);
  if (id == "rv32imac") return new RiscvCpu(bus, false, false, "RV32IMAC");
  if (id == "rv64imac") return new RiscvCpu(bus, true, false, "RV64IMAC");
  if (id == "rv64gc") return new RiscvCpu(bus, true, true, "RV64GC");
  // XtensaCpu(bus, physical address registers, MUL32_HIGH, name)
  if (id == "xtensa-dc233c") return new XtensaCpu(bus, 32, false, "Xtensa dc233c");
  if (id == "xtensa-lx7") return new XtensaCpu(bus, 64, true, "Xtensa LX7");
  if (id == "cortex-a53") return new Arm64Cpu(bus);
  return null;
}

/** The core ids cpuFor() knows (for messages). */
export const EMULATED_CORES: string[] = [
  "cortex-m3",
  "cortex-m4",
  "cortex-m4f",
  "cortex-m33",
  "rv32imac",
  "rv64imac",
  "rv64gc",
  "xtensa-dc233c",
  "xtensa-lx7",
  "cortex-a53",
];
