// ARM (A32 and Thumb-2) relocations: Zephyr's arch/arm/core/elf.c beside the ARM ELF
// psABI (AAELF32) as GNU ld applies it.
//
// Zephyr side: 32-bit unsigned arithmetic, S = resolved symbol address (bit 0 set for a
// Thumb function, as in st_value), the addend read from the place (REL only).
// ABI side: X computed in 64-bit signed arithmetic from the symbol's address and its
// Thumb bit T (1 for an STT_FUNC whose value is odd), ((S + A) | T) - P and friends.
// The table of types lives in arm_table.ts, the instruction fields in arm_fields.ts.
import { ArchRelocator, RelocSite, samePatchBytes } from "./reloc";
import { ArmAddend, ArmHandler, ArmRow, armRelocInfo } from "./arm_table";
import { armAbiName, armUnknownHint, R_ARM_CALL, R_ARM_THM_CALL } from "./arm_names";
import {
  a32BranchAddend,
  a32BranchEncode,
  a32BlxEncode,
  a32MovImm,
  a32MovEncode,
  thmBranchAddend,
  thmBranchUpper,
  thmBranchLower,
  THM_LOWER_BL_BIT,
  thmMovImm,
  thmMovUpper,
  thmMovLower,
  prel31Addend,
  prel31Encode,
} from "./arm_fields";
import { ENOEXEC } from "../util/errno";
import { hex, hexAlt } from "../util/fmt";
import { EM_ARM, STT_FUNC } from "../elf/constants";
import { inRange, signExtend32 } from "./fits";
import { abiRejects, bytesDiffer, firstQuirk, sHex, zephyrFails, zephyrOutOfRange } from "./outcome";

/** Zephyr's A32 MOVW/MOVT keep mask: COND|00|I|OPCODE|RD. It drops bit 20, which ld keeps. */
const ZEPH_A32_MOV_KEEP: u32 = 0xffe0f000;
const LD_A32_MOV_KEEP: u32 = 0xfff0f000;
/** Both keep cond, 101 and the L (BL) or H (BLX) bit when patching imm24. */
const A32_BRANCH_KEEP: u32 = 0xff000000;
/** Bits 15, 14 and 12 of the Thumb BL lower halfword: BL, BLX and B.W stay what they are. */
const THM_BRANCH_LOWER_KEEP: u32 = 0xd000;

/** The symbol as the ABI sees it: address with the Thumb bit split off. */
class AbiSymbol {
  addr: i64 = 0;
  T: i64 = 0;
  /** STT_FUNC with bit 0 set: Thumb code. */
  thumbFunc: bool = false;
  /** STT_FUNC with bit 0 clear: ARM-state code. */
  armFunc: bool = false;

  /** Fills this from the site (one instance is reused for every relocation). */
  of(site: RelocSite): AbiSymbol {
    const s = <u32>site.S;
    const isFunc = site.symType == STT_FUNC;
    this.thumbFunc = isFunc && (s & 1) != 0;
    this.armFunc = isFunc && (s & 1) == 0;
    this.T = this.thumbFunc ? 1 : 0;
    this.addr = <i64>(s & ~(<u32>this.T));
    return this;
  }
}

const ABI_SYMBOL = new AbiSymbol();

export class ArmRelocator extends ArchRelocator {
  id(): string {
    return "arm";
  }

  elfMachine(): u32 {
    return EM_ARM;
  }
  typeName(type: u32): string {
    return armAbiName(type);
  }
  rejectsRela(): bool {
    return true;
  }

  relocate(site: RelocSite): void {
    // arch_elf_relocate logs LOG_DBG("%d %lx %lx %s", type, loc, sym_base_addr, sym_name)
    // before its switch, for every type.
    if (site.logDbg) {
      site
        .startLeadLog()
        .dec(<u64>site.type)
        .text(" ")
        .hex(<u64>(<u32>site.P))
        .text(" ")
        .hex(<u64>(<u32>site.S))
        .text(" ")
        .text(site.symName);
    }
    const e = armRelocInfo(site.type);
    if (e == null || e.handler == ArmHandler.Unhandled) {
      rejectUnknown(site, e);
      return;
    }
    site.width = e.width;
    // The handlers compute Zephyr's result first and the ABI's after (with the symbol as
    // the ABI sees it), so that a run that does not want the latter stops in between.
    switch (e.handler) {
      case ArmHandler.Nop:
        break;
      case ArmHandler.Abs32:
      case ArmHandler.Rel32:
        applyWord(site, e);
        break;
      case ArmHandler.A32Branch:
        applyA32Branch(site, e);
        break;
      case ArmHandler.V4bx:
        applyV4bx(site);
        break;
      case ArmHandler.Prel31:
        applyPrel31(site, e);
        break;
      case ArmHandler.A32MovW:
      case ArmHandler.A32MovT:
        applyA32Mov(site, e);
        break;
      case ArmHandler.ThmBranch:
        applyThmBranch(site, e);
        break;
      case ArmHandler.ThmMovW:
      case ArmHandler.ThmMovT:
        applyThmMov(site, e);
        break;
      case ArmHandler.Relative:
        applyRelative(site);
        break;
      case ArmHandler.SymbolValue:
        applySymbolValue(site);
        break;
    }
  }
}

// ---------------------------------------------------------------------------
// Unknown types: the `default:` of Zephyr's switch.

function rejectUnknown(site: RelocSite, e: ArmRow | null): void {
  site.width = e == null ? 0 : e.width;
  zephyrFails(site, -ENOEXEC, "unknown relocation: " + site.type.toString() + "\n");
  site.hint = armUnknownHint(site.type);
}

// ---------------------------------------------------------------------------
// Shared pieces.

/** The out-of-range failure of jumps_decode / thm_jumps_decode / prel31_decode. */
function failRange(site: RelocSite, e: ArmRow): void {
  // The handlers print loc (P) and sym_base_addr (S), both 32-bit, with %#x.
  zephyrFails(
    site,
    -ENOEXEC,
    "sym '" + site.symName + "': relocation out of range (" + hexAlt(<u64>(<u32>site.P)) + " -> " + hexAlt(<u64>(<u32>site.S)) + ")\n",
  );
  zephyrOutOfRange(site, e.zephMin, e.zephMax);
  site.hint = rangeHint(e);
}

function rangeHint(e: ArmRow): string {
  if (e.handler == ArmHandler.ThmBranch) {
    return (
      "branch target more than 16 MiB away (e.g. an extension in RAM calling flash): build with " +
      "-mlong-calls (part of Zephyr's ARM LLEXT flags) or enable CONFIG_LLEXT_VENEERS"
    );
  }
  if (e.handler == ArmHandler.A32Branch) {
    return "branch target more than 32 MiB away: build with -mlong-calls (part of Zephyr's ARM LLEXT flags)";
  }
  return (
    "unwind-table entry more than 1 GiB from its function: build with -fno-unwind-tables " +
    "-fno-asynchronous-unwind-tables, or load the extension nearer to the code it describes"
  );
}

/** The implicit (REL) addend held at the place, read as the table entry says. */
function implicitAddend(site: RelocSite, e: ArmRow, buf: StaticArray<u8>): i64 {
  switch (e.field) {
    case ArmAddend.Word:
      return <i64>site.r32(buf);
    case ArmAddend.A32Branch:
      return <i64>a32BranchAddend(site.r32(buf));
    case ArmAddend.Prel31:
      return <i64>prel31Addend(site.r32(buf));
    case ArmAddend.A32Mov:
      return <i64>signExtend32(a32MovImm(site.r32(buf)), 16);
    case ArmAddend.ThmBranch:
      return <i64>thmBranchAddend(site.r16(buf, 0), site.r16(buf, 2));
    case ArmAddend.ThmMov:
      return <i64>signExtend32(thmMovImm(site.r16(buf, 0), site.r16(buf, 2)), 16);
  }
  return 0;
}

/** The two sides disagree on bytes or status but no specific cause was named. */
function noteDifference(site: RelocSite, cause: string): void {
  if (site.zephRet != 0 && site.abiRet != 0) return;
  if (site.zephRet != site.abiRet || bytesDiffer(site)) firstQuirk(site, cause);
}

/** Zephyr adds S (odd for a Thumb function) to the addend; the ABI ORs T into S + A. */
function thumbBitCause(sym: AbiSymbol): string {
  return sym.thumbFunc
    ? "Zephyr adds the Thumb function's odd address to an odd addend ((S|1) + A); the ABI computes (S + A) | 1"
    : "Zephyr's result differs from the ARM ELF ABI";
}

/** Range outcome of a branch or PREL31 when only one side fails. */
function noteRangeDisagreement(site: RelocSite, e: ArmRow, zephOff: i64, what: string): void {
  if (site.zephRet != 0 && site.abiRet == 0) {
    if (zephOff == e.abiMin) {
      firstQuirk(site, "Zephyr's range check rejects an offset of exactly " + sHex(zephOff) + ", which the " + what + " can encode");
    } else {
      firstQuirk(site, "Zephyr rejects an offset the " + what + " can encode");
    }
  } else if (site.zephRet == 0 && site.abiRet != 0) {
    firstQuirk(
      site,
      "Zephyr computes the offset modulo 2^32, so a target across the end of the address space " +
        "wraps into range; ld's check does not wrap (it would add a veneer or fail)",
    );
  }
}

// ---------------------------------------------------------------------------
// ABS32 / TARGET1 (V += S) and REL32 (V += S - P).

// @ts-ignore: decorator
@inline function applyWord(site: RelocSite, e: ArmRow): void {
  const P = <u32>site.P,
    S = <u32>site.S;
  const V = site.r32(site.before);
  const z: u32 = e.pcRelative ? V + S - P : V + S; // V is the addend
  site.w32(site.zeph, z);
  site.value = <u64>z;
  if (site.abiWanted) applyWordAbi(site, e, z);
}

/** The psABI half of applyWord(), given Zephyr's word `z` (a call of its own, so that the
 * loop of a run that does not want it stays small). */
// @ts-ignore: decorator
@inline(never) function applyWordAbi(site: RelocSite, e: ArmRow, z: u32): void {
  // Most words: the psABI image holds the same addend, and the ABI's (S + A) | T is Zephyr's
  // S + A (T is 0, or S is odd and A even, so ORing in T changes nothing), modulo 2^32 as
  // the field keeps it. The result is Zephyr's; only an odd addend of a Thumb function's
  // word differs (computed below).
  if (((<u32>site.S & site.r32(site.before) & 1) == 0 || site.symType != STT_FUNC) && samePatchBytes(site.before, site.abiBefore, 4)) {
    site.w32(site.abi, z);
    site.abiValue = <u64>z;
    return;
  }
  const sym = ABI_SYMBOL.of(site);

  // AAELF32: ABS32 (S + A) | T; REL32 ((S + A) | T) - P. TARGET1 is ABS32 for arm-none-eabi ld.
  const A = implicitAddend(site, e, site.abiBefore);
  let x = (sym.addr + A) | sym.T;
  if (e.pcRelative) x -= <i64>(<u32>site.P);
  site.w32(site.abi, <u32>x);
  site.abiValue = <u64>(<u32>x);
  noteDifference(site, thumbBitCause(sym));
}

// ---------------------------------------------------------------------------
// A32 B / BL / BLX (PC24, CALL, JUMP24).

function applyA32Branch(site: RelocSite, e: ArmRow): void {
  const P = <u32>site.P,
    S = <u32>site.S;
  const V = site.r32(site.before);
  // jumps_decode: int32 offset = sign_extend(imm24 << 2, 25) + (S - P), wrapping.
  const off = <i32>(<u32>implicitAddend(site, e, site.before) + S - P);
  site.value = <u64>(<u32>off);
  if (!inRange(<i64>off, e.zephMin, e.zephMax)) failRange(site, e);
  // CONFIG_LLEXT_VENEERS covers Thumb branches only; A32 branches fail here.
  else site.w32(site.zeph, a32BranchEncode(V, <i64>off, A32_BRANCH_KEEP));
  if (!site.abiWanted) return;
  const sym = ABI_SYMBOL.of(site);

  const Vabi = site.r32(site.abiBefore);
  const A = implicitAddend(site, e, site.abiBefore);
  const x = ((sym.addr + A) | sym.T) - <i64>P;
  site.abiValue = <u64>x;
  const isBlx = Vabi >> 28 == 0xf;
  if (!inRange(x, e.abiMin, e.abiMax)) {
    abiRejects(site); // ld: "relocation truncated to fit", no output
  } else if (site.type == R_ARM_CALL && sym.thumbFunc) {
    // ld turns BL into BLX(immediate) for an ARM->Thumb call; H = bit 1 of the offset.
    site.w32(site.abi, a32BlxEncode(x & ~1));
    if (!isBlx) {
      firstQuirk(
        site,
        "no BL->BLX interworking: Zephyr keeps the BL, so the call enters the Thumb function " + "in ARM state (ld writes BLX)",
      );
    } else {
      noteDifference(site, "Zephyr keeps the BLX H bit (bit 24) from the instruction instead of bit 1 of the offset");
    }
  } else if (site.type == R_ARM_CALL && sym.armFunc && isBlx) {
    // ld turns BLX into BL when the callee is ARM code.
    site.w32(site.abi, 0xeb000000 | (a32BranchEncode(Vabi, x, 0) & 0x00ffffff));
    firstQuirk(
      site,
      "no BLX->BL conversion: Zephyr keeps the BLX, so the call switches to Thumb state at " + "an ARM function (ld writes BL)",
    );
  } else {
    site.w32(site.abi, a32BranchEncode(Vabi, x, A32_BRANCH_KEEP));
    if (sym.thumbFunc) {
      firstQuirk(
        site,
        "an ARM-state branch (JUMP24/PC24) to a Thumb function needs an interworking veneer " +
          "(ld adds one); Zephyr branches straight to it and stays in ARM state",
      );
    }
  }
  noteRangeDisagreement(site, e, <i64>off, "A32 branch");
  noteDifference(site, "Zephyr's result differs from the ARM ELF ABI");
}

// ---------------------------------------------------------------------------
// Thumb-2 BL / B.W / BLX (THM_CALL, THM_JUMP24).

function applyThmBranch(site: RelocSite, e: ArmRow): void {
  const P = <u32>site.P,
    S = <u32>site.S;
  const up = site.r16(site.before, 0),
    lo = site.r16(site.before, 2);
  // thm_jumps_decode: int32 offset = sign_extend(S:I1:I2:imm10:imm11:0, 24) + (S - P).
  // S keeps its Thumb bit here; the encoder drops bit 0, so the bytes match ((S+A)|T)-P.
  const addend = <u32>implicitAddend(site, e, site.before);
  let off = <i32>(addend + S - P);
  site.value = <u64>(<u32>off);
  if (!inRange(<i64>off, e.zephMin, e.zephMax) && e.veneerable && site.env != null) {
    // CONFIG_LLEXT_VENEERS: find or claim the veneer {LDR.W PC, [PC, #0]; .word S} in
    // LLEXT_MEM_VENEER (none without the option: the env then answers 0), decode again
    // with S = veneer | 1 and check the range again. The event carries that final S.
    const veneer = site.env!.veneerFor(S, site.symName, site.P);
    if (veneer != 0) {
      site.S = <u64>((<u32>veneer) | 1);
      off = <i32>(addend + <u32>site.S - P);
      site.value = <u64>(<u32>off);
      if (inRange(<i64>off, e.zephMin, e.zephMax)) {
        site.w16(site.zeph, thmBranchUpper(up, <i64>off), 0);
        site.w16(site.zeph, thmBranchLower(lo, <i64>off, THM_BRANCH_LOWER_KEEP), 2);
        throughVeneer(site);
        return;
      }
    }
  }
  if (!inRange(<i64>off, e.zephMin, e.zephMax)) {
    failRange(site, e);
    if (site.S != <u64>S) {
      site.hint =
        "the veneer for this call is itself more than 16 MiB from the branch (the extension's code " +
        "is not next to its veneer region): build with -mlong-calls";
    } else if (site.env != null && site.env!.veneersEnabled()) {
      site.hint =
        "CONFIG_LLEXT_VENEERS reserves veneers only for calls to undefined symbols, and this call has " +
        "none left: build with -mlong-calls";
    }
  } else {
    site.w16(site.zeph, thmBranchUpper(up, <i64>off), 0);
    site.w16(site.zeph, thmBranchLower(lo, <i64>off, THM_BRANCH_LOWER_KEEP), 2);
  }
  if (!site.abiWanted) return;
  const sym = ABI_SYMBOL.of(site);

  const upA = site.r16(site.abiBefore, 0),
    loA = site.r16(site.abiBefore, 2);
  const A = implicitAddend(site, e, site.abiBefore);
  let x = ((sym.addr + A) | sym.T) - <i64>P;
  site.abiValue = <u64>x;
  const wasBl = (loA & THM_LOWER_BL_BIT) != 0;
  let newLo = loA;
  if (site.type == R_ARM_THM_CALL && sym.armFunc && wasBl) newLo = loA & ~THM_LOWER_BL_BIT; // BL -> BLX
  if (site.type == R_ARM_THM_CALL && sym.thumbFunc && !wasBl) newLo = loA | THM_LOWER_BL_BIT; // BLX -> BL
  if (!inRange(x, e.abiMin, e.abiMax)) {
    abiRejects(site); // ld: "relocation truncated to fit", no output
  } else {
    // A BLX takes bit 1 of its target from Align(PC, 4): ld rounds the offset to a word.
    const isBlx = site.type == R_ARM_THM_CALL && (newLo & THM_LOWER_BL_BIT) == 0;
    if (isBlx) x = (x + 2) & ~3;
    site.w16(site.abi, thmBranchUpper(upA, x), 0);
    site.w16(site.abi, thmBranchLower(newLo, x, THM_BRANCH_LOWER_KEEP), 2);
  }
  if (site.type == R_ARM_THM_CALL && sym.armFunc && wasBl) {
    firstQuirk(
      site,
      "no BL->BLX interworking: Zephyr keeps the BL, so the Thumb caller enters the ARM " + "function in Thumb state (ld writes BLX)",
    );
  } else if (site.type == R_ARM_THM_CALL && sym.thumbFunc && !wasBl) {
    firstQuirk(
      site,
      "no BLX->BL conversion: Zephyr keeps the BLX, so the call switches to ARM state at " + "a Thumb function (ld writes BL)",
    );
  } else if (site.type != R_ARM_THM_CALL && sym.armFunc) {
    firstQuirk(
      site,
      "a Thumb B.W to an ARM function needs an interworking veneer (ld adds one); " +
        "Zephyr branches straight to it and stays in Thumb state",
    );
  }
  noteRangeDisagreement(site, e, <i64>off, "Thumb BL/B.W");
  noteDifference(site, "Zephyr does not round a BLX offset to a word boundary as the ABI (and ld) do");
}

/**
 * The ABI side of a branch Zephyr sent through its veneer. GNU ld would not fail
 * either: it inserts a long-branch stub of its own, at an address the engine cannot
 * know. The Zephyr bytes stand for it, marked so that comparisons with ld skip them.
 */
function throughVeneer(site: RelocSite): void {
  for (let i = 0; i < 4; i++) site.abi[i] = site.zeph[i];
  site.abiValue = site.value;
  site.abiRet = 0;
  firstQuirk(
    site,
    "the target is out of BL/B.W range: Zephyr branches to its veneer in the LLEXT_MEM_VENEER region " +
      "(LDR.W PC, [PC, #0] + the target address); GNU ld would insert its own long-branch stub elsewhere",
  );
}

// ---------------------------------------------------------------------------
// PREL31 (exception index tables).

function applyPrel31(site: RelocSite, e: ArmRow): void {
  const P = <u32>site.P,
    S = <u32>site.S;
  const V = site.r32(site.before);
  const off = <i32>(<u32>implicitAddend(site, e, site.before) + S - P);
  site.value = <u64>(<u32>off);
  if (!inRange(<i64>off, e.zephMin, e.zephMax)) failRange(site, e);
  else site.w32(site.zeph, prel31Encode(V, <i64>off));
  if (!site.abiWanted) return;
  const sym = ABI_SYMBOL.of(site);

  // ((S + A) | T) - P. ld works modulo 2^32 here (unlike its branch checks): the
  // result must survive sign-extension from bit 30.
  const Vabi = site.r32(site.abiBefore);
  const x32 = <u32>(((sym.addr + implicitAddend(site, e, site.abiBefore)) | sym.T) - <i64>P);
  const x = <i64>(<i32>x32);
  site.abiValue = <u64>x;
  if (<i64>signExtend32(x32, 31) != x)
    abiRejects(site); // ld: "relocation truncated to fit", no output
  else site.w32(site.abi, prel31Encode(Vabi, x));
  noteRangeDisagreement(site, e, <i64>off, "PREL31 field");
  noteDifference(site, thumbBitCause(sym));
}

// ---------------------------------------------------------------------------
// A32 MOVW / MOVT (ABS and PREL). No range check on either side.

function applyA32Mov(site: RelocSite, e: ArmRow): void {
  const high = e.handler == ArmHandler.A32MovT;
  const P = <u32>site.P,
    S = <u32>site.S;
  const V = site.r32(site.before);
  // movs_handler: int32 offset = sign_extend(imm16, 15) + S (- P); MOVT takes offset >> 16.
  let z = <u32>implicitAddend(site, e, site.before) + S;
  if (e.pcRelative) z -= P;
  site.value = <u64>z;
  const zField = high ? <u32>((<i32>z) >> 16) : z;
  site.w32(site.zeph, a32MovEncode(V, zField, ZEPH_A32_MOV_KEEP));
  if (!site.abiWanted) return;
  const sym = ABI_SYMBOL.of(site);

  // AAELF32: MOVW (S + A) | T [- P]; MOVT S + A [- P], bits 31:16. No overflow check for
  // MOVT_ABS/MOVT_PREL in ld either: X >> 16 is written whatever X is.
  const Vabi = site.r32(site.abiBefore);
  const A = implicitAddend(site, e, site.abiBefore);
  let x = high ? sym.addr + A : (sym.addr + A) | sym.T;
  if (e.pcRelative) x -= <i64>P;
  site.abiValue = <u64>x;
  const field = high ? <u32>(x >> 16) : <u32>x;
  site.w32(site.abi, a32MovEncode(Vabi, field, LD_A32_MOV_KEEP));
  if ((Vabi & 0x00100000) != 0) {
    noteDifference(site, "Zephyr clears bit 20 of the instruction (its mask omits it); MOVW/MOVT have it clear");
  }
  noteDifference(site, thumbBitCause(sym));
}

// ---------------------------------------------------------------------------
// Thumb-2 MOVW / MOVT (ABS and PREL). No range check on either side.

function applyThmMov(site: RelocSite, e: ArmRow): void {
  const high = e.handler == ArmHandler.ThmMovT;
  const P = <u32>site.P,
    S = <u32>site.S;
  const up = site.r16(site.before, 0),
    lo = site.r16(site.before, 2);
  let z = <u32>implicitAddend(site, e, site.before) + S;
  if (e.pcRelative) z -= P;
  site.value = <u64>z;
  const zField = high ? <u32>((<i32>z) >> 16) : z;
  site.w16(site.zeph, thmMovUpper(up, zField), 0);
  site.w16(site.zeph, thmMovLower(lo, zField), 2);
  if (!site.abiWanted) return;
  const sym = ABI_SYMBOL.of(site);

  const upA = site.r16(site.abiBefore, 0),
    loA = site.r16(site.abiBefore, 2);
  const A = implicitAddend(site, e, site.abiBefore);
  let x = high ? sym.addr + A : (sym.addr + A) | sym.T;
  if (e.pcRelative) x -= <i64>P;
  site.abiValue = <u64>x;
  const field = high ? <u32>(x >> 16) : <u32>x;
  site.w16(site.abi, thmMovUpper(upA, field), 0);
  site.w16(site.abi, thmMovLower(loA, field), 2);
  noteDifference(site, thumbBitCause(sym));
}

// ---------------------------------------------------------------------------
// V4BX, RELATIVE, GLOB_DAT / JUMP_SLOT.

function applyV4bx(site: RelocSite): void {
  // Keep cond and Rm, turn BX Rm into MOV PC, Rm (what ld does only with --fix-v4bx).
  const V = site.r32(site.before);
  const z = (V & 0xf000000f) | 0x01a0f000;
  site.w32(site.zeph, z);
  site.value = <u64>z;
  // ld's default leaves the instruction alone: the relocation only marks a BX.
  site.abiValue = <u64>site.r32(site.abiBefore);
  noteDifference(
    site,
    "Zephyr always rewrites BX Rm as MOV PC, Rm (ld does so only with --fix-v4bx); " + "MOV PC does not interwork before Armv7",
  );
}

function applyRelative(site: RelocSite): void {
  // B(S) + A with B = mem[LLEXT_MEM_TEXT], the base Zephyr uses for the whole extension.
  const z = site.r32(site.before) + <u32>site.B;
  site.w32(site.zeph, z);
  site.value = <u64>z;
  const x = site.r32(site.abiBefore) + <u32>site.B;
  site.w32(site.abi, x);
  site.abiValue = <u64>x;
  noteDifference(site, "Zephyr's result differs from the ARM ELF ABI");
}

function applySymbolValue(site: RelocSite): void {
  const sym = ABI_SYMBOL.of(site);
  // Zephyr overwrites the word with S. Dynamic linkers do the same for REL GLOB_DAT /
  // JUMP_SLOT: the in-place word (a lazy-binding PLT address) is not an addend.
  const z = <u32>site.S;
  site.w32(site.zeph, z);
  site.value = <u64>z;
  const x = <u32>(sym.addr | sym.T);
  site.w32(site.abi, x);
  site.abiValue = <u64>x;
  noteDifference(site, "Zephyr's result differs from the ARM ELF ABI");
}
