// Test-only entry points (not used by the application): apply one relocation with a small
// section table as its RelocEnv and with the symbol fields the Xtensa PLT path fills in
// (binding, st_shndx, st_value, symbol index, r_offset). Xtensa RELATIVE and SLOT0_OP need
// them; relocateOne() has no way to pass them. The JSON also carries extraLogs.
import { allRelocators, archForMachine, relocatorFor } from "../arch/registry";
import { FoundReloc, RelocEnv, RelocSite } from "../arch/reloc";
import { loadBefore, siteJson } from "./reloc";

class TestSection {
  constructor(
    public shndx: u32,
    public shAddr: u64,
    public size: u64,
    public loaded: u64,
  ) {}
}

/** A section table: index, link-time sh_addr, size and loaded address. */
class TableEnv extends RelocEnv {
  constructor(public sections: TestSection[]) {
    super();
  }

  private find(shndx: u32): TestSection | null {
    for (let i = 0; i < this.sections.length; i++) {
      if (this.sections[i].shndx == shndx) return this.sections[i];
    }
    return null;
  }

  findReloc(offset: u64, type: u32, out: FoundReloc): bool {
    return false;
  }

  sectionAddr(shndx: u32): u64 {
    const s = this.find(shndx);
    return s === null ? 0 : s.loaded;
  }

  sectionShAddr(shndx: u32): u64 {
    const s = this.find(shndx);
    return s === null ? 0 : s.shAddr;
  }

  /** Like Zephyr's loop over sect_hdrs: the lowest-index section whose [sh_addr, +size) holds vaddr. */
  vaddrToLoaded(vaddr: u64): i64 {
    let best: TestSection | null = null;
    for (let i = 0; i < this.sections.length; i++) {
      const s = this.sections[i];
      if (s.shAddr <= vaddr && vaddr < s.shAddr + s.size) {
        if (best === null || s.shndx < best.shndx) best = s;
      }
    }
    return best === null ? -1 : <i64>(best.loaded + (vaddr - best.shAddr));
  }
}

let testSections: TestSection[] = [];

export function testEnvClear(): void {
  testSections = [];
}

export function testEnvAddSection(shndx: u32, shAddr: u64, size: u64, loaded: u64): void {
  testSections.push(new TestSection(shndx, shAddr, size, loaded));
}

/** Same JSON as relocateOne(), for 32-bit targets. useEnv=false runs without a RelocEnv. */
export function testRelocateWithEnv(
  arch: string,
  type: u32,
  before: Uint8Array,
  S: u64,
  A: i64,
  P: u64,
  isRela: bool,
  bigEndian: bool,
  symIndex: u32,
  symName: string,
  symValue: u64,
  symShndx: u32,
  symBind: u32,
  rOffset: u64,
  useEnv: bool,
): string {
  const r = relocatorFor(arch);
  if (r == null) return '{"error":"unknown arch"}';
  const site = new RelocSite();
  site.type = type;
  site.S = S;
  site.A = A;
  site.P = P;
  site.isRela = isRela;
  site.bigEndian = bigEndian;
  site.ptrSize = 4;
  site.symName = symName;
  site.symIndex = symIndex;
  site.symValue = symValue;
  site.symShndx = symShndx;
  site.symBind = symBind;
  site.rOffset = rOffset;
  if (useEnv) site.env = new TableEnv(testSections);
  loadBefore(site, before);
  r.relocate(site);
  return siteJson(r, site);
}

/** Every registered architecture as the loader sees it through the ArchRelocator contract:
 * [{"id","elfMachine","otherElfMachine","machineMapsBack","logModule","usesPltPath","rejectsRela"}]. */
export function testArchList(): string {
  const rs = allRelocators();
  const parts = new Array<string>(0);
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i];
    const back = archForMachine(r.elfMachine()) == r.id() && (r.otherElfMachine() == 0 || archForMachine(r.otherElfMachine()) == r.id());
    const again = relocatorFor(r.id());
    parts.push(
      '{"id":"' +
        r.id() +
        '","elfMachine":' +
        r.elfMachine().toString() +
        ',"otherElfMachine":' +
        r.otherElfMachine().toString() +
        ',"machineMapsBack":' +
        (back ? "true" : "false") +
        ',"lookupById":' +
        (again != null && again.id() == r.id() ? "true" : "false") +
        ',"logModule":"' +
        r.logModule() +
        '"' +
        ',"usesPltPath":' +
        (r.usesPltPath() ? "true" : "false") +
        ',"rejectsRela":' +
        (r.rejectsRela() ? "true" : "false") +
        "}",
    );
  }
  return "[" + parts.join(",") + "]";
}

/** The architecture's loader-path flags: {"usesPltPath":bool,"rejectsRela":bool}. */
export function testArchFlags(arch: string): string {
  const r = relocatorFor(arch);
  if (r == null) return '{"error":"unknown arch"}';
  return '{"usesPltPath":' + (r.usesPltPath() ? "true" : "false") + ',"rejectsRela":' + (r.rejectsRela() ? "true" : "false") + "}";
}
