// ARM (A32 and Thumb-2) relocations: Zephyr's arch/arm/core/elf.c beside the ARM ELF psABI.
// Placeholder: filled in by the ARM relocation table work.
import { ArchRelocator, RelocSite } from "./reloc";
import { ENOEXEC } from "../util/errno";

export class ArmRelocator extends ArchRelocator {
  id(): string { return "arm"; }
  typeName(type: u32): string { return ""; }
  rejectsRela(): bool { return true; }
  relocate(site: RelocSite): void {
    site.zephRet = -ENOEXEC;
    site.zephWrote = false;
    site.errorLog = "unknown relocation: " + site.type.toString();
  }
}
