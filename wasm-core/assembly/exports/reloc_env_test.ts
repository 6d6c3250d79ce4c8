// Test-only export: applies a RISC-V PCREL_HI20 and then a PCREL_LO12_I/_S through a minimal
// RelocEnv, the way the loader pairs them, so both halves of an `auipc` + `addi`/`sw`
// sequence can be checked without building an ELF file.
import { FoundReloc, RelocEnv, RelocSite } from "../arch/reloc";
import { RiscvRelocator } from "../arch/riscv";
import { loadBefore, siteJson } from "./reloc";

/** Knows one resolved PCREL_HI20 (its r_offset and T_hi) and answers only for that offset. */
class OneHiEnv extends RelocEnv {
  constructor(
    public hiOffset: u64,
    public tHi: i64,
    public tHiAbi: i64,
  ) {
    super();
  }
  findReloc(offset: u64, type: u32, out: FoundReloc): bool {
    if (offset != this.hiOffset || type != 23) return false;
    out.value = this.tHi;
    out.abiValue = this.tHiAbi;
    out.index = 0;
    return true;
  }
  sectionAddr(shndx: u32): u64 {
    return 0;
  }
  sectionShAddr(shndx: u32): u64 {
    return 0;
  }
  vaddrToLoaded(vaddr: u64): i64 {
    return -1;
  }
}

function newSite(type: u32, bytes: Uint8Array, S: u64, A: i64, P: u64, ptrSize: u32, name: string): RelocSite {
  const site = new RelocSite();
  site.type = type;
  site.S = S;
  site.A = A;
  site.P = P;
  site.isRela = true;
  site.ptrSize = ptrSize;
  site.symName = name;
  loadBefore(site, bytes);
  return site;
}

/**
 * HI20 at sectBase+hiOffset against symbol "target" (S, hiA); then the LO12 (loType 24 or 25) at
 * sectBase+loOffset against the label ".Lpcrel_hi0", whose st_value is `labelValue` (it must equal
 * hiOffset to pair). Returns {"hi":{...},"lo":{...}}.
 */
export function riscvPcrelPair(
  hiBefore: Uint8Array,
  loBefore: Uint8Array,
  sectBase: u64,
  hiOffset: u64,
  loOffset: u64,
  S: u64,
  hiA: i64,
  loA: i64,
  labelValue: u64,
  loType: u32,
  ptrSize: u32,
): string {
  const riscv = new RiscvRelocator();
  const hi = newSite(23, hiBefore, S, hiA, sectBase + hiOffset, ptrSize, "target");
  riscv.relocate(hi);
  // Zephyr recomputes T_hi = S_hi + A_hi - P_hi from the HI20 entry, whatever that entry returned.
  const env = new OneHiEnv(hiOffset, <i64>hi.value, <i64>hi.abiValue);
  const lo = newSite(loType, loBefore, sectBase + labelValue, loA, sectBase + loOffset, ptrSize, ".Lpcrel_hi0");
  lo.symValue = labelValue;
  lo.env = env;
  riscv.relocate(lo);
  return '{"hi":' + siteJson(riscv, hi) + ',"lo":' + siteJson(riscv, lo) + "}";
}
