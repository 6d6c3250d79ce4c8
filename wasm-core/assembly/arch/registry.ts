// The architectures the engine knows. Adding one: a file arch/<arch>.ts with its
// ArchRelocator subclass, and one line in ARCHS below. Nothing else in the engine names an
// architecture's relocations (the few remaining per-architecture remarks of the loader's
// diagnostics are listed in ARCHITECTURE.md).
import { ArchRelocator } from "./reloc";
import { ArmRelocator } from "./arm";
import { Arm64Relocator } from "./arm64";
import { RiscvRelocator } from "./riscv";
import { X86Relocator, X86_64Relocator } from "./x86";
import { ArcRelocator } from "./arc";
import { XtensaRelocator } from "./xtensa";
import { OpenriscRelocator } from "./openrisc";

/** One factory per architecture; each relocator says its own id and e_machine. */
const ARCHS: StaticArray<() => ArchRelocator> = [
  (): ArchRelocator => new ArmRelocator(),
  (): ArchRelocator => new Arm64Relocator(),
  (): ArchRelocator => new RiscvRelocator(),
  (): ArchRelocator => new X86Relocator(),
  (): ArchRelocator => new X86_64Relocator(),
  (): ArchRelocator => new ArcRelocator(),
  (): ArchRelocator => new XtensaRelocator(),
  (): ArchRelocator => new OpenriscRelocator(),
];

/** A fresh relocator (its per-run state at zero) for a board's arch id, or null. */
export function relocatorFor(id: string): ArchRelocator | null {
  for (let i = 0; i < ARCHS.length; i++) {
    const r = ARCHS[i]();
    if (r.id() == id) return r;
  }
  return null;
}

/** Every architecture's relocator, in table order (fresh instances). */
export function allRelocators(): ArchRelocator[] {
  const out = new Array<ArchRelocator>(0);
  for (let i = 0; i < ARCHS.length; i++) out.push(ARCHS[i]());
  return out;
}

/** The arch id whose objects carry ELF e_machine `machine`, or "" when none does. */
export function archForMachine(machine: u32): string {
  for (let i = 0; i < ARCHS.length; i++) {
    const r = ARCHS[i]();
    if (r.elfMachine() == machine || (r.otherElfMachine() != 0 && r.otherElfMachine() == machine)) return r.id();
  }
  return "";
}
