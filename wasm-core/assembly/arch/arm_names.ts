// Names of every relocation type of the ARM ELF ABI (AAELF32), and the likely cause
// when an extension contains one that Zephyr's arch/arm/core/elf.c does not handle.
//
// Spelling follows GNU readelf (so the names match `readelf -r` beside the simulator),
// and AAELF32 for the numbers readelf does not know (112-127, 130, 131).

export const R_ARM_NONE: u32 = 0;
export const R_ARM_PC24: u32 = 1;
export const R_ARM_ABS32: u32 = 2;
export const R_ARM_REL32: u32 = 3;
export const R_ARM_THM_CALL: u32 = 10;
export const R_ARM_COPY: u32 = 20;
export const R_ARM_GLOB_DAT: u32 = 21;
export const R_ARM_JUMP_SLOT: u32 = 22;
export const R_ARM_RELATIVE: u32 = 23;
export const R_ARM_CALL: u32 = 28;
export const R_ARM_JUMP24: u32 = 29;
export const R_ARM_THM_JUMP24: u32 = 30;
export const R_ARM_TARGET1: u32 = 38;
export const R_ARM_V4BX: u32 = 40;
export const R_ARM_PREL31: u32 = 42;
export const R_ARM_MOVW_ABS_NC: u32 = 43;
export const R_ARM_MOVT_ABS: u32 = 44;
export const R_ARM_MOVW_PREL_NC: u32 = 45;
export const R_ARM_MOVT_PREL: u32 = 46;
export const R_ARM_THM_MOVW_ABS_NC: u32 = 47;
export const R_ARM_THM_MOVT_ABS: u32 = 48;
export const R_ARM_THM_MOVW_PREL_NC: u32 = 49;
export const R_ARM_THM_MOVT_PREL: u32 = 50;
export const R_ARM_ALU_PC_G0_NC: u32 = 57;
export const R_ARM_ALU_PC_G1_NC: u32 = 59;
export const R_ARM_LDR_PC_G2: u32 = 63;

/** AAELF32 name of `type`, or "" for numbers the ABI leaves unallocated. */
export function armAbiName(type: u32): string {
  if (type >= 112 && type <= 127) return "R_ARM_PRIVATE_" + (type - 112).toString();
  switch (type) {
    case 0:
      return "R_ARM_NONE";
    case 1:
      return "R_ARM_PC24";
    case 2:
      return "R_ARM_ABS32";
    case 3:
      return "R_ARM_REL32";
    case 4:
      return "R_ARM_LDR_PC_G0";
    case 5:
      return "R_ARM_ABS16";
    case 6:
      return "R_ARM_ABS12";
    case 7:
      return "R_ARM_THM_ABS5";
    case 8:
      return "R_ARM_ABS8";
    case 9:
      return "R_ARM_SBREL32";
    case 10:
      return "R_ARM_THM_CALL";
    case 11:
      return "R_ARM_THM_PC8";
    case 12:
      return "R_ARM_BREL_ADJ";
    case 13:
      return "R_ARM_TLS_DESC";
    case 14:
      return "R_ARM_THM_SWI8";
    case 15:
      return "R_ARM_XPC25";
    case 16:
      return "R_ARM_THM_XPC22";
    case 17:
      return "R_ARM_TLS_DTPMOD32";
    case 18:
      return "R_ARM_TLS_DTPOFF32";
    case 19:
      return "R_ARM_TLS_TPOFF32";
    case 20:
      return "R_ARM_COPY";
    case 21:
      return "R_ARM_GLOB_DAT";
    case 22:
      return "R_ARM_JUMP_SLOT";
    case 23:
      return "R_ARM_RELATIVE";
    case 24:
      return "R_ARM_GOTOFF32";
    case 25:
      return "R_ARM_BASE_PREL";
    case 26:
      return "R_ARM_GOT_BREL";
    case 27:
      return "R_ARM_PLT32";
    case 28:
      return "R_ARM_CALL";
    case 29:
      return "R_ARM_JUMP24";
    case 30:
      return "R_ARM_THM_JUMP24";
    case 31:
      return "R_ARM_BASE_ABS";
    case 32:
      return "R_ARM_ALU_PCREL7_0";
    case 33:
      return "R_ARM_ALU_PCREL15_8";
    case 34:
      return "R_ARM_ALU_PCREL23_15";
    case 35:
      return "R_ARM_LDR_SBREL_11_0";
    case 36:
      return "R_ARM_ALU_SBREL_19_12";
    case 37:
      return "R_ARM_ALU_SBREL_27_20";
    case 38:
      return "R_ARM_TARGET1";
    case 39:
      return "R_ARM_SBREL31";
    case 40:
      return "R_ARM_V4BX";
    case 41:
      return "R_ARM_TARGET2";
    case 42:
      return "R_ARM_PREL31";
    case 43:
      return "R_ARM_MOVW_ABS_NC";
    case 44:
      return "R_ARM_MOVT_ABS";
    case 45:
      return "R_ARM_MOVW_PREL_NC";
    case 46:
      return "R_ARM_MOVT_PREL";
    case 47:
      return "R_ARM_THM_MOVW_ABS_NC";
    case 48:
      return "R_ARM_THM_MOVT_ABS";
    case 49:
      return "R_ARM_THM_MOVW_PREL_NC";
    case 50:
      return "R_ARM_THM_MOVT_PREL";
    case 51:
      return "R_ARM_THM_JUMP19";
    case 52:
      return "R_ARM_THM_JUMP6";
    case 53:
      return "R_ARM_THM_ALU_PREL_11_0";
    case 54:
      return "R_ARM_THM_PC12";
    case 55:
      return "R_ARM_ABS32_NOI";
    case 56:
      return "R_ARM_REL32_NOI";
    case 57:
      return "R_ARM_ALU_PC_G0_NC";
    case 58:
      return "R_ARM_ALU_PC_G0";
    case 59:
      return "R_ARM_ALU_PC_G1_NC";
    case 60:
      return "R_ARM_ALU_PC_G1";
    case 61:
      return "R_ARM_ALU_PC_G2";
    case 62:
      return "R_ARM_LDR_PC_G1";
    case 63:
      return "R_ARM_LDR_PC_G2";
    case 64:
      return "R_ARM_LDRS_PC_G0";
    case 65:
      return "R_ARM_LDRS_PC_G1";
    case 66:
      return "R_ARM_LDRS_PC_G2";
    case 67:
      return "R_ARM_LDC_PC_G0";
    case 68:
      return "R_ARM_LDC_PC_G1";
    case 69:
      return "R_ARM_LDC_PC_G2";
    case 70:
      return "R_ARM_ALU_SB_G0_NC";
    case 71:
      return "R_ARM_ALU_SB_G0";
    case 72:
      return "R_ARM_ALU_SB_G1_NC";
    case 73:
      return "R_ARM_ALU_SB_G1";
    case 74:
      return "R_ARM_ALU_SB_G2";
    case 75:
      return "R_ARM_LDR_SB_G0";
    case 76:
      return "R_ARM_LDR_SB_G1";
    case 77:
      return "R_ARM_LDR_SB_G2";
    case 78:
      return "R_ARM_LDRS_SB_G0";
    case 79:
      return "R_ARM_LDRS_SB_G1";
    case 80:
      return "R_ARM_LDRS_SB_G2";
    case 81:
      return "R_ARM_LDC_SB_G0";
    case 82:
      return "R_ARM_LDC_SB_G1";
    case 83:
      return "R_ARM_LDC_SB_G2";
    case 84:
      return "R_ARM_MOVW_BREL_NC";
    case 85:
      return "R_ARM_MOVT_BREL";
    case 86:
      return "R_ARM_MOVW_BREL";
    case 87:
      return "R_ARM_THM_MOVW_BREL_NC";
    case 88:
      return "R_ARM_THM_MOVT_BREL";
    case 89:
      return "R_ARM_THM_MOVW_BREL";
    case 90:
      return "R_ARM_TLS_GOTDESC";
    case 91:
      return "R_ARM_TLS_CALL";
    case 92:
      return "R_ARM_TLS_DESCSEQ";
    case 93:
      return "R_ARM_THM_TLS_CALL";
    case 94:
      return "R_ARM_PLT32_ABS";
    case 95:
      return "R_ARM_GOT_ABS";
    case 96:
      return "R_ARM_GOT_PREL";
    case 97:
      return "R_ARM_GOT_BREL12";
    case 98:
      return "R_ARM_GOTOFF12";
    case 99:
      return "R_ARM_GOTRELAX";
    case 100:
      return "R_ARM_GNU_VTENTRY";
    case 101:
      return "R_ARM_GNU_VTINHERIT";
    case 102:
      return "R_ARM_THM_JUMP11";
    case 103:
      return "R_ARM_THM_JUMP8";
    case 104:
      return "R_ARM_TLS_GD32";
    case 105:
      return "R_ARM_TLS_LDM32";
    case 106:
      return "R_ARM_TLS_LDO32";
    case 107:
      return "R_ARM_TLS_IE32";
    case 108:
      return "R_ARM_TLS_LE32";
    case 109:
      return "R_ARM_TLS_LDO12";
    case 110:
      return "R_ARM_TLS_LE12";
    case 111:
      return "R_ARM_TLS_IE12GP";
    case 128:
      return "R_ARM_ME_TOO";
    case 129:
      return "R_ARM_THM_TLS_DESCSEQ";
    case 130:
      return "R_ARM_THM_TLS_DESCSEQ32";
    case 131:
      return "R_ARM_THM_GOT_BREL12";
    case 132:
      return "R_ARM_THM_ALU_ABS_G0_NC";
    case 133:
      return "R_ARM_THM_ALU_ABS_G1_NC";
    case 134:
      return "R_ARM_THM_ALU_ABS_G2_NC";
    case 135:
      return "R_ARM_THM_ALU_ABS_G3_NC";
    case 136:
      return "R_ARM_THM_BF16";
    case 137:
      return "R_ARM_THM_BF12";
    case 138:
      return "R_ARM_THM_BF18";
    case 160:
      return "R_ARM_IRELATIVE";
    case 161:
      return "R_ARM_GOTFUNCDESC";
    case 162:
      return "R_ARM_GOTOFFFUNCDESC";
    case 163:
      return "R_ARM_FUNCDESC";
    case 164:
      return "R_ARM_FUNCDESC_VALUE";
    case 165:
      return "R_ARM_TLS_GD32_FDPIC";
    case 166:
      return "R_ARM_TLS_LDM32_FDPIC";
    case 167:
      return "R_ARM_TLS_IE32_FDPIC";
    case 249:
      return "R_ARM_RXPC25";
    case 250:
      return "R_ARM_RSBREL32";
    case 251:
      return "R_ARM_THM_RPC22";
    case 252:
      return "R_ARM_RREL32";
    case 253:
      return "R_ARM_RABS32";
    case 254:
      return "R_ARM_RPC24";
    case 255:
      return "R_ARM_RBASE";
  }
  return "";
}

const HINT_PIC = "compiled with -fPIC; build extensions with -fno-pic";
const HINT_TLS = "thread-local storage is not supported in extensions";
const HINT_SBREL = "static-base (RWPI, -msingle-pic-base) addressing is not supported; build without -frwpi/-msingle-pic-base";
const HINT_GROUP =
  "ARM group relocation (PC-relative ADD/LDR sequences, e.g. adr_l/ldr_l style assembler macros); Zephyr does not implement them, use a literal-pool load (LDR rX, =sym) or MOVW/MOVT";
const HINT_OBSOLETE = "obsolete pre-EABI relocation; rebuild the extension with a current arm-none-eabi toolchain";

/**
 * Why an extension might contain a relocation type that Zephyr rejects.
 * Only called for types Zephyr's switch has no case for.
 */
export function armUnknownHint(type: u32): string {
  // TLS: the classic and descriptor dialects, Thumb variants and FDPIC.
  if (
    type == 13 ||
    (type >= 17 && type <= 19) ||
    (type >= 90 && type <= 93) ||
    (type >= 104 && type <= 111) ||
    type == 129 ||
    type == 130 ||
    (type >= 165 && type <= 167)
  ) {
    return HINT_TLS;
  }
  // GOT / PLT / GOT-relative: position-independent code.
  if ((type >= 24 && type <= 27) || (type >= 94 && type <= 99) || type == 131) return HINT_PIC;
  if (type >= 161 && type <= 164) return "FDPIC function descriptors (-mfdpic) are not supported; build with -mno-fdpic -fno-pic";
  switch (type) {
    case 20:
      return "R_ARM_COPY belongs to dynamically linked executables; build the extension as a relocatable object (the default ELF_OBJECT type)";
    case 160:
      return "GNU indirect functions (ifunc, R_ARM_IRELATIVE) are not supported in extensions";
    case 41:
      return "R_ARM_TARGET2 comes from C++ exception tables (.ARM.extab typeinfo); build with -fno-exceptions";
    case 100:
    case 101:
      return "old C++ vtable garbage collection (-fvtable-gc) relocation; rebuild without it";
    case 102:
    case 103:
      return "16-bit Thumb branch (B.N / B<cond>.N) to a symbol outside its section, usually hand-written assembly; use B.W (R_ARM_THM_JUMP24) or keep the target in the same section";
    case 51:
      return "32-bit conditional Thumb branch (B<cond>.W) to a symbol outside its section (a conditional tail call); build with -fno-optimize-sibling-calls or keep the target in the same section";
    case 52:
      return "Thumb CBZ/CBNZ to a symbol outside its section (hand-written assembly); keep the target in the same section";
    case 11:
    case 53:
    case 54:
      return "Thumb PC-relative load or ADR of a symbol outside its section (hand-written assembly); use LDR rX, =sym or MOVW/MOVT";
    case 5:
    case 6:
    case 7:
    case 8:
      return "narrow absolute value (.hword/.byte sym or an immediate field, hand-written assembly); Zephyr only patches 32-bit words (R_ARM_ABS32)";
    case 55:
    case 56:
      return "R_ARM_ABS32_NOI/REL32_NOI are not handled; use plain .word sym (R_ARM_ABS32)";
    case 132:
    case 133:
    case 134:
    case 135:
      return "Thumb-1 execute-only code (-mpure-code on Armv6-M / Cortex-M0); build without -mpure-code";
    case 136:
    case 137:
    case 138:
      return "Armv8.1-M branch-future (BF) instruction; not supported by Zephyr's loader";
    case 57:
    case 59:
    case 63:
      return "Zephyr's elf.c names this type but has no case for it: " + HINT_GROUP;
    case 14:
    case 15:
    case 16:
    case 32:
    case 33:
    case 34:
    case 128:
    case 249:
    case 250:
    case 251:
    case 252:
    case 253:
    case 254:
    case 255:
      return HINT_OBSOLETE;
    case 12:
      return "R_ARM_BREL_ADJ is a dynamic static-base adjustment; not supported";
  }
  if (type == 4 || (type >= 58 && type <= 69)) return HINT_GROUP;
  if (type == 9 || type == 31 || (type >= 35 && type <= 37) || type == 39 || (type >= 70 && type <= 89)) return HINT_SBREL;
  if (type >= 112 && type <= 127)
    return "toolchain-private relocation (R_ARM_PRIVATE_n); not portable, rebuild with a standard arm-none-eabi toolchain";
  return "not a relocation type of the ARM ELF ABI; the file may be corrupt or built for another architecture";
}
