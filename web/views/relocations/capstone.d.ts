// Types for the parts of @alexaltea/capstone-js the playground uses.
declare module '@alexaltea/capstone-js' {
  export interface CapstoneInsn {
    address: number | bigint;
    size: number;
    mnemonic: string;
    op_str: string;
    bytes: number[];
  }
  export interface CapstoneHandle {
    disasm(buffer: Uint8Array | number[], addr: number | bigint, max?: number): CapstoneInsn[];
    close(): void;
  }
  export interface CapstoneModule {
    Capstone: new (arch: number, mode: number) => CapstoneHandle;
    ARCH_ARM: number;
    ARCH_ARM64: number;
    ARCH_X86: number;
    ARCH_RISCV: number;
    MODE_ARM: number;
    MODE_THUMB: number;
    MODE_MCLASS: number;
    MODE_V8: number;
    MODE_32: number;
    MODE_64: number;
    MODE_16: number;
    MODE_RISCV32: number;
    MODE_RISCV64: number;
    MODE_RISCVC: number;
    MODE_LITTLE_ENDIAN: number;
    MODE_BIG_ENDIAN: number;
  }
  const MCapstone: (options?: { locateFile?: (path: string, dir: string) => string }) => Promise<CapstoneModule>;
  export default MCapstone;
}
