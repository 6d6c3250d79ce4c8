// Disassembly of relocation sites. ARM, AArch64, x86 and RISC-V go through capstone, loaded on
// first use (its wasm is a separate local asset); capstone 5 has no Xtensa or ARC decoder, so
// those two use the core's decoders (wasm-core/src/disasm/), which print what objdump prints.
import type { CapstoneHandle, CapstoneModule } from '@alexaltea/capstone-js';
import { disasmArchOf, disassemble as sweep, displayText, instructionsAt, optionsForElf, type Insn } from '@core/disasm/index.js';

export interface DisasmTarget {
  arch: string;
  ptrBytes: number;
  thumb: boolean;
  bigEndian: boolean;
}

let modulePromise: Promise<CapstoneModule> | null = null;
const handles = new Map<string, CapstoneHandle>();

export function loadCapstone(): Promise<CapstoneModule> {
  modulePromise ??= (async () => {
    const [{ default: MCapstone }, { default: wasmUrl }] = await Promise.all([
      import('@alexaltea/capstone-js'),
      import('@alexaltea/capstone-js/dist/capstone.wasm?url'),
    ]);
    return MCapstone({ locateFile: () => wasmUrl });
  })();
  return modulePromise;
}

/** capstone arch and mode for a target, or null when capstone 5 has no decoder for it. */
export function capstoneModeOf(cs: CapstoneModule, t: DisasmTarget): { arch: number; mode: number } | null {
  const endian = t.bigEndian ? cs.MODE_BIG_ENDIAN : cs.MODE_LITTLE_ENDIAN;
  switch (t.arch) {
    case 'arm':
      return { arch: cs.ARCH_ARM, mode: (t.thumb ? cs.MODE_THUMB | cs.MODE_MCLASS : cs.MODE_ARM) | endian };
    case 'arm64':
      return { arch: cs.ARCH_ARM64, mode: endian };
    case 'x86':
      return { arch: cs.ARCH_X86, mode: cs.MODE_32 };
    case 'x86_64':
      return { arch: cs.ARCH_X86, mode: cs.MODE_64 };
    case 'riscv':
      return { arch: cs.ARCH_RISCV, mode: (t.ptrBytes === 8 ? cs.MODE_RISCV64 : cs.MODE_RISCV32) | cs.MODE_RISCVC };
    default:
      return null;
  }
}

export function supportsArch(arch: string): boolean {
  return ['arm', 'arm64', 'x86', 'x86_64', 'riscv'].includes(arch);
}

/** The architectures the core decodes itself (no capstone needed). */
export function coreDecodes(arch: string): boolean {
  return disasmArchOf(arch) !== null;
}

/** Instructions in `bytes` at `address`, one "mnemonic operands" string each; null if undecodable. */
export function disassemble(cs: CapstoneModule, t: DisasmTarget, bytes: Uint8Array, address: bigint): string[] | null {
  const m = capstoneModeOf(cs, t);
  if (!m || bytes.length === 0) return null;
  const key = `${m.arch}:${m.mode}`;
  let h = handles.get(key);
  if (!h) {
    h = new cs.Capstone(m.arch, m.mode);
    handles.set(key, h);
  }
  try {
    const insns = h.disasm(bytes, address);
    const covered = insns.reduce((n, i) => n + i.size, 0);
    if (insns.length === 0) return null;
    const text = insns.map((i) => `${i.mnemonic} ${i.op_str}`.trim());
    return covered < bytes.length ? [...text, '…'] : text;
  } catch {
    return null;
  }
}

/** A code section's file bytes, with the ELF file they come from (for its header flags). */
export interface SectionCode {
  elf: Uint8Array;
  /** sh_offset and sh_size of the section. */
  offset: number;
  size: number;
}

function texts(insns: Insn[], covered: number, len: number): string[] | null {
  if (insns.length === 0) return null;
  const t = insns.map((i) => (i.known ? displayText(i) : '(not decoded)'));
  return covered < len ? [...t, '…'] : t;
}

/**
 * Xtensa or ARC instructions of a relocation site. With the section's file bytes, the
 * instructions that hold the site's bytes (an ARC R_ARC_32_ME patches the long immediate
 * inside an instruction), found by a linear sweep from the section start with `bytes` put at
 * the site; without them, or for Xtensa (whose .text can hold literal pools a sweep would
 * read as code; its relocated operands sit in the instruction that starts at the site), the
 * site's bytes alone.
 */
export function coreDisassemble(
  arch: string,
  bytes: Uint8Array,
  P: bigint,
  siteOffset: number,
  section: SectionCode | null,
): string[] | null {
  const a = disasmArchOf(arch);
  if (!a || bytes.length === 0) return null;
  const address = Number(BigInt.asUintN(32, P));
  if (a === 'arc' && section && siteOffset + bytes.length <= section.size && section.offset + section.size <= section.elf.length) {
    const code = section.elf.slice(section.offset, section.offset + section.size);
    code.set(bytes, siteOffset);
    const insns = instructionsAt(a, code, (address - siteOffset) >>> 0, siteOffset, bytes.length, optionsForElf(a, section.elf));
    const end = insns.length ? insns[insns.length - 1].offset + insns[insns.length - 1].size : 0;
    const r = texts(insns, end - siteOffset, bytes.length);
    if (r) return r;
  }
  const insns = sweep(a, bytes, address, section ? optionsForElf(a, section.elf) : {});
  return texts(
    insns,
    insns.reduce((n, i) => n + i.size, 0),
    bytes.length,
  );
}

export interface DisasmInsn {
  address: bigint;
  size: number;
  text: string;
}

/** Instructions in `bytes` at `address`, each with its address; null if undecodable. */
export function disassembleInsns(cs: CapstoneModule, t: DisasmTarget, bytes: Uint8Array, address: bigint): DisasmInsn[] | null {
  const m = capstoneModeOf(cs, t);
  if (!m || bytes.length === 0) return null;
  const key = `${m.arch}:${m.mode}`;
  let h = handles.get(key);
  if (!h) {
    h = new cs.Capstone(m.arch, m.mode);
    handles.set(key, h);
  }
  try {
    const insns = h.disasm(bytes, address);
    if (insns.length === 0) return null;
    return insns.map((i) => ({ address: BigInt(i.address), size: i.size, text: `${i.mnemonic} ${i.op_str}`.trim() }));
  } catch {
    return null;
  }
}
