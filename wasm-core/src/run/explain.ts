// The playground's explanation of how an emulated call ended (wasm-core/assembly/cpu/run.ts
// records it as EV_RUN ... EV_RUN_END): where the faulting instruction is (which loaded
// section, which extension symbol, an exported function of the Zephyr image, or nothing at
// all), and, when the bad address came from a relocation, that relocation with Zephyr's and
// the psABI's values. It reads what the trace recorded; it decides no Zephyr rule.
// Used by the web UI's Run view and the CLI alike (no DOM, no Node built-ins).
import type { TraceEvent } from '../trace.js';
import type { SimulationDocument } from '../document.js';
import type { CpuRegView, FaultKind, RelocEvent } from '../traceSchema.js';

/** Where an address is, as far as the run's trace and engine input tell. */
export type Location =
  | {
      kind: 'section';
      addr: bigint;
      /** The extension as the trace names it (Zephyr's name, cut to LLEXT_MAX_NAME_LEN). */
      ext: string;
      /** Its whole name, as the application gave it. */
      extName: string;
      /** The section's index in the extension's ELF file. */
      section: number;
      sectionName: string;
      /** Start of the loaded section. */
      base: bigint;
      /** SHF_EXECINSTR: the section holds code. */
      exec: boolean;
      /** The extension symbol at or below `addr` in the section, or null. */
      symbol: string | null;
      symbolOffset: bigint;
    }
  | { kind: 'image'; addr: bigint; /** the image's exported function or object at this address */ name: string }
  | { kind: 'image-text'; addr: bigint }
  | { kind: 'stack'; addr: bigint }
  | { kind: 'nowhere'; addr: bigint };

/** A relocation the explanation points at, with what the UI needs to link to it. */
export interface RelocLink {
  /** The relocation's position among the run's relocation events (the Timeline's `relocs[n]`,
   * the document's `relocations[n]` when the document holds them all). */
  n: number;
  ext: string;
  /** The name of the section it patches. */
  section: string;
  /** The section index it patches (the trace's `target`). */
  sectionIndex: number;
  offset: bigint;
  P: bigint;
  type: number;
  typeName: string;
  symbol: string;
  S: bigint;
  A: bigint;
  /** What Zephyr's arch_elf_relocate() computed, and what the psABI (GNU ld) gives. */
  value: bigint;
  abiValue: bigint;
  differs: boolean;
  /** GNU ld rejects the value (the psABI's range or rules do not allow it): abiRet != 0. */
  abiRejects: boolean;
  quirk: string;
  /** Why it is named: its target is the bad address, it is the call or the access that faulted. */
  why: 'target' | 'call-site' | 'access-site';
}

export interface RunExplanation {
  /** Which call of the run (0-based, in the order the run made them). */
  call: number;
  ext: string;
  fn: string;
  args: string;
  /** Where the call started (with the Thumb bit as the function pointer has it). */
  entry: bigint;
  fault: FaultKind;
  pc: bigint;
  addr: bigint;
  /** One sentence, the cause first. */
  headline: string;
  /** Further sentences: where, and what the relocation wrote. */
  details: string[];
  /** Where the faulting (or, when stopped, the next) instruction is. */
  at: Location;
  /** Where the data address of a read or write fault is (null for other faults). */
  target: Location | null;
  reloc: RelocLink | null;
  registers: CpuRegView[];
  instructions: bigint;
}

interface Placed {
  ext: string;
  section: number;
  name: string;
  addr: bigint;
  size: bigint;
  exec: boolean;
}

interface NamedReloc {
  n: number;
  ext: string;
  section: string;
  ev: RelocEvent;
}

interface CallRecord {
  ext: string;
  fn: string;
  args: string;
  entry: bigint;
  end: Extract<TraceEvent, { kind: 'runEnd' }> | null;
}

/** What the run had loaded and linked when a call ran. */
interface RunFacts {
  places: Placed[];
  symbols: { ext: string; name: string; addr: bigint }[];
  relocs: NamedReloc[];
  imageExports: { name: string; addr: bigint }[];
  call: CallRecord | null;
  /** Whole extension names by the cut names the trace uses (EV_EXT_NAME). */
  fullNames: Map<string, string>;
}

/** Pieces of the engine input the trace does not repeat (wasm-core/assembly/config/FORMAT.md). */
export interface EngineInputFacts {
  imageExports: { name: string; addr: bigint }[];
  imageText: { base: bigint; size: bigint } | null;
  stack: { base: bigint; size: bigint } | null;
}

/** Reads `export NAME ADDR`, `export-slid SLID ADDR NAME`, `imagetext BASE SIZE` and `stack BASE SIZE`. */
export function engineInputFacts(text: string): EngineInputFacts {
  const out: EngineInputFacts = { imageExports: [], imageText: null, stack: null };
  const num = (s: string | undefined): bigint | null => {
    if (s === undefined || !/^(0x[0-9a-f]+|[0-9]+)$/i.test(s)) return null;
    return BigInt(s);
  };
  for (const raw of text.split('\n')) {
    const f = raw.trim().split(/\s+/);
    if (f[0] === 'export' && f.length >= 3) {
      const a = num(f[2]);
      if (a !== null) out.imageExports.push({ name: f[1]!, addr: a });
    } else if (f[0] === 'export-slid' && f.length >= 4) {
      const a = num(f[2]);
      if (a !== null) out.imageExports.push({ name: f[3]!, addr: a });
    } else if ((f[0] === 'imagetext' || f[0] === 'stack') && f.length >= 3) {
      const base = num(f[1]);
      const size = num(f[2]);
      if (base !== null && size !== null) out[f[0] === 'imagetext' ? 'imageText' : 'stack'] = { base, size };
    }
  }
  return out;
}

function factsOf(events: readonly TraceEvent[], callIndex: number, input: EngineInputFacts | null): RunFacts {
  const facts: RunFacts = { places: [], symbols: [], relocs: [], imageExports: [], call: null, fullNames: new Map() };
  const execOf = new Map<string, boolean>();
  const sectionNames = new Map<string, string>();
  let ext = '';
  let calls = -1;
  let current: CallRecord | null = null;
  let relocN = 0;
  for (const ev of events) {
    switch (ev.kind) {
      case 'step':
        ext = ev.ext;
        break;
      case 'extName':
        facts.fullNames.set(ev.ext, ev.full);
        break;
      case 'section':
        execOf.set(`${ext}\u0000${ev.index}`, ev.exec);
        sectionNames.set(`${ext}\u0000${ev.index}`, ev.name);
        break;
      case 'place':
        if (facts.call) break;
        // A later load may reuse the address: the newest placement wins.
        facts.places = facts.places.filter((p) => !(p.ext === ext && p.section === ev.section));
        facts.places.push({
          ext,
          section: ev.section,
          name: ev.name,
          addr: ev.addr,
          size: ev.size,
          exec: execOf.get(`${ext}\u0000${ev.section}`) ?? false,
        });
        break;
      case 'symbol':
        if (!facts.call) facts.symbols.push({ ext, name: ev.name, addr: ev.addr });
        break;
      case 'lookup':
        if (ev.source === 'builtin' && !facts.imageExports.some((x) => x.name === ev.name)) {
          facts.imageExports.push({ name: ev.name, addr: ev.addr });
        }
        break;
      case 'reloc':
        facts.relocs.push({ n: relocN, ext, section: sectionNames.get(`${ext}\u0000${ev.target}`) ?? String(ev.target), ev });
        relocN++;
        break;
      case 'result':
        // llext_unload(): the extension's sections are gone.
        if (ev.action === 'unload' && ev.ret === 0 && !facts.call) facts.places = facts.places.filter((p) => p.ext !== ev.ext);
        break;
      case 'run':
        calls++;
        current = { ext: ev.ext, fn: ev.fn, args: ev.args, entry: ev.entry, end: null };
        if (calls === callIndex) facts.call = current;
        break;
      case 'runEnd':
        if (current) current.end = ev;
        current = null;
        break;
      default:
        break;
    }
  }
  for (const x of input?.imageExports ?? []) if (!facts.imageExports.some((y) => y.name === x.name)) facts.imageExports.push(x);
  return facts;
}

const thumbless = (a: bigint): bigint => a & ~1n;
const instructionsText = (n: bigint): string => `${n} instruction${n === 1n ? '' : 's'}`;

function hex(v: bigint, ptrBytes: number): string {
  const mask = (1n << BigInt(ptrBytes * 8)) - 1n;
  return '0x' + (v & mask).toString(16).padStart(ptrBytes * 2, '0');
}

const off = (v: bigint): string => (v === 0n ? '' : `+0x${v.toString(16)}`);

/** Where `addr` is among the run's loaded sections, the image's exports, its text and the stack. */
function locate(facts: RunFacts, input: EngineInputFacts | null, addr: bigint): Location {
  const a = thumbless(addr);
  const p = facts.places.find((x) => x.size > 0n && a >= x.addr && a < x.addr + x.size);
  if (p) {
    let best: { name: string; addr: bigint } | null = null;
    for (const s of facts.symbols) {
      if (s.ext !== p.ext || s.name === '') continue;
      const sa = thumbless(s.addr);
      if (sa < p.addr || sa >= p.addr + p.size || sa > a) continue;
      // The closest symbol below; among equals a plain name before a compiler label (.L...).
      if (!best || sa > best.addr || (sa === best.addr && best.name.startsWith('.') && !s.name.startsWith('.'))) {
        best = { name: s.name, addr: sa };
      }
    }
    return {
      kind: 'section',
      addr,
      ext: p.ext,
      extName: facts.fullNames.get(p.ext) ?? p.ext,
      section: p.section,
      sectionName: p.name,
      base: p.addr,
      exec: p.exec,
      symbol: best?.name ?? null,
      symbolOffset: best ? a - best.addr : 0n,
    };
  }
  const x = facts.imageExports.find((e) => thumbless(e.addr) === a);
  if (x) return { kind: 'image', addr, name: x.name };
  const text = input?.imageText;
  if (text && a >= text.base && a < text.base + text.size) return { kind: 'image-text', addr };
  const stack = input?.stack;
  if (stack && a >= stack.base && a < stack.base + stack.size) return { kind: 'stack', addr };
  return { kind: 'nowhere', addr };
}

/** "in .text of hello (test_entry+0x6)" and the like. */
export function describeLocation(l: Location, ptrBytes: number): string {
  const at = hex(l.addr, ptrBytes);
  switch (l.kind) {
    case 'section': {
      const sym = l.symbol ? `${l.symbol}${off(l.symbolOffset)}` : `${l.sectionName}${off(thumbless(l.addr) - l.base)}`;
      return `${at} is ${sym}, in section ${l.sectionName} of extension ${l.extName}`;
    }
    case 'image':
      return `${at} is the Zephyr image's exported ${l.name}`;
    case 'image-text':
      return `${at} is in the Zephyr image's code, but not at an exported function`;
    case 'stack':
      return `${at} is on the calling thread's stack`;
    case 'nowhere':
      return `${at} is nowhere: nothing is mapped there`;
  }
}

function linkOf(r: NamedReloc, why: RelocLink['why']): RelocLink {
  const ev = r.ev;
  return {
    n: r.n,
    ext: r.ext,
    section: r.section,
    sectionIndex: ev.target,
    offset: ev.offset,
    P: ev.P,
    type: ev.type,
    typeName: ev.typeName,
    symbol: ev.symbol,
    S: ev.S,
    A: ev.A,
    value: ev.value,
    abiValue: ev.abiValue,
    differs: ev.value !== ev.abiValue || ev.quirk !== '' || (ev.abiRet !== 0) !== (ev.ret !== 0),
    abiRejects: ev.abiRet !== 0,
    quirk: ev.quirk,
    why,
  };
}

/** The link register's value, where the architecture names one (ra, lr, x30). */
function returnAddress(regs: readonly CpuRegView[]): bigint | null {
  const r = regs.find((x) => x.name === 'ra' || x.name === 'lr' || x.name === 'x30');
  return r ? r.value : null;
}

/** Longest call sequence a relocation covers (RISC-V auipc+jalr, x86 call rel32): a site this
 * far before the return address is the call that got there. */
const CALL_SITE_BYTES = 8n;

/** The relocation that put `bad` where the CPU used it: its target is `bad`, preferring the call
 * just before the return address; else the call that returned nowhere; null when none fits. */
function relocFor(facts: RunFacts, bad: bigint, ret: bigint | null, code: boolean): RelocLink | null {
  const ext = facts.call?.ext;
  const target = thumbless(bad);
  // Only relocations that patched bytes (R_RISCV_RELAX and the like write nothing).
  const mine = facts.relocs.filter((r) => (ext === undefined || r.ext === ext) && r.ev.after.length > 0);
  const beforeRet = (r: NamedReloc): boolean => ret !== null && r.ev.P < thumbless(ret) && thumbless(ret) - r.ev.P <= CALL_SITE_BYTES;
  const hits = mine.filter(
    (r) => thumbless(r.ev.S + r.ev.A) === target || (r.ev.S === target && r.ev.S !== 0n) || thumbless(r.ev.value) === target,
  );
  const call = hits.find(beforeRet);
  if (call) return linkOf(call, code ? 'call-site' : 'target');
  if (hits.length > 0) {
    // A site where Zephyr and the psABI disagree is the likelier culprit.
    const h = hits.find((r) => r.ev.value !== r.ev.abiValue) ?? hits[0]!;
    return linkOf(h, 'target');
  }
  if (code && ret !== null) {
    const site = mine.find(beforeRet);
    if (site) return linkOf(site, 'call-site');
  }
  return null;
}

/** The relocation at the faulting instruction itself (the LO12 of a load, a literal). */
function relocAt(facts: RunFacts, pc: bigint): RelocLink | null {
  const ext = facts.call?.ext;
  const a = thumbless(pc);
  const r = facts.relocs.find(
    (x) => (ext === undefined || x.ext === ext) && x.ev.P <= a && a < x.ev.P + BigInt(Math.max(x.ev.after.length, 2)),
  );
  return r ? linkOf(r, 'access-site') : null;
}

const FAULT_WORDS: Record<FaultKind, string> = {
  none: 'The call returned',
  'fetch-unmapped': 'The CPU jumped to an address where no memory is mapped',
  'no-execute': 'The CPU jumped into memory that may not be executed',
  'undefined-instruction': 'The CPU met bytes that are not a valid instruction',
  unaligned: 'The code made an unaligned access',
  'read-unmapped': 'The code read from an address where no memory is mapped',
  'write-unmapped': 'The code wrote to an address where no memory is mapped',
  'write-readonly': 'The code wrote to read-only memory',
  'stack-overflow': 'The call overflowed its stack',
  'step-budget': 'The call did not return within the instruction budget',
  'not-emulated': 'The code was not run',
  'divide-by-zero': 'The code divided by zero',
  stopped: 'Stopped before the next instruction',
  'host-error': 'A function of the Zephyr image failed',
};

/** The fault kinds whose `pc` is a bad jump target rather than a faulting instruction. */
const JUMPS: ReadonlySet<FaultKind> = new Set<FaultKind>(['fetch-unmapped', 'no-execute', 'undefined-instruction']);
const ACCESSES: ReadonlySet<FaultKind> = new Set<FaultKind>(['read-unmapped', 'write-unmapped', 'write-readonly', 'unaligned']);

function ptrBytesOf(doc: SimulationDocument | null, regs: readonly CpuRegView[]): number {
  const a = doc?.sections[0]?.addr ?? doc?.calls[0]?.ret;
  if (a) return a.length - 2 > 8 ? 8 : 4;
  return regs.some((r) => r.value > 0xffffffffn) ? 8 : 4;
}

/** The number of emulated calls in a run. */
export function callCount(events: readonly TraceEvent[]): number {
  let n = 0;
  for (const e of events) if (e.kind === 'run') n++;
  return n;
}

export interface ExplainOptions {
  /** The engine input the run was made with (image exports, image text, stack ranges). */
  engineInput?: string;
  /** Pointer size; by default read from the document's addresses. */
  ptrBytes?: number;
}

/**
 * Explains call `callIndex` of a run: how it ended, where, and which relocation, if any, put
 * the bad address there. Null when the run made no such call or it did not end.
 */
export function explainCall(
  events: readonly TraceEvent[],
  doc: SimulationDocument | null,
  callIndex: number,
  options: ExplainOptions = {},
): RunExplanation | null {
  const input = options.engineInput !== undefined ? engineInputFacts(options.engineInput) : null;
  const facts = factsOf(events, callIndex, input);
  const call = facts.call;
  if (!call || !call.end) return null;
  const end = call.end;
  const ptr = options.ptrBytes ?? ptrBytesOf(doc, end.regs);
  const H = (v: bigint): string => hex(v, ptr);
  const at = locate(facts, input, end.pc);
  const ret = returnAddress(end.regs);
  const name = `${call.fn}(${call.args})`;
  const base: Omit<RunExplanation, 'headline' | 'details' | 'target' | 'reloc'> = {
    call: callIndex,
    ext: call.ext,
    fn: call.fn,
    args: call.args,
    entry: call.entry,
    fault: end.fault,
    pc: end.pc,
    addr: end.addr,
    at,
    registers: end.regs,
    instructions: end.instructions,
  };
  const where = describeLocation(at, ptr);

  if (end.fault === 'none') {
    return {
      ...base,
      headline: `${name} returned ${H(end.ret)} (${end.ret.toString()}) after ${instructionsText(end.instructions)}.`,
      details: [],
      target: null,
      reloc: null,
    };
  }
  if (end.fault === 'stopped') {
    return {
      ...base,
      headline: `Stopped after ${instructionsText(end.instructions)}; the next instruction is at ${H(end.pc)}.`,
      details: [`${where}.`],
      target: null,
      reloc: null,
    };
  }
  if (end.fault === 'not-emulated' || end.fault === 'step-budget' || end.fault === 'host-error') {
    const why = end.detail !== '' ? end.detail : FAULT_WORDS[end.fault] + '.';
    return { ...base, headline: why, details: end.fault === 'not-emulated' ? [] : [`${where}.`], target: null, reloc: null };
  }

  const details: string[] = [];
  let target: Location | null = null;
  let reloc: RelocLink | null = null;
  let headline: string;
  if (JUMPS.has(end.fault)) {
    reloc = relocFor(facts, end.pc, ret, true);
    const intoData = at.kind === 'section' && !at.exec;
    const cause =
      at.kind === 'nowhere'
        ? `${FAULT_WORDS[end.fault]}: ${H(end.pc)}`
        : at.kind === 'image'
          ? `${FAULT_WORDS[end.fault]}: ${H(end.pc)}, the address the export table gives ${at.name}`
          : intoData
            ? `The CPU jumped into data: ${H(end.pc)} is ${at.symbol ? `${at.symbol}${off(at.symbolOffset)}` : 'inside'} in ${at.sectionName}, which holds no code`
            : `${FAULT_WORDS[end.fault]} at ${H(end.pc)}`;
    headline = `${cause}.`;
    details.push(`${where}.`);
    if (ret !== null) {
      const from = locate(facts, input, ret);
      if (from.kind === 'section')
        details.push(
          `It was called from ${from.symbol ? `${from.symbol}${off(from.symbolOffset)}` : H(ret)} (the return address ${H(ret)}).`,
        );
    }
  } else if (ACCESSES.has(end.fault)) {
    target = locate(facts, input, end.addr);
    reloc = relocFor(facts, end.addr, null, false) ?? relocAt(facts, end.pc);
    headline = `${FAULT_WORDS[end.fault]}: ${H(end.addr)}, by the instruction at ${H(end.pc)}.`;
    details.push(`${describeLocation(target, ptr)}.`);
    details.push(`The instruction: ${where}.`);
  } else {
    headline = `${FAULT_WORDS[end.fault]} at ${H(end.pc)}.`;
    details.push(`${where}.`);
  }
  if (reloc) details.push(relocSentence(reloc, H));
  if (end.detail !== '') details.push(end.detail.endsWith('.') ? end.detail : `${end.detail}.`);
  return { ...base, headline, details, target, reloc };
}

/** What the relocation wrote, in words: the site, the type, Zephyr's value and the psABI's. */
export function relocSentence(r: RelocLink, H: (v: bigint) => string): string {
  const site = `${r.typeName} at ${r.section}+0x${r.offset.toString(16)} (${H(r.P)}) against ${r.symbol || 'its section'}`;
  const lead =
    r.why === 'call-site'
      ? `The call came from the relocation ${site}`
      : r.why === 'access-site'
        ? `The faulting instruction was patched by the relocation ${site}`
        : `That address came from the relocation ${site}`;
  const sym = r.S === 0n ? `; the symbol resolved to ${H(0n)}` : `; S = ${H(r.S)}`;
  const quirk = r.quirk ? `: ${r.quirk.replace(/\.$/, '')}` : '';
  const values = r.abiRejects
    ? `Zephyr wrote ${H(r.value)}, which GNU ld rejects for this relocation${quirk}`
    : r.differs
      ? `Zephyr wrote ${H(r.value)} where the psABI (GNU ld) gives ${H(r.abiValue)}${quirk}`
      : `Zephyr and the psABI agree on ${H(r.value)}`;
  return `${lead}${sym}. ${values}.`;
}

/** An extension's exported symbol (exp_tab) and whether it lies in code. */
export interface ExportedSymbol {
  ext: string;
  name: string;
  addr: bigint;
  /** In a section with SHF_EXECINSTR (a function); false for data objects. */
  code: boolean;
}

/** The exported symbols of the extensions loaded at the end of the run's loads (before any call). */
export function exportedSymbols(events: readonly TraceEvent[]): ExportedSymbol[] {
  const facts = factsOf(events, 0, null);
  const out: ExportedSymbol[] = [];
  let ext = '';
  for (const ev of events) {
    if (ev.kind === 'step') ext = ev.ext;
    else if (ev.kind === 'run') break;
    else if (ev.kind === 'symbol' && ev.table === 'exp_tab' && facts.places.some((p) => p.ext === ext)) {
      const at = locate(facts, null, ev.addr);
      if (out.some((x) => x.ext === ext && x.name === ev.name)) continue;
      out.push({ ext, name: ev.name, addr: ev.addr, code: at.kind === 'section' && at.exec });
    }
  }
  return out;
}
