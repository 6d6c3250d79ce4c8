// Badge words for the verdict's cause codes (verdict.ts sets the codes). Its own module, with
// no imports, so that the page header can use it without pulling the verdict into the first
// JavaScript the page loads.

/** A few words for a cause code, for a badge (the full sentence is Verdict.cause). */
const CAUSE_LABELS: Record<string, string> = {
  'arch-mismatch': 'built for another architecture',
  'class-mismatch': 'built for another ELF class',
  'endian-mismatch': 'built for another byte order',
  'slid-not-injected': 'no SLIDs injected',
  'slid-mismatch': 'SLID mode mismatch',
  'load-order': 'load order',
  'heap-not-initialised': 'heap not initialised',
  'heap-too-small': 'heap too small',
  'table-order': 'section tables out of order',
  'interleaved-sections': 'interleaved sections',
  'rela-on-arm': 'RELA sections on ARM',
  'reloc-out-of-range': 'call out of range',
  'riscv-relax': 'RISC-V relaxation',
  'unsupported-relocation': 'unsupported relocation',
  'missing-imports': 'missing imports',
  'playground-limit': 'a playground limit',
  'zephyr-quirk': 'relocations differ from the psABI',
  'text-not-executable': 'its code cannot run there',
  'call-fault': 'its code crashes',
  'call-budget': 'a call did not return',
  'call-not-emulated': 'a call stopped at a function not emulated',
  'elf-type-option': 'build type option',
};

/** The badge words of a verdict's cause code (the code itself for one without a label). */
export function causeLabel(causeCode: string): string {
  return CAUSE_LABELS[causeCode] ?? causeCode;
}
