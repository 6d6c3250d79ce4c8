// Disassembly of relocation sites with capstone, loaded on first use (its
// wasm is a separate local asset). Xtensa and ARC are not in capstone 5.
import type { CapstoneHandle, CapstoneModule } from '@alexaltea/capstone-js';

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

export interface Insn {
  address: bigint;
  size: number;
  text: string;
}

/** Instructions in `bytes` at `address`, each with its address; null if undecodable. */
export function disassembleInsns(cs: CapstoneModule, t: DisasmTarget, bytes: Uint8Array, address: bigint): Insn[] | null {
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
