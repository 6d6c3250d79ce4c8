// GNU ld as an oracle for relocation results (Node only, used by tests).
//
// linkAt() links one relocatable object with every allocated section at a
// caller-chosen address and every import pinned with --defsym, then returns
// the final bytes of each section. Comparing those bytes with what the engine
// writes checks its relocation code against an independent implementation.
//
// GNU ld is allowed to do things Zephyr's loader never does: add branch
// veneers, relax instruction sequences, merge strings, create GOT/PLT stubs.
// Any of those would make the bytes incomparable, so the link is configured
// to avoid them (--no-relax, one output section per input section) and then
// checked: section sizes and addresses must be unchanged, no veneer/thunk
// symbol and no extra allocated section may appear. Otherwise it throws.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ET_REL, SHF_ALLOC, SHT_NOBITS, readElf, type ElfFile } from './elf.js';

export interface SectionAddress {
  name: string;
  addr: bigint;
}

export interface LinkOptions {
  /** Path of the relocatable object (ET_REL). */
  object: string;
  /** Catalogue arch name: arm, arm64, riscv, x86, x86_64, xtensa, arc. */
  arch: string;
  elfClass: 32 | 64;
  /** One entry per allocated input section (NOBITS included), by ELF section name. */
  sections: SectionAddress[];
  /** Address of every undefined symbol (use odd addresses for Thumb functions). */
  defsyms: SectionAddress[];
}

export interface LinkResult {
  /** Final bytes of every section that has file contents (PROGBITS, INIT_ARRAY, ...). */
  sections: Map<string, Uint8Array>;
  /** Anything ld printed although it succeeded. */
  warnings: string;
}

export interface AllocSection {
  name: string;
  type: number;
  size: number;
  align: bigint;
}

// Sections that Zephyr's loader does not need to place and whose own
// relocations (PREL31 in exidx, PC32 in eh_frame, Xtensa property tables)
// would only get in the way. Kept in one list so the linker script's
// /DISCARD/ and the "which sections need an address" check agree.
const DISCARDED = ['.ARM.exidx*', '.ARM.extab*', '.eh_frame*', '.comment', '.note*', '.xt.prop*', '.xt.lit*', '.xtensa.info'];

function isDiscarded(name: string): boolean {
  return DISCARDED.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

interface LinkerChoice {
  candidates: string[];
  args: string[];
}

function linkerFor(arch: string, elfClass: 32 | 64): LinkerChoice {
  switch (arch) {
    case 'arm':
      return { candidates: ['arm-none-eabi-ld'], args: [] };
    case 'arm64':
    case 'aarch64':
      return { candidates: ['aarch64-linux-gnu-ld'], args: [] };
    case 'riscv':
      return { candidates: ['riscv64-unknown-elf-ld'], args: ['-m', elfClass === 32 ? 'elf32lriscv' : 'elf64lriscv'] };
    case 'x86':
    case 'i386':
      return { candidates: ['ld', 'x86_64-linux-gnu-ld'], args: ['-m', 'elf_i386'] };
    case 'x86_64':
      return { candidates: ['ld', 'x86_64-linux-gnu-ld'], args: ['-m', 'elf_x86_64'] };
    case 'xtensa':
      return { candidates: ['xtensa-lx106-elf-ld'], args: [] };
    case 'arc':
      return { candidates: ['arc-linux-gnu-ld'], args: [] };
    default:
      throw new Error(`no linker known for arch '${arch}'`);
  }
}

function findInPath(bin: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, bin);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function resolveLinker(arch: string, elfClass: 32 | 64): { path: string; args: string[] } | null {
  const choice = linkerFor(arch, elfClass);
  for (const bin of choice.candidates) {
    const path = findInPath(bin);
    if (path) return { path, args: choice.args };
  }
  return null;
}

/** True when Debian has a GNU ld for this arch (binutils-multiarch does not target or1k). */
export function linkerExists(arch: string): boolean {
  try {
    linkerFor(arch, 32);
    return true;
  } catch {
    return false;
  }
}

/** True when the GNU ld for this arch is installed. */
export function haveLinker(arch: string, elfClass: 32 | 64 = arch === 'x86_64' || arch === 'arm64' ? 64 : 32): boolean {
  try {
    return resolveLinker(arch, elfClass) !== null;
  } catch {
    return false;
  }
}

/** Allocated sections of an object that need an address, in file order. */
export function allocSections(object: string | ElfFile): AllocSection[] {
  const elf = typeof object === 'string' ? readElf(readFileSync(object)) : object;
  return elf.sections
    .filter((s) => (s.flags & SHF_ALLOC) !== 0n && !isDiscarded(s.name))
    .map((s) => ({ name: s.name, type: s.type, size: s.size, align: s.addralign === 0n ? 1n : s.addralign }));
}

/** Places sections in file order from `base`, each aligned, with `gap` bytes between them. */
export function placeSequentially(object: string, base: bigint, gap = 0x100n): SectionAddress[] {
  let cursor = base;
  return allocSections(object).map((s) => {
    const addr = (cursor + s.align - 1n) & ~(s.align - 1n);
    cursor = addr + BigInt(s.size) + gap;
    return { name: s.name, addr };
  });
}

const SAFE_NAME = /^[A-Za-z0-9_.$-]+$/;

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function checkInputs(opts: LinkOptions, input: ElfFile): Map<string, AllocSection> {
  if (input.type !== ET_REL) throw new Error(`${opts.object}: only ET_REL objects can be linked (e_type ${input.type})`);
  if ((input.is64 ? 64 : 32) !== opts.elfClass) throw new Error(`${opts.object}: is ELFCLASS${input.is64 ? 64 : 32}, not ${opts.elfClass}`);

  const wanted = new Map<string, AllocSection>();
  for (const s of allocSections(input)) {
    if (wanted.has(s.name))
      throw new Error(`${opts.object}: two allocated sections named ${s.name}; one output section per name is assumed`);
    wanted.set(s.name, s);
  }
  const limit = 1n << BigInt(opts.elfClass);
  const given = new Set<string>();
  for (const { name, addr } of opts.sections) {
    const s = wanted.get(name);
    if (!s) throw new Error(`section ${name} is not an allocated section of ${opts.object}`);
    if (given.has(name)) throw new Error(`section ${name} given twice`);
    if (!SAFE_NAME.test(name)) throw new Error(`section name ${name} cannot be written into a linker script`);
    if (addr < 0n || addr + BigInt(s.size) > limit)
      throw new Error(`section ${name} at ${hex(addr)} does not fit ELFCLASS${opts.elfClass}`);
    if (addr % s.align !== 0n) throw new Error(`section ${name} at ${hex(addr)} violates its alignment ${s.align}`);
    given.add(name);
  }
  for (const name of wanted.keys()) {
    if (!given.has(name)) throw new Error(`no address given for allocated section ${name}`);
  }
  for (const { name, addr } of opts.defsyms) {
    if (!SAFE_NAME.test(name)) throw new Error(`symbol name ${name} cannot be passed to --defsym`);
    if (addr < 0n || addr >= limit) throw new Error(`symbol ${name} at ${hex(addr)} does not fit ELFCLASS${opts.elfClass}`);
  }
  return wanted;
}

function linkerScript(sections: SectionAddress[]): string {
  const lines = sections.map(({ name, addr }) => `  ${name} ${hex(addr)} : { KEEP(*(${name})) }`);
  lines.push(`  /DISCARD/ : { ${DISCARDED.map((p) => `*(${p})`).join(' ')} }`);
  return `SECTIONS {\n${lines.join('\n')}\n}\n`;
}

function checkOutput(opts: LinkOptions, wanted: Map<string, AllocSection>, linked: ElfFile): void {
  for (const { name, addr } of opts.sections) {
    const input = wanted.get(name)!;
    const out = linked.section(name);
    if (!out) {
      // ld drops output sections that end up empty.
      if (input.size === 0) continue;
      throw new Error(`section ${name} is missing from the linked file`);
    }
    if (out.size !== input.size) {
      throw new Error(
        `section ${name} changed size from ${hex(BigInt(input.size))} to ${hex(BigInt(out.size))}: ld inserted or removed code (veneer, relaxation or string merge)`,
      );
    }
    if (out.addr !== addr) throw new Error(`section ${name} was placed at ${hex(out.addr)} instead of ${hex(addr)}`);
  }
  for (const s of linked.sections) {
    if ((s.flags & SHF_ALLOC) !== 0n && s.size > 0 && !wanted.has(s.name)) {
      throw new Error(`ld added the allocated section ${s.name} (${hex(BigInt(s.size))} bytes)`);
    }
  }
  const stubs = linked.symbols.filter((sym) => /veneer|thunk/i.test(sym.name)).map((sym) => sym.name);
  if (stubs.length > 0) throw new Error(`ld created branch stubs: ${stubs.join(', ')}`);
}

/** Links `opts.object` at the given addresses and returns each section's final bytes. */
export function linkAt(opts: LinkOptions): LinkResult {
  const linker = resolveLinker(opts.arch, opts.elfClass);
  if (!linker) throw new Error(`no GNU ld installed for arch '${opts.arch}'`);
  const input = readElf(readFileSync(opts.object));
  const wanted = checkInputs(opts, input);

  const dir = mkdtempSync(join(tmpdir(), 'llext-oracle-'));
  try {
    const script = join(dir, 'llext.ld');
    const output = join(dir, 'linked.elf');
    writeFileSync(script, linkerScript(opts.sections));
    const args = [
      ...linker.args,
      '-T',
      script,
      '-e',
      '0',
      '--no-relax',
      '--no-warn-rwx-segments',
      '--no-warn-execstack',
      '-static',
      ...opts.defsyms.map(({ name, addr }) => `--defsym=${name}=${hex(addr)}`),
      '-o',
      output,
      opts.object,
    ];
    const run = spawnSync(linker.path, args, { encoding: 'utf8' });
    if (run.error) throw new Error(`${linker.path} could not be run: ${run.error.message}`);
    if (run.status !== 0) {
      throw new Error(`${linker.path} failed (exit ${run.status}):\n${run.stderr.trim()}`);
    }
    const linked = readElf(readFileSync(output));
    checkOutput(opts, wanted, linked);

    const sections = new Map<string, Uint8Array>();
    for (const { name } of opts.sections) {
      if (wanted.get(name)!.type === SHT_NOBITS) continue;
      const out = linked.section(name);
      sections.set(name, out ? Uint8Array.from(linked.contents(out)) : new Uint8Array(0));
    }
    return { sections, warnings: run.stderr.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
