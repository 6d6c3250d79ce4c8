// The verdict of a run (wasm-core/src/verdict/): for each scenario the status and the root
// cause, and for every fix marked verified, that applying it really makes progress: the
// test runs the engine again with the fix and compares how far both runs got.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../src/engine.js';
import { prepareSession, type SessionRequest } from '../src/session.js';
import {
  applyFix,
  computeVerdict,
  furtherThan,
  heapPastENOMEM,
  heapPastFailure,
  mergeDefines,
  orderIndices,
  progressOf,
  solveHeap,
  type FixKind,
  type RunProgress,
  type Verdict,
  type VerdictStatus,
} from '../src/verdict/index.js';
import type { SimulationDocument } from '../src/document.js';
import type { TraceEvent } from '../src/trace.js';
import { SAMPLES_DIR } from './catalogue.js';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { ElfPatch } from './elf/patch.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const EM_OPENRISC = 92;
const EM_XTENSA = 94;

const sample = (path: string): { name: string; bytes: Uint8Array } => ({
  name: path.split('/').pop()!,
  bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, path))),
});

/** A one-function object for `machine`, class and byte order. */
function minimal(name: string, opts: ConstructorParameters<typeof ElfBuilder>[0]): { name: string; bytes: Uint8Array } {
  const b = new ElfBuilder(opts);
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf] });
  b.symbol({ name: 'entry', section: '.text', value: 0, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  return { name, bytes: b.build().bytes };
}

/** An Xtensa object with 3 KiB of code and 2 KiB of data: more than 1 KiB heaps hold. */
function bigXtensa(): { name: string; bytes: Uint8Array } {
  const b = new ElfBuilder({ machine: EM_XTENSA });
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: new Uint8Array(3072) });
  b.section({ name: '.data', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 4, data: new Uint8Array(2048) });
  b.symbol({ name: 'entry', section: '.text', value: 0, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  return { name: 'big_xtensa.o', bytes: b.build().bytes };
}

/** An ARM object whose one relocation has a type (100, R_ARM_GNU_VTENTRY) Zephyr's ARM loader refuses. */
function unknownRelocation(): { name: string; bytes: Uint8Array } {
  const b = new ElfBuilder();
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: new Uint8Array(8) });
  b.symbol({ name: 'entry', section: '.text', value: 0, size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', bind: E.STB_GLOBAL });
  b.relocate('.text', [{ offset: 0, sym: 'printk', type: 100 }]);
  return { name: 'vtentry.o', bytes: b.build().bytes };
}

/** A sample with its ELF patched. */
function patched(path: string, edit: (p: ElfPatch) => ElfPatch): { name: string; bytes: Uint8Array } {
  const s = sample(path);
  return { name: s.name, bytes: edit(new ElfPatch(s.bytes)).bytes };
}

const NO_EXPORTS = { kind: 'text', text: '', mode: 'replace' } as const;

interface Scenario {
  name: string;
  req: () => SessionRequest;
  status: VerdictStatus;
  causeCode: string;
  /** The fix kinds, in order. */
  fixes?: FixKind[];
  /** Fix kinds that must be verified. */
  verified?: FixKind[];
  check?: (v: Verdict, doc: SimulationDocument) => void;
}

const HW = 'hello_world/hello_world.llext';

const scenarios: Scenario[] = [
  // Architecture, class and byte order, each way.
  {
    name: 'ARM object on an Xtensa board (Zephyr loads it)',
    req: () => ({ board: 'qemu_xtensa', files: [sample(HW)] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    fixes: ['switch-board', 'rebuild'],
    verified: ['switch-board'],
    check: (v, doc) => {
      expect(doc.ok).toBe(true);
      expect(v.fixes[0]!.apply.board).toBe('nrf52840dk');
      expect(v.file).toEqual({ name: 'hello_world.llext', builtFor: 'arm (ELF32, little-endian)' });
    },
  },
  {
    name: 'Xtensa object on nrf52840dk',
    req: () => ({ board: 'nrf52840dk', files: [sample('data_mix/data_mix.lx106-longcalls.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'RISC-V object on nrf52840dk',
    req: () => ({ board: 'nrf52840dk', files: [sample('hello_world/hello_world.riscv32-medlow.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
    check: (v) => {
      expect(v.cause).toMatch(
        /^hello_world\.riscv32-medlow\.llext was built for riscv .*Zephyr: "Found unsupported SHT_RELA section 2" \(-ENOTSUP\)\.$/,
      );
    },
  },
  {
    name: 'ARM object on a RISC-V board',
    req: () => ({ board: 'qemu_riscv32', files: [sample(HW)] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'x86-64 object on nrf52840dk (switch and size the heap)',
    req: () => ({ board: 'nrf52840dk', files: [sample('hello_world/hello_world.x86_64.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
    check: (v) => {
      expect(v.fixes[0]!.apply.board).toBe('qemu_x86_64');
      expect(v.fixes[0]!.apply.defines?.[0]).toMatch(/^CONFIG_LLEXT_HEAP_SIZE=\d+$/);
      expect(v.fixes[0]!.outcome).toMatch(/it loads$/);
    },
  },
  {
    name: 'ARM object on qemu_x86 (Zephyr says ENOMEM)',
    req: () => ({ board: 'qemu_x86', files: [sample(HW)] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
    check: (v) => {
      expect(v.cause).toMatch(/-ENOMEM/);
    },
  },
  {
    name: 'i386 object on qemu_x86_64',
    req: () => ({ board: 'qemu_x86_64', files: [sample('hello_world/hello_world.i386.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'x86-64 object on qemu_x86',
    req: () => ({ board: 'qemu_x86', files: [sample('hello_world/hello_world.x86_64.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'AArch64 object on qemu_cortex_a9',
    req: () => ({ board: 'qemu_cortex_a9', files: [sample('hello_world/hello_world.arm64.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'ARC object on qemu_riscv32',
    req: () => ({ board: 'qemu_riscv32', files: [sample('hello_world/hello_world.archs.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'big-endian OpenRISC object on qemu_xtensa',
    req: () => ({ board: 'qemu_xtensa', files: [sample('hello_or1k/hello_or1k.llext')] }),
    status: 'failed',
    causeCode: 'arch-mismatch',
    verified: ['switch-board'],
    check: (v) => {
      expect(v.fixes[0]!.apply.board).toBe('qemu_or1k');
    },
  },
  {
    name: 'RISC-V ELF64 on qemu_riscv32',
    req: () => ({ board: 'qemu_riscv32', files: [sample('hello_world/hello_world.riscv64-medany.llext')] }),
    status: 'failed',
    causeCode: 'class-mismatch',
    verified: ['switch-board'],
    check: (v) => {
      expect(v.fixes[0]!.apply.board).toBe('qemu_riscv64');
    },
  },
  {
    name: 'RISC-V ELF32 on qemu_riscv64',
    req: () => ({ board: 'qemu_riscv64', files: [sample('hello_world/hello_world.riscv32-medlow.llext')] }),
    status: 'failed',
    causeCode: 'class-mismatch',
    verified: ['switch-board'],
  },
  {
    name: 'big-endian ARM object on nrf52840dk (no board suits it)',
    req: () => ({ board: 'nrf52840dk', files: [minimal('be.o', { endian: 'big' })] }),
    status: 'failed',
    causeCode: 'endian-mismatch',
    fixes: ['rebuild'],
  },
  {
    name: 'little-endian OpenRISC object on qemu_or1k',
    req: () => ({ board: 'qemu_or1k', files: [minimal('le.o', { machine: EM_OPENRISC })] }),
    status: 'failed',
    causeCode: 'endian-mismatch',
    fixes: ['rebuild'],
  },

  // Load order.
  {
    name: 'consumer loaded before provider',
    req: () => ({ board: 'nrf52840dk', files: [sample('provider_consumer/consumer.llext'), sample('provider_consumer/provider.llext')] }),
    status: 'failed',
    causeCode: 'load-order',
    fixes: ['reorder'],
    verified: ['reorder'],
    check: (v) => {
      expect(v.fixes[0]!.apply.order).toEqual(['provider.llext', 'consumer.llext']);
      expect(v.fixes[0]!.outcome).toBe('In that order it loads');
    },
  },
  {
    name: 'consumer alone (nothing provides its imports)',
    req: () => ({ board: 'nrf52840dk', files: [sample('provider_consumer/consumer.llext')] }),
    status: 'failed',
    causeCode: 'missing-imports',
    fixes: ['export-symbols'],
  },
  {
    name: 'missing_import',
    req: () => ({ board: 'nrf52840dk', files: [sample('missing_import/missing_import.llext')] }),
    status: 'failed',
    causeCode: 'missing-imports',
    fixes: ['export-symbols'],
    check: (v) => {
      expect(v.fixes[0]!.text).toMatch(/EXPORT_SYMBOL\(board_secret_init\); EXPORT_SYMBOL\(undefined_helper\);$/);
    },
  },

  // Heaps.
  {
    name: 'heap too small on an MPU board',
    req: () => ({ board: 'nrf52840dk', files: [sample('big_heap/big_heap.llext')] }),
    status: 'failed',
    causeCode: 'heap-too-small',
    fixes: ['set-options'],
    verified: ['set-options'],
    check: (v) => {
      expect(v.fixes[0]!.outcome).toBe(`With ${v.fixes[0]!.apply.defines![0]} it loads`);
    },
  },
  {
    name: 'heap too small on an MMU board (page-aligned regions)',
    req: () => ({ board: 'qemu_x86_64', files: [sample('data_mix/data_mix.x86_64-small.llext')] }),
    status: 'failed',
    causeCode: 'heap-too-small',
    verified: ['set-options'],
    check: (v) => {
      expect(v.cause).toMatch(/MMU board/);
    },
  },
  {
    name: 'heap first, then a missing import (x86-64, 8 KiB)',
    req: () => ({ board: 'qemu_x86_64', files: [sample('data_mix/data_mix.x86_64-small.llext')], exports: NO_EXPORTS }),
    status: 'failed',
    causeCode: 'heap-too-small',
    verified: ['set-options'],
    check: (v) => {
      expect(v.fixes[0]!.outcome).toMatch(/^With \d+ KiB the heap is enough; next it stops on the missing printk/);
    },
  },
  {
    name: 'heap too small on AArch64 (MMU)',
    req: () => ({ board: 'qemu_cortex_a53', files: [sample('data_mix/data_mix.arm64.llext')], defines: ['CONFIG_LLEXT_HEAP_SIZE=4'] }),
    status: 'failed',
    causeCode: 'heap-too-small',
    verified: ['set-options'],
  },
  {
    name: 'Harvard heaps too small',
    req: () => ({
      board: 'esp32s3_devkitc',
      files: [bigXtensa()],
      defines: ['CONFIG_LLEXT_INSTR_HEAP_SIZE=1', 'CONFIG_LLEXT_DATA_HEAP_SIZE=1'],
    }),
    status: 'failed',
    causeCode: 'heap-too-small',
    verified: ['set-options'],
    check: (v) => {
      expect(v.fixes[0]!.apply.defines!.map((d) => d.split('=')[0])).toEqual([
        'CONFIG_LLEXT_INSTR_HEAP_SIZE',
        'CONFIG_LLEXT_DATA_HEAP_SIZE',
      ]);
    },
  },
  {
    name: 'memblk pool too small',
    req: () => ({
      board: 'nrf52840dk',
      files: [sample('big_heap/big_heap.llext')],
      defines: ['CONFIG_LLEXT_HEAP_MEMBLK=y', 'CONFIG_LLEXT_EXT_HEAP_SIZE=4'],
    }),
    status: 'failed',
    causeCode: 'heap-too-small',
    verified: ['set-options'],
  },
  {
    name: 'dynamic heap never initialised',
    req: () => ({ board: 'nrf52840dk', files: [sample(HW)], defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=y'] }),
    status: 'failed',
    causeCode: 'heap-not-initialised',
    fixes: ['application', 'set-options'],
    verified: ['set-options'],
  },
  {
    name: 'dynamic heap initialised too small',
    req: () => ({
      board: 'nrf52840dk',
      files: [sample('big_heap/big_heap.llext')],
      defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=y'],
      actions: [
        { kind: 'heap_init', bytes: 2048 },
        { kind: 'load', name: 'big_heap', file: 0 },
      ],
    }),
    status: 'failed',
    causeCode: 'heap-too-small',
    fixes: ['application'],
  },

  // SLIDs.
  {
    name: 'SLIDs not injected, image exports by SLID (no EXPORT_SYMBOL advice)',
    req: () => ({ board: 'nrf52840dk', files: [sample(HW)], defines: ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y'] }),
    status: 'failed',
    causeCode: 'slid-not-injected',
    fixes: ['rebuild', 'set-options'],
    verified: ['set-options'],
  },
  {
    name: 'SLIDs for another pointer size',
    req: () => ({
      board: 'nrf52840dk',
      files: [patched('hello_world/hello_world.slid.llext', (p) => p.setSymbol('printk', 'st_value', 0x68827052))],
      defines: ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y'],
    }),
    status: 'failed',
    causeCode: 'slid-mismatch',
    fixes: ['rebuild'],
  },
  {
    name: 'SLIDs injected on RISC-V 64 with an image by SLID',
    req: () => ({
      board: 'qemu_riscv64',
      files: [sample('hello_world/hello_world.riscv64-medany.slid.llext')],
      defines: ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y'],
    }),
    status: 'loaded',
    causeCode: 'loaded',
    fixes: [],
  },

  // Compiler output Zephyr cannot load.
  {
    name: 'clang object on ARM (string table order)',
    req: () => ({ board: 'nrf52840dk', files: [sample('data_mix/data_mix.clang.llext')] }),
    status: 'failed',
    causeCode: 'table-order',
    fixes: ['rebuild'],
  },
  {
    name: 'clang object on AArch64',
    req: () => ({
      board: 'qemu_cortex_a53',
      files: [sample('data_mix/data_mix.arm64-clang.llext')],
      defines: ['CONFIG_LLEXT_HEAP_SIZE=64'],
    }),
    status: 'failed',
    causeCode: 'table-order',
    fixes: ['rebuild'],
  },
  {
    name: 'RISC-V relaxation',
    req: () => ({ board: 'qemu_riscv32', files: [sample('data_mix/data_mix.riscv32-relax.llext')] }),
    status: 'failed',
    causeCode: 'riscv-relax',
    fixes: ['rebuild'],
  },
  {
    name: 'calls out of range without long calls (ARM)',
    req: () => ({ board: 'nrf52840dk', files: [sample('relative_calls/relative_calls.short-calls.llext')] }),
    status: 'failed',
    causeCode: 'reloc-out-of-range',
    fixes: ['set-options', 'rebuild'],
    verified: ['set-options'],
    check: (v) => {
      expect(v.fixes[0]!.apply.defines).toEqual(['CONFIG_LLEXT_VENEERS=y']);
    },
  },
  {
    name: 'interleaved sections (-O2 with init/fini)',
    req: () => ({ board: 'nrf52840dk', files: [sample('init_fini/init_fini.O2.llext')] }),
    status: 'failed',
    causeCode: 'interleaved-sections',
    fixes: ['rebuild'],
  },
  {
    name: 'RELA section on ARM',
    req: () => ({ board: 'nrf52840dk', files: [patched(HW, (p) => p.setSection('.rel.text', 'sh_type', E.SHT_RELA))] }),
    status: 'failed',
    causeCode: 'rela-on-arm',
    fixes: ['rebuild'],
  },

  {
    name: 'a relocation type the ARM loader does not handle',
    req: () => ({ board: 'nrf52840dk', files: [unknownRelocation()] }),
    status: 'failed',
    causeCode: 'unsupported-relocation',
    fixes: ['rebuild'],
    check: (v) => {
      expect(v.cause).toMatch(/Zephyr: "unknown relocation: 100" \(-ENOEXEC\)\.$/);
    },
  },

  // Loaded, with or without hazards.
  {
    name: 'Xtensa without -mlongcalls: loaded with hazards',
    req: () => ({ board: 'qemu_xtensa', files: [sample('data_mix/data_mix.lx106.llext')] }),
    status: 'loaded-with-hazards',
    causeCode: 'zephyr-quirk',
    fixes: ['rebuild'],
    check: (v) => {
      // Each call site is named by the function that holds it.
      expect(v.cause).toContain('in test_entry+0x49 (.text), the call to printk targets 0x0 where the psABI gives 0x60000618');
    },
  },
  {
    name: 'Xtensa ET_REL with the shared-library build type',
    req: () => ({ board: 'qemu_xtensa', files: [sample('data_mix/data_mix.lx106-longcalls.llext')] }),
    status: 'loaded',
    causeCode: 'elf-type-option',
    fixes: ['set-options'],
    verified: ['set-options'],
  },
  {
    name: 'ARM shared library (no ELF_SHAREDLIB advice on ARM)',
    req: () => ({ board: 'nrf52840dk', files: [sample('data_mix/data_mix.so.llext')] }),
    status: 'loaded',
    causeCode: 'elf-type-option',
    fixes: [],
  },
  {
    name: 'hello_world on nrf52840dk: text in execute-never SRAM (MPU on)',
    req: () => ({ board: 'nrf52840dk', files: [sample(HW)] }),
    status: 'loaded-with-hazards',
    causeCode: 'text-not-executable',
    fixes: ['set-options'],
    verified: ['set-options'],
    check: (v) => {
      expect(v.cause).toBe(
        "Loaded, but its code cannot run where it landed. The text of hello_world (0x20002bc4-0x20002bec) lies in SRAM_0 (0x20000000-0x20040000), where Zephyr's MPU map makes SRAM execute-never (CONFIG_ARM_MPU=y: arch/arm/core/mpu/arm_mpu_regions.c programs SRAM_0 with REGION_RAM_ATTR, XN set): calling any of its functions faults before the first instruction.",
      );
      expect(v.fixes[0]).toMatchObject({
        apply: { defines: ['CONFIG_ARM_MPU=n'] },
        outcome: 'With CONFIG_ARM_MPU=n it loads, and its text is executable',
      });
    },
  },
  {
    name: "hello_world on nrf52840dk with CONFIG_USERSPACE=y (partitions not in the caller's domain)",
    req: () => ({ board: 'nrf52840dk', files: [sample(HW)], defines: ['CONFIG_USERSPACE=y'] }),
    status: 'loaded-with-hazards',
    causeCode: 'text-not-executable',
    fixes: ['set-options', 'application'],
    verified: ['set-options'],
    check: (v) => {
      expect(v.cause).toContain('The text of hello_world (0x20002c00-0x20002c28) lies in SRAM_0 (0x20000000-0x20040000)');
      expect(v.cause).toContain('only applies to a thread whose memory domain the application gave it with llext_add_domain()');
    },
  },
  {
    name: 'hello_world on nrf52840dk without the MPU',
    req: () => ({ board: 'nrf52840dk', files: [sample(HW)], defines: ['CONFIG_ARM_MPU=n'] }),
    status: 'loaded',
    causeCode: 'loaded',
    fixes: [],
  },
  {
    name: 'hello_world on qemu_riscv32 (machine mode may execute RAM under the PMP)',
    req: () => ({ board: 'qemu_riscv32', files: [sample('hello_world/hello_world.riscv32-medlow.llext')] }),
    status: 'loaded',
    causeCode: 'loaded',
    fixes: [],
  },
  {
    name: 'provider then consumer',
    req: () => ({ board: 'nrf52840dk', files: [sample('provider_consumer/provider.llext'), sample('provider_consumer/consumer.llext')] }),
    status: 'loaded-with-hazards',
    causeCode: 'text-not-executable',
    fixes: ['set-options'],
    verified: ['set-options'],
    check: (v) => {
      // One sentence per extension whose text landed in SRAM.
      expect(v.cause.match(/The text of (\w+) \(/g)).toEqual(['The text of provider (', 'The text of consumer (']);
    },
  },
  {
    name: 'provider then consumer without the MPU',
    req: () => ({
      board: 'nrf52840dk',
      files: [sample('provider_consumer/provider.llext'), sample('provider_consumer/consumer.llext')],
      defines: ['CONFIG_ARM_MPU=n'],
    }),
    status: 'loaded',
    causeCode: 'loaded',
    fixes: [],
  },
  {
    name: 'OpenRISC on qemu_or1k',
    req: () => ({ board: 'qemu_or1k', files: [sample('hello_or1k/hello_or1k.llext')] }),
    status: 'loaded',
    causeCode: 'loaded',
    fixes: [],
  },
  {
    name: 'ARC on qemu_arc_hs',
    req: () => ({ board: 'qemu_arc_hs', files: [sample('hello_world/hello_world.archs.llext')] }),
    status: 'loaded',
    causeCode: 'loaded',
    fixes: [],
  },
];

async function runOf(req: SessionRequest): Promise<{ doc: SimulationDocument; events: TraceEvent[]; progress: RunProgress }> {
  const s = await prepareSession(req);
  expect(
    s.diagnostics.filter((d) => d.severity === 'error'),
    'configuration errors',
  ).toEqual([]);
  const r = await simulate({ files: s.files, config: s.config });
  return { doc: r.document, events: r.events, progress: progressOf(r.events, r.document, true) };
}

describe('verdict scenarios', () => {
  it('has at least 30 scenarios over every architecture', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  for (const sc of scenarios) {
    it(
      sc.name,
      async () => {
        const req = sc.req();
        const { doc, events, progress } = await runOf(req);
        const v = await computeVerdict(req, { document: doc, events });
        expect({ status: v.status, causeCode: v.causeCode }).toEqual({ status: sc.status, causeCode: sc.causeCode });
        if (sc.fixes) expect(v.fixes.map((f) => f.kind)).toEqual(sc.fixes);
        for (const k of sc.verified ?? []) expect(v.fixes.find((f) => f.kind === k)?.verified, `${k} verified`).toBe(true);
        if (v.status === 'failed') expect(v.cause.length).toBeGreaterThan(20);
        if (!doc.ok) expect(v.cause).toContain(`Zephyr: "${doc.message}"`);
        for (const f of v.fixes) {
          if (!f.verified) {
            // Rebuilds and code changes: nothing to apply, never claimed verified.
            expect(f.apply).toEqual({});
            expect(f.outcome).toBeUndefined();
            continue;
          }
          expect(f.outcome).toBeTruthy();
          const after = await runOf(applyFix(req, f.apply));
          // A run that loaded a mismatched file can only be bettered by one that loads.
          if (doc.ok) expect(after.doc.ok, f.text).toBe(true);
          else expect(after.doc.ok || furtherThan(after.progress, progress), f.text).toBe(true);
          if (after.doc.ok) expect(f.outcome).toMatch(/it loads($|, but|, and)/);
        }
        // No advice to export what the image already exports.
        const exported = new Set(doc.imports.filter((i) => i.resolvedFrom === 'zephyr').map((i) => i.name));
        for (const f of v.fixes.filter((x) => x.kind === 'export-symbols')) {
          for (const m of f.text.matchAll(/EXPORT_SYMBOL\(([^)]+)\);/g)) expect(exported.has(m[1]!)).toBe(false);
        }
        sc.check?.(v, doc);
      },
      60_000,
    );
  }

  it('covers every architecture', () => {
    const boards = new Set(scenarios.map((s) => s.req().board));
    for (const b of ['nrf52840dk', 'qemu_cortex_a53', 'qemu_riscv32', 'qemu_x86', 'qemu_x86_64', 'qemu_xtensa', 'qemu_arc_hs', 'qemu_or1k'])
      expect(boards).toContain(b);
  });
});

describe('heap solver', () => {
  it('sizes an alignment-bound heap on an MMU board exactly', async () => {
    // x86-64 regions are page-aligned: the heap must hold whole 4096-aligned pages.
    const req: SessionRequest = { board: 'qemu_x86_64', files: [sample('data_mix/data_mix.x86_64-small.llext')] };
    const ans = await solveHeap(req);
    expect(ans).toMatchObject({ loads: true });
    const kib = ans!.kib!;
    expect((await runOf(applyFix(req, { defines: [`CONFIG_LLEXT_HEAP_SIZE=${kib}`] }))).doc.ok).toBe(true);
    const below = (await runOf(applyFix(req, { defines: [`CONFIG_LLEXT_HEAP_SIZE=${kib - 1}`] }))).doc;
    expect(below.ok).toBe(false);
    expect(below.errno).toBe(12);
  });

  it('gets past -ENOMEM when another failure remains, and no further than needed', async () => {
    const req: SessionRequest = { board: 'qemu_x86_64', files: [sample('data_mix/data_mix.x86_64-small.llext')], exports: NO_EXPORTS };
    const ans = await solveHeap(req);
    expect(ans).toMatchObject({ loads: false });
    const kib = ans!.kib!;
    const at = (await runOf(applyFix(req, { defines: [`CONFIG_LLEXT_HEAP_SIZE=${kib}`] }))).doc;
    expect(at.errno).toBe(61);
    expect((await runOf(applyFix(req, { defines: [`CONFIG_LLEXT_HEAP_SIZE=${kib - 1}`] }))).doc.errno).toBe(12);
    expect(await heapPastENOMEM(req, 8)).toBe(kib);
  });

  it('does not size a dynamic heap', async () => {
    expect(await solveHeap({ board: 'nrf52840dk', files: [sample(HW)], defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=y'] })).toBeNull();
  });
});

describe('applying a fix', () => {
  const files = [
    { name: 'a.llext', bytes: new Uint8Array(1) },
    { name: 'b.llext', bytes: new Uint8Array(2) },
  ];

  it('replaces earlier assignments to the same options', () => {
    expect(mergeDefines(['CONFIG_A=1', 'CONFIG_B=2'], ['CONFIG_A=3'])).toEqual(['CONFIG_B=2', 'CONFIG_A=3']);
  });

  it('moves files, names and load calls together, other calls first', () => {
    const req: SessionRequest = {
      board: 'nrf52840dk',
      files,
      names: ['a', 'b'],
      actions: [
        { kind: 'heap_init', bytes: 4096 },
        { kind: 'load', name: 'a', file: 0 },
        { kind: 'load', name: 'b', file: 1 },
      ],
    };
    const out = applyFix(req, { order: ['b.llext', 'a.llext'], board: 'qemu_x86' });
    expect(out.files.map((f) => f.name)).toEqual(['b.llext', 'a.llext']);
    expect(out.names).toEqual(['b', 'a']);
    expect(out.board).toBe('qemu_x86');
    expect(out.actions).toEqual([
      { kind: 'heap_init', bytes: 4096 },
      { kind: 'load', name: 'b', file: 0 },
      { kind: 'load', name: 'a', file: 1 },
    ]);
  });

  it('refuses an order that does not name every file once', () => {
    expect(orderIndices(files, ['a.llext'])).toBeNull();
    expect(orderIndices(files, ['a.llext', 'a.llext'])).toBeNull();
    expect(() => applyFix({ board: 'nrf52840dk', files }, { order: ['a.llext', 'c.llext'] })).toThrow(/does not name each file once/);
  });
});

describe('heap past another failure', () => {
  it('names what the load stops on once the heap is enough', async () => {
    const req: SessionRequest = { board: 'qemu_x86_64', files: [sample('data_mix/data_mix.x86_64-small.llext')], exports: NO_EXPORTS };
    const past = await heapPastFailure(req);
    expect(past).not.toBeNull();
    expect(past!.errno).toBe(61);
    expect(past!.next).toBe('the missing printk (data_mix.x86_64-small)');
    expect(past!.kib).toBe((await solveHeap(req))!.kib);
  });

  it('says nothing when the heap alone makes it load', async () => {
    expect(await heapPastFailure({ board: 'nrf52840dk', files: [sample('big_heap/big_heap.llext')] })).toBeNull();
  });
});
