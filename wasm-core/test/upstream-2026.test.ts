// Loader and relocation changes merged upstream in 2026 (issue 14), each reached with a
// crafted extension and checked against the exact Zephyr log and errno. The upstream reference
// of every rule is in wasm-core/assembly/loader/version.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { run } from './sim-harness.js';
import { simulate } from '../src/engine.js';
import { prepareSession, type SessionRequest } from '../src/session.js';
import { computeVerdict, type Verdict } from '../src/verdict/index.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const ENOEXEC = 8,
  ENODATA = 61;
const ERR = (s: string) => '<err> llext: ' + s;
const ARCH_ERR = (s: string) => '<err> elf: ' + s;
const le32 = (v: number) => [0, 8, 16, 24].map((s) => (v >>> s) & 0xff);

/** An AArch64 object whose .text holds `insn` then `ret`, with one RELA entry of `type` at 0
 * against the undefined global `printk` (exported by the image at 0x12345). */
function a64Call(insn: number, type: number, addend: bigint = 0n): Uint8Array {
  const b = new ElfBuilder({ bits: 64, machine: E.EM_AARCH64 });
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [...le32(insn), ...le32(0xd65f03c0)] });
  b.symbol({ name: 'entry', section: '.text', value: 0, size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [{ offset: 0, sym: 'printk', type, addend }], { rela: true });
  return b.build().bytes;
}

/** The format ends in "\n": log_output prints it, then its own line end (an empty line). */
const OUT_OF_RANGE = [ARCH_ERR("sym 'printk': relocation out of range (0x20008218 -> 0x12345)"), ''];

describe('AArch64 overflow checks (PR #115710)', () => {
  // Known from the pull request and its issue (#115707); the newest stored elf.c predates it.
  it('fails `tbz x0, #0, printk` to a far symbol: negative overflow is no longer let through', async () => {
    // .text at 0x20008218; X = 0x12345 - 0x20008218 needs far more than TSTBR14's 16 bits.
    const doc = await run(a64Call(0x36000000, 279 /* R_AARCH64_TSTBR14 */), { arch: 'arm64', bits: 64 });
    expect(doc.log).toEqual([...OUT_OF_RANGE, ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno, doc.actions[0]!.ret]).toEqual([false, ENOEXEC, -ENOEXEC]);
  });

  it('fails MOVW_UABS_G1 when X >> 16 only fits after the 32-bit truncation', async () => {
    // X = 0x12345 + 2^48: X >> 16 = 0x100000001, truncated to 1 by the old check.
    const doc = await run(a64Call(0xd2a00000 /* movz x0, #0, lsl 16 */, 265, 1n << 48n), { arch: 'arm64', bits: 64 });
    expect(doc.log).toEqual([...OUT_OF_RANGE, ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });

  it('still loads a branch in range', async () => {
    const doc = await run(a64Call(0x94000000 /* bl printk */, 283), { arch: 'arm64', bits: 64, exports: { printk: 0x20010000 } });
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
  });
});

describe('AArch64 signed MOVW picks MOVZ/MOVN as the psABI does (PR #113525)', () => {
  // Known from the pull request and its issue (#113383); the newest stored elf.c predates it.
  it('movz x0, #:abs_g0_s:printk with printk at 0x1234 loads 0x1234 (MOVZ), not MOVN #0x1234', async () => {
    const doc = await run(a64Call(0xd2800000, 270 /* R_AARCH64_MOVW_SABS_G0 */), { arch: 'arm64', bits: 64, exports: { printk: 0x1234 } });
    expect([doc.ok, doc.errno, doc.log]).toEqual([true, 0, ['<inf> llext: Loaded extension ext']]);
    const r = doc.relocations[0]!;
    expect([r.typeName, r.before, r.after, r.abiAfter, r.quirk]).toEqual([
      'R_AARCH64_MOVW_SABS_G0',
      '000080d2',
      '804682d2',
      '804682d2',
      null,
    ]);
  });

  it('a negative value gets MOVN with the inverted immediate', async () => {
    // X = 0x1234 - 0x2235 = -0x1001: MOVN #0x1000 = 0x92820000.
    const doc = await run(a64Call(0xd2800000, 270, -0x2235n), { arch: 'arm64', bits: 64, exports: { printk: 0x1234 } });
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
    expect(doc.relocations[0]!.after).toBe('000082' + '92');
  });
});

describe('formats ending in "\\n" show an empty line after them (log_output adds its own line end)', () => {
  it('ARM64 "unknown relocation: %llu\\n"', async () => {
    const doc = await run(a64Call(0xd503201f, 281), { arch: 'arm64', bits: 64 });
    expect(doc.log).toEqual([ARCH_ERR('unknown relocation: 281'), '', ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });

  it('ARM "unknown relocation: %u\\n"', async () => {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf] });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.relocate('.text', [{ offset: 0, sym: 'printk', type: 26 /* R_ARM_GOT_BREL */ }]);
    const doc = await run(b.build().bytes);
    expect(doc.log).toEqual([ARCH_ERR('unknown relocation: 26'), '', ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });
});

/** An ARM object whose .text word is an R_ARM_ABS32 reference to the undefined object `name`. */
function armImport(name: string): Uint8Array {
  const b = new ElfBuilder();
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf, 0, 0, 0, 0] });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name, type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [{ offset: 4, sym: name, type: 2 /* R_ARM_ABS32 */ }]);
  return b.build().bytes;
}

describe('llext_lookup_symbol(): device objects without CONFIG_LLEXT_EXPORT_DEVICES (PR #89018)', () => {
  // Text and comparison as in the stored llext_link.c at c4eeedcb: strncmp() over all of
  // "__device_", so "__device" alone or "__devicefoo" get no warning.
  const undefinedLine = (name: string) => ERR(`Undefined symbol with no entry in symbol table ${name}, offset 4, link section 3`);
  const warning = '<wrn> llext: (Device objects are not available for import because CONFIG_LLEXT_EXPORT_DEVICES is not enabled)';

  it('adds the warning after "Undefined symbol" and advises the option, not EXPORT_SYMBOL', async () => {
    const doc = await run(armImport('__device_dts_ord_5'));
    expect(doc.log).toEqual([
      undefinedLine('__device_dts_ord_5'),
      warning,
      ARCH_ERR('Could not find symbol __device_dts_ord_5!'),
      ERR('Failed to link, ret -61'),
    ]);
    expect([doc.ok, doc.errno]).toEqual([false, ENODATA]);
    const codes = doc.diagnostics.map((d) => d.code);
    expect(codes).toContain('missing-devices');
    expect(codes).not.toContain('missing-imports');
    expect(doc.diagnostics.find((d) => d.code === 'missing-devices')!.text).toBe(
      "The extension imports 1 device object (__device_dts_ord_5), which the image exports only with CONFIG_LLEXT_EXPORT_DEVICES=y: enable it in the application's prj.conf (EXPORT_SYMBOL() cannot export device objects).",
    );
    expect(JSON.stringify(doc.diagnostics)).not.toContain('EXPORT_SYMBOL(__device');
  });

  it('prints no warning with CONFIG_LLEXT_EXPORT_DEVICES=y', async () => {
    const doc = await run(armImport('__device_dts_ord_5'), { kconfig: { CONFIG_LLEXT_EXPORT_DEVICES: 'y' } });
    expect(doc.log).toEqual([
      undefinedLine('__device_dts_ord_5'),
      ARCH_ERR('Could not find symbol __device_dts_ord_5!'),
      ERR('Failed to link, ret -61'),
    ]);
    expect(doc.diagnostics.find((d) => d.code === 'missing-devices')!.text).toContain('does not define');
  });

  /** The verdict of the device import on nrf52840dk, whose image defines __device_dts_ord_10 (and not _5). */
  const verdictOf = async (name: string): Promise<Verdict> => {
    const req: SessionRequest = { board: 'nrf52840dk', files: [{ name: 'dev.llext', bytes: armImport(name) }] };
    const s = await prepareSession(req);
    const r = await simulate({ files: s.files, config: s.config });
    expect(r.document.log).toContain(warning);
    return computeVerdict(req, { document: r.document, events: r.events });
  };

  it('the verdict enables CONFIG_LLEXT_EXPORT_DEVICES, verified by running again, and offers no EXPORT_SYMBOL line', async () => {
    const v = await verdictOf('__device_dts_ord_10');
    expect(v.fixes).toEqual([
      {
        kind: 'set-options',
        text: 'Let the image export its devicetree device objects: CONFIG_LLEXT_EXPORT_DEVICES=y',
        apply: { defines: ['CONFIG_LLEXT_EXPORT_DEVICES=y'] },
        verified: true,
        outcome: 'With CONFIG_LLEXT_EXPORT_DEVICES=y it loads',
      },
    ]);
    expect(JSON.stringify(v)).not.toContain('EXPORT_SYMBOL(');
  });

  it('the verdict still names the option, unverified, for an ordinal the image does not define', async () => {
    const v = await verdictOf('__device_dts_ord_5');
    expect(v.fixes.map((f) => [f.kind, f.verified, f.apply.defines])).toEqual([['set-options', false, ['CONFIG_LLEXT_EXPORT_DEVICES=y']]]);
    expect(JSON.stringify(v)).not.toContain('EXPORT_SYMBOL(');
  });

  it('compares the whole "__device_" prefix: "__devicetree_x" gets no warning', async () => {
    const doc = await run(armImport('__devicetree_x'));
    expect(doc.log).toEqual([
      undefinedLine('__devicetree_x'),
      ARCH_ERR('Could not find symbol __devicetree_x!'),
      ERR('Failed to link, ret -61'),
    ]);
  });

  it('prints no warning for other names, which keep the EXPORT_SYMBOL advice', async () => {
    const doc = await run(armImport('k_sleep'));
    expect(doc.log).toEqual([undefinedLine('k_sleep'), ARCH_ERR('Could not find symbol k_sleep!'), ERR('Failed to link, ret -61')]);
    expect(doc.diagnostics.find((d) => d.code === 'missing-imports')!.text).toContain('EXPORT_SYMBOL(k_sleep);');
  });
});

describe('memblk block size and LLEXT_PAGE_SIZE (PR #107277)', () => {
  const load = (kconfig: Record<string, string | number>) => {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf] });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    return run(b.build().bytes, {
      kconfig: { CONFIG_LLEXT_HEAP_MEMBLK: 'y', CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE: 16, ...kconfig },
      heaps: { llext_metadata_heap: 0x20008000, llext_ext_heap: 0x20010000 },
      options: { storage: 'temporary' },
    });
  };
  const pageAssert = (doc: { diagnostics: { code: string; text: string }[] }) =>
    doc.diagnostics.filter((d) => d.code === 'memblk-build-assert').map((d) => d.text);

  it('a 16-byte block builds without an MMU or MPU (qemu_riscv32-like)', async () => {
    const doc = await load({ CONFIG_ARM_MPU: 'n' });
    expect(pageAssert(doc)).toEqual([]);
    expect([doc.ok, doc.log]).toEqual([true, ['<inf> llext: Loaded extension ext']]);
  });

  it('is still refused with an ARM MPU (32-byte page)', async () => {
    const doc = await load({ CONFIG_ARM_MPU: 'y' });
    expect(pageAssert(doc)).toEqual([
      'CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE must be multiple of LLEXT_PAGE_SIZE (build assertion in llext_memblk.c: 16 is not a multiple of 32).',
    ]);
  });
});

describe('RISC-V user mode: regions rounded to the PMP granularity (PR #112539)', () => {
  // Rule from the pull request's description (LLEXT_PMP_GRANULARITY taken as
  // CONFIG_PMP_GRANULARITY); no stored llext_mem.c has it yet.
  const load = (kconfig: Record<string, string | number>) => {
    const b = new ElfBuilder({ machine: E.EM_RISCV });
    b.section({
      name: '.text',
      type: E.SHT_PROGBITS,
      flags: AX,
      align: 4,
      data: [0x67, 0x80, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00, 0x13, 0, 0, 0],
    });
    b.symbol({ name: 'entry', section: '.text', value: 0, size: 12, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    return run(b.build().bytes, { arch: 'riscv', kconfig, options: { storage: 'temporary' } });
  };
  const text = (doc: Awaited<ReturnType<typeof load>>) => doc.regions.find((r) => r.name === 'TEXT')!;

  it('rounds a 12-byte .text to 64 bytes, 64-aligned, with CONFIG_PMP_GRANULARITY=64', async () => {
    const doc = await load({ CONFIG_USERSPACE: 'y', CONFIG_RISCV_PMP: 'y', CONFIG_PMP_GRANULARITY: 64 });
    expect([doc.ok, doc.log]).toEqual([true, ['<inf> llext: Loaded extension ext']]);
    const r = text(doc);
    expect([r.size, r.allocSize, Number(BigInt(r.addr) % 64n)]).toEqual([12, 64, 0]);
  });

  it('leaves it alone without user mode or without PMP', async () => {
    const cases: Record<string, string | number>[] = [{ CONFIG_RISCV_PMP: 'y', CONFIG_PMP_GRANULARITY: 64 }, { CONFIG_USERSPACE: 'y' }];
    for (const kconfig of cases) {
      const r = text(await load(kconfig));
      expect([r.size, r.allocSize]).toEqual([12, 12]);
    }
  });
});

describe("ARM veneers: Zephyr's debug lines and ARCH_HAS_LLEXT_VENEERS (PRs #109418, #110821)", () => {
  // The lines are known from the console output quoted in PR #110821's description; no stored
  // arch/arm/core/elf.c has the veneer code.
  const R_ARM_THM_CALL = 10,
    R_ARM_THM_JUMP24 = 30;
  /** .text: BL printk; BL printk; B.W k_sleep (three veneer slots, two used). */
  const farCalls = (): Uint8Array => {
    const b = new ElfBuilder();
    const bl = [0xff, 0xf7, 0xfe, 0xff];
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [...bl, ...bl, 0xff, 0xf7, 0xfe, 0xbf] });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 12, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.symbol({ name: 'k_sleep', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.relocate('.text', [
      { offset: 0, sym: 'printk', type: R_ARM_THM_CALL },
      { offset: 4, sym: 'printk', type: R_ARM_THM_CALL },
      { offset: 8, sym: 'k_sleep', type: R_ARM_THM_JUMP24 },
    ]);
    return b.build().bytes;
  };

  it('prints "Veneer table: %zu slot(s)" and one "sym ... -> veneer ... -> ..." line per branch through a veneer', async () => {
    const doc = await run(farCalls(), {
      exports: { printk: 0x1219, k_sleep: 0x2001 },
      kconfig: { CONFIG_LLEXT_VENEERS: 'y', CONFIG_LLEXT_LOG_LEVEL: 4 },
    });
    expect(doc.ok, doc.message).toBe(true);
    const text = doc.regions.find((r) => r.name === 'TEXT')!.addr;
    const veneer = doc.regions.find((r) => r.name === 'VENEER')!.addr;
    expect([text, veneer]).toEqual(['0x20008144', '0x20008154']);
    const at = doc.log.indexOf('<dbg> llext: do_llext_load: Initializing veneer table...');
    expect(at).toBeGreaterThan(0);
    expect(doc.log.slice(at, at + 3)).toEqual([
      '<dbg> llext: do_llext_load: Initializing veneer table...',
      '<dbg> elf: arch_elf_veneer_init: Veneer table: 3 slot(s)',
      '<dbg> llext: do_llext_load: Allocate and copy regions...',
    ]);
    expect(doc.log.filter((l) => l.includes('thm_jumps_handler'))).toEqual([
      "<dbg> elf: thm_jumps_handler: sym 'printk' 0x20008144 -> veneer 0x20008154 -> 0x1219",
      "<dbg> elf: thm_jumps_handler: sym 'printk' 0x20008148 -> veneer 0x20008154 -> 0x1219",
      "<dbg> elf: thm_jumps_handler: sym 'k_sleep' 0x2000814c -> veneer 0x2000815c -> 0x2001",
    ]);
  });

  it('prints neither line at INF', async () => {
    const doc = await run(farCalls(), { exports: { printk: 0x1219, k_sleep: 0x2001 }, kconfig: { CONFIG_LLEXT_VENEERS: 'y' } });
    expect([doc.ok, doc.log]).toEqual([true, ['<inf> llext: Loaded extension ext']]);
  });

  it('CONFIG_LLEXT_VENEERS depends on ARCH_HAS_LLEXT_VENEERS: set on Cortex-M boards, not on qemu_cortex_a9', async () => {
    const on = await prepareSession({ board: 'nrf52840dk', defines: ['CONFIG_LLEXT_VENEERS=y'], files: [] });
    expect(on.config).toContain('kconfig CONFIG_LLEXT_VENEERS y');
    const off = await prepareSession({ board: 'qemu_cortex_a9', defines: ['CONFIG_LLEXT_VENEERS=y'], files: [] });
    expect(off.config).not.toContain('kconfig CONFIG_LLEXT_VENEERS y');
    expect(off.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'depends',
        "CONFIG_LLEXT_VENEERS=y has no effect: the board's CPU has no LLEXT veneer support (ARCH_HAS_LLEXT_VENEERS: Cortex-M cores only).",
      ],
    ]);
  });
});

describe('llext_link(): names out of bounds (llext_link.c as of c4eeedcb)', () => {
  // R_ARM_ABS32 at .text + 4 against `sym` (a symbol name or index).
  const absTo = (extra: (b: ElfBuilder) => void, sym: number | string): Uint8Array => {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf, 0, 0, 0, 0] });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    extra(b);
    b.relocate('.text', [{ offset: 4, sym, type: 2 /* R_ARM_ABS32 */ }]);
    return b.build().bytes;
  };
  const DBG = { kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 } };

  it('a section symbol naming no section: "out of bounds string table index %u for symbol name", "<out of bounds>"', async () => {
    // STT_SECTION with st_shndx 40 in a file of 6 sections and st_name 0.
    const bytes = absTo((b) => b.symbol({ name: '', type: E.STT_SECTION, bind: E.STB_LOCAL, section: 40 }), 1);
    const doc = await run(bytes, DBG);
    const at = doc.log.findIndex((l) => l.includes('out of bounds string table index'));
    expect(doc.log.slice(at, at + 3)).toEqual([
      '<err> llext: out of bounds string table index 0 for symbol name',
      '<dbg> llext: llext_link: (invalid) relocation 2:0 info 0x102 (type 2, sym 1) offset 4 sym_name <out of bounds> sym_type 0 sym_bind 0 sym_ndx 0',
      '<dbg> llext: llext_link: (invalid) writing relocation type 2 at 0x20008140 with symbol <out of bounds> (0)',
    ]);
    // arch_elf_relocate() then refuses the symbol's section index, as before.
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
    const atInf = await run(bytes);
    expect(atInf.log.some((l) => l.includes('out of bounds'))).toBe(false);
  });

  it('a symbol entry past the end of the file: "<unknown>"', async () => {
    const bytes = absTo(() => {}, 1000);
    const doc = await run(bytes, DBG);
    expect(doc.log.filter((l) => l.includes('<unknown>'))).toEqual([
      '<dbg> llext: llext_link: (invalid) relocation 2:0 info 0x3e802 (type 2, sym 1000) offset 4 sym_name <unknown> sym_type 0 sym_bind 0 sym_ndx 0',
      '<dbg> llext: llext_link: (invalid) writing relocation type 2 at 0x20008140 with symbol <unknown> (0)',
    ]);
  });

  it('a section name out of bounds is refused by llext_validate_sections_name() before llext_link() sees it', async () => {
    const bytes = absTo(() => {}, 'entry');
    // .rel.text is section 2 (sections: null, .text, .rel.text, ...); patch section 3's name.
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    const shoff = v.getUint32(0x20, true);
    v.setUint32(shoff + 3 * 40, 0x7000, true);
    const doc = await run(bytes);
    expect(doc.log).toEqual([ERR('Invalid section name index 28672 in section 3'), ERR('Failed to validate ELF section names, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });
});

describe('defined weak symbols: C++ vtables without a key function (weak_vtable_ext.cpp, c4eeedcb)', () => {
  it('weak_vtable.llext (g++ -fno-rtti -fno-exceptions): the weak vtables enter the extension symbol table', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../public/samples/weak_vtable/weak_vtable.llext', import.meta.url)));
    const doc = await run(bytes, { exports: { printk: 0x1219 }, kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 } });
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
    const copied = doc.log.filter((l) => l.includes('llext_copy_symbols: function symbol'));
    // 12 defined STB_GLOBAL or STB_WEAK functions and objects; all but test_entry are weak.
    expect(copied.length).toBe(12);
    const rodata = doc.regions.find((r) => r.name === 'RODATA')!.addr;
    const vt = (name: string) => doc.sections.find((s) => s.name === `.rodata.${name}`)!.addr;
    expect(rodata).toBe('0x2000823c');
    expect(copied.filter((l) => l.includes('_ZTV'))).toEqual([
      `<dbg> llext: llext_copy_symbols: function symbol 9 name _ZTV6Square addr ${vt('_ZTV6Square')}`,
      `<dbg> llext: llext_copy_symbols: function symbol 10 name _ZTV5Shape addr ${vt('_ZTV5Shape')}`,
    ]);
    expect(doc.log).toContain('<dbg> llext: llext_count_export_syms: function symbol 45, name _ZTV6Square, type tag 1, bind 2, sect 18');
    // The code loads the vtable address point (vtable + 8) of each class.
    const rel = doc.relocations.filter((r) => r.symbol.startsWith('_ZTV')).map((r) => [r.symbol, r.S, r.value]);
    const plus8 = (a: string) => '0x' + (parseInt(a, 16) + 8).toString(16).padStart(8, '0');
    expect(rel).toEqual([
      ['_ZTV6Square', vt('_ZTV6Square'), plus8(vt('_ZTV6Square'))],
      ['_ZTV5Shape', vt('_ZTV5Shape'), plus8(vt('_ZTV5Shape'))],
    ]);
  });

  it('Xtensa: llext_link_plt() resolves a relocation against a defined weak object through the symbol table', async () => {
    const b = new ElfBuilder({ machine: 94 /* EM_XTENSA */ });
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0, 0, 0, 0] });
    b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: [0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44] });
    b.symbol({ name: 'entry', section: '.text', size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: '_ZTV4Base', section: '.rodata', value: 0, size: 8, type: E.STT_OBJECT, bind: E.STB_WEAK });
    b.relocate('.text', [{ offset: 0, sym: '_ZTV4Base', type: 1 /* R_XTENSA_32 */, addend: 8 }], { rela: true });
    const doc = await run(b.build().bytes, {
      arch: 'xtensa',
      heaps: { llext_heap: 0x3ffc8000 },
      elfbuf: 0x3ffd0000,
      kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 },
    });
    expect(doc.log.filter((l) => l.startsWith('<wrn>') || l.startsWith('<err>'))).toEqual([]);
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
    const rodata = doc.regions.find((r) => r.name === 'RODATA')!.addr;
    expect(doc.log).toContain(`<dbg> llext: llext_copy_symbols: function symbol 1 name _ZTV4Base addr ${rodata}`);
    const r = doc.relocations.find((x) => x.symbol === '_ZTV4Base')!;
    expect(r.S).toBe(rodata);
  });
});

describe('AArch64 local-exec TLS: the tls extension of upstream tests (PR #112727)', () => {
  // As tests/subsys/llext/src/tls_ext.c: errno defined in .tbss at offset 8, a .bss beside it,
  // and `add x0, x0, #:tprel_hi12:errno; add x0, x0, #:tprel_lo12_nc:errno`.
  const tlsExt = (): Uint8Array => {
    const b = new ElfBuilder({ bits: 64, machine: E.EM_AARCH64 });
    b.section({
      name: '.text',
      type: E.SHT_PROGBITS,
      flags: AX,
      align: 4,
      data: [...le32(0x91400000), ...le32(0x91000000), ...le32(0xd65f03c0)],
    });
    b.section({ name: '.bss', type: E.SHT_NOBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 4, size: 4 });
    b.section({ name: '.tbss', type: E.SHT_NOBITS, flags: E.SHF_ALLOC | E.SHF_WRITE | 0x400 /* SHF_TLS */, align: 8, size: 12 });
    b.symbol({ name: 'test_entry', section: '.text', value: 0, size: 12, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'canary', section: '.bss', value: 0, size: 4, type: E.STT_OBJECT, bind: E.STB_LOCAL });
    b.symbol({ name: 'errno', section: '.tbss', value: 8, size: 4, type: 6 /* STT_TLS */, bind: E.STB_GLOBAL });
    b.relocate(
      '.text',
      [
        { offset: 0, sym: 'errno', type: 549 /* R_AARCH64_TLSLE_ADD_TPREL_HI12 */ },
        { offset: 4, sym: 'errno', type: 551 /* R_AARCH64_TLSLE_ADD_TPREL_LO12_NC */ },
      ],
      { rela: true },
    );
    return b.build().bytes;
  };

  it('skips .tbss in llext_map_sections(), so .tbss beside .bss loads, and writes TP offset 0x18', async () => {
    const doc = await run(tlsExt(), { arch: 'arm64', bits: 64, kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 } });
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
    expect(doc.log).toContain('<dbg> llext: llext_map_sections: section 3 name .tbss skipped');
    expect(doc.log.some((l) => l.includes('Multiple SHT_NOBITS'))).toBe(false);
    expect(doc.regions.map((r) => r.name)).not.toContain('TBSS');
    // TPREL = st_value 8 + the variant-I TCB 16 = 0x18: HI12 writes 0, LO12_NC writes 0x18
    // into ADD's imm12 (bits 21:10): 0x91000000 | 0x18 << 10 = 0x91006000.
    expect(doc.relocations.map((r) => [r.typeName, r.value, r.after])).toEqual([
      ['R_AARCH64_TLSLE_ADD_TPREL_HI12', '0x0000000000000018', '00004091'],
      ['R_AARCH64_TLSLE_ADD_TPREL_LO12_NC', '0x0000000000000018', '00600091'],
    ]);
    expect(doc.sections.find((s) => s.name === '.tbss')).toBeUndefined();
  });
});
