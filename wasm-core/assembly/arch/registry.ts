// Architecture id -> relocation table. Adding an architecture: one file in arch/ and one line here.
import { ArchRelocator } from "./reloc";
import { ArmRelocator } from "./arm";
import { Arm64Relocator } from "./arm64";
import { RiscvRelocator } from "./riscv";

export function relocatorFor(id: string): ArchRelocator | null {
  if (id == "arm") return new ArmRelocator();
  if (id == "arm64") return new Arm64Relocator();
  if (id == "riscv") return new RiscvRelocator();
  return null;
}
