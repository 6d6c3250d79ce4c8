// Architecture id -> relocation table. Adding an architecture: one file in arch/ and one line here.
import { ArchRelocator } from "./reloc";
import { ArmRelocator } from "./arm";

export function relocatorFor(id: string): ArchRelocator | null {
  if (id == "arm") return new ArmRelocator();
  return null;
}
