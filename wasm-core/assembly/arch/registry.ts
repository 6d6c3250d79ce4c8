// Architecture id -> relocation table. Adding an architecture: one file in arch/ and one line here.
import { ArchRelocator } from "./reloc";
import { ArmRelocator } from "./arm";
import { Arm64Relocator } from "./arm64";
import { RiscvRelocator } from "./riscv";
import { X86Relocator, X86_64Relocator } from "./x86";
import { ArcRelocator } from "./arc";
import { XtensaRelocator } from "./xtensa";
import { OpenriscRelocator } from "./openrisc";

export function relocatorFor(id: string): ArchRelocator | null {
  if (id == "arm") return new ArmRelocator();
  if (id == "arm64") return new Arm64Relocator();
  if (id == "riscv") return new RiscvRelocator();
  if (id == "x86") return new X86Relocator();
  if (id == "x86_64") return new X86_64Relocator();
  if (id == "arc") return new ArcRelocator();
  if (id == "xtensa") return new XtensaRelocator();
  if (id == "openrisc") return new OpenriscRelocator();
  return null;
}
