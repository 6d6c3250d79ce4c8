// The ArchRelocator contract as the loader sees it: every architecture a board profile can
// name has a relocator registered in arch/registry.ts, found by its id and by its ELF
// e_machine. Adding an architecture is its arch/<arch>.ts file plus one registry line; this
// test fails when the board schema names an architecture the registry lacks.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTestInstance, type TestEngineInstance } from './test-engine.js';
import { ARCH_IDS } from '../src/config/boards.js';

interface ArchEntry {
  id: string;
  elfMachine: number;
  otherElfMachine: number;
  machineMapsBack: boolean;
  lookupById: boolean;
  logModule: string;
  usesPltPath: boolean;
  rejectsRela: boolean;
}

let e: TestEngineInstance;
beforeAll(async () => {
  e = await freshTestInstance();
});

describe('architecture registry', () => {
  it('registers every board architecture exactly once', () => {
    const list = JSON.parse(e.testArchList()) as ArchEntry[];
    expect(list.map((a) => a.id).sort()).toEqual([...ARCH_IDS].sort());
  });

  it('finds each relocator by its id and by its e_machine', () => {
    const list = JSON.parse(e.testArchList()) as ArchEntry[];
    for (const a of list) {
      expect(a.lookupById, a.id).toBe(true);
      expect(a.machineMapsBack, a.id).toBe(true);
    }
    const byId = Object.fromEntries(list.map((a) => [a.id, a]));
    // EM_ARM, EM_AARCH64, EM_RISCV, EM_386, EM_X86_64, EM_XTENSA, EM_ARC_COMPACT2 (+ EM_ARC_COMPACT), EM_OPENRISC.
    expect(byId.arm.elfMachine).toBe(40);
    expect(byId.arm64.elfMachine).toBe(183);
    expect(byId.riscv.elfMachine).toBe(243);
    expect(byId.x86.elfMachine).toBe(3);
    expect(byId.x86_64.elfMachine).toBe(62);
    expect(byId.xtensa.elfMachine).toBe(94);
    expect([byId.arc.elfMachine, byId.arc.otherElfMachine]).toEqual([195, 93]);
    expect(byId.openrisc.elfMachine).toBe(92);
  });

  it('keeps the loader-path flags where Zephyr differs: ARM refuses RELA, Xtensa links through the PLT path', () => {
    const list = JSON.parse(e.testArchList()) as ArchEntry[];
    for (const a of list) {
      expect(a.rejectsRela, a.id).toBe(a.id === 'arm');
      expect(a.usesPltPath, a.id).toBe(a.id === 'xtensa');
      expect(a.logModule, a.id).toBe(a.id === 'xtensa' ? 'llext' : 'elf');
    }
  });
});
