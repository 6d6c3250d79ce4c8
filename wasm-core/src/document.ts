// Folds a decoded trace into the JSON document that the CLI prints with --json
// (the contract documented in README.md). Addresses, values and bytes are hex strings.
import type { TraceEvent } from './trace.js';
import type { LogBytes } from './log-bytes.js';
import { LOG_ERR, type FaultKind } from './traceSchema.js';

/** `blockSize` and `blocks` only for a sys_mem_blocks pool (CONFIG_LLEXT_HEAP_MEMBLK). */
export interface HeapSummary {
  name: string;
  base: string;
  size: number;
  used: number;
  free: number;
  largestFree: number;
  blockSize?: number;
  blocks?: number;
}
export interface RegionDoc {
  ext: string;
  region: number;
  name: string;
  heap: string | null;
  addr: string;
  size: number;
  allocSize: number;
  align: number;
  prepad: number;
  inPlace: boolean;
}
export interface SectionDoc {
  ext: string;
  index: number;
  /** The index llext_section_shndx() returns for the section's name (the same as index). */
  shndx: number;
  name: string;
  region: string;
  addr: string;
  size: number;
}
/** What llext_get_region_info() (include/zephyr/llext/inspect.h) returns after the load. */
export interface RegionInfoDoc {
  ext: string;
  region: number;
  name: string;
  /** The region header ldr->sects[region]. */
  hdr: { type: number; flags: string; addr: string; offset: string; size: number; addralign: number; info: number };
  /** ext->mem[region] + sh_info, and ext->mem_size[region] - sh_info. */
  addr: string;
  size: number;
}
/** What llext_get_section_info() returns after the load: ret -ENOTSUP (-134) unless the load
 * kept the section map (keep_section_info); region null when the section is in none. */
export interface SectionInfoDoc {
  ext: string;
  shndx: number;
  name: string;
  ret: number;
  region: string | null;
  offset: number | null;
}
export interface ImportDoc {
  ext: string;
  name: string;
  slid: string | null;
  resolvedFrom: string;
  addr: string | null;
}
export interface ExportDoc {
  ext: string;
  name: string;
  addr: string;
}
export interface RelocationDoc {
  ext: string;
  section: string;
  relSection: number;
  offset: string;
  type: number;
  typeName: string;
  symbol: string;
  S: string;
  A: string;
  P: string;
  value: string;
  abiValue: string;
  before: string;
  after: string;
  abiAfter: string;
  ret: number;
  abiRet: number;
  quirk: string | null;
}
export interface ImageDoc {
  ext: string;
  section: string;
  addr: string;
  hex: string;
  abiHex: string;
}
export interface DiagnosticDoc {
  severity: 'info' | 'warning' | 'error';
  code: string;
  text: string;
}
export interface ActionDoc {
  action: string;
  ext: string;
  ret: number;
  /** A load's struct llext_load_param, where it differs from LLEXT_LOAD_PARAM_DEFAULT: the
   * action's `key=value` words (`relocate_local`, `pre_located`, `keep_section_info`,
   * `section_detached`). */
  params?: Record<string, string>;
}

/** One emulated call (an llext_call_fn, an init/fini entry, or a call with arguments). */
export interface CallDoc {
  ext: string;
  fn: string;
  args: string;
  /** Everything the code printed, in order. */
  console: string;
  /** The return register as an unsigned hex number (r0 / a0). */
  ret: string;
  fault: { kind: FaultKind; pc: string; addr: string; text: string; detail: string } | null;
  instructions: number;
}

export interface SimulationDocument {
  ok: boolean;
  errno: number;
  message: string;
  zephyr: string;
  board: string;
  arch: string;
  log: string[];
  heaps: HeapSummary[];
  regions: RegionDoc[];
  sections: SectionDoc[];
  /** The inspection API's answers after each successful load (llext/inspect.h). */
  regionInfo: RegionInfoDoc[];
  sectionInfo: SectionInfoDoc[];
  imports: ImportDoc[];
  exports: ExportDoc[];
  relocations: RelocationDoc[];
  /** Final bytes per allocated section of the last successfully loaded extension. */
  image: Record<string, string>;
  /** The same with the psABI relocation values (what GNU ld writes). */
  abiImage: Record<string, string>;
  images: ImageDoc[];
  diagnostics: DiagnosticDoc[];
  actions: ActionDoc[];
  calls: CallDoc[];
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ZEROS = '0000000000000000';

export function hexBytes(b: Uint8Array): string {
  // Chunks of joined table lookups: long images (megabytes) stay linear and flat.
  let s = '';
  for (let i = 0; i < b.length; i += 4096) {
    const end = Math.min(b.length, i + 4096);
    const parts = new Array<string>(end - i);
    for (let k = i; k < end; k++) parts[k - i] = HEX_BYTE[b[k]!]!;
    s += parts.join('');
  }
  return s;
}

export function hexAddr(v: bigint, ptrBytes: number): string {
  // Most values fit a double exactly: format them without bigint arithmetic.
  const n = Number(v);
  if (n >= 0 && n <= Number.MAX_SAFE_INTEGER && (ptrBytes === 8 || n <= 0xffffffff)) {
    const h = n.toString(16);
    return '0x' + (h.length >= ptrBytes * 2 ? h : ZEROS.slice(0, ptrBytes * 2 - h.length) + h);
  }
  const mask = (1n << BigInt(ptrBytes * 8)) - 1n;
  return '0x' + (v & mask).toString(16).padStart(ptrBytes * 2, '0');
}

function hexSigned(v: bigint): string {
  return v < 0n ? '-0x' + (-v).toString(16) : '0x' + v.toString(16);
}

/** Diagnostic codes of the engine's limits (wasm-core/assembly/loader/limits.ts). */
const ERROR_LINE = /^<err> [a-z_]+: (.*)$/;

export const LIMIT_CODES = new Set(['step-budget', 'trace-limit', 'file-size-limit', 'past-end-of-file', 'memory-limit']);

const REGION_NAMES = [
  'TEXT',
  'DATA',
  'RODATA',
  'BSS',
  'EXPORT',
  'SYMTAB',
  'STRTAB',
  'SHSTRTAB',
  'PREINIT',
  'INIT',
  'FINI',
  'RODATA_NO_RELOC',
];

/** How much of the document to build. The text output needs neither every relocation nor
 * the images in hex, which are most of the work on a large extension. */
export interface DocumentOptions {
  /** 'quirks': only the relocations where Zephyr differs from the psABI (default 'all'). */
  relocations?: 'all' | 'quirks';
  /** 'imports': lookups of undefined symbols only (all the document uses). */
  lookups?: 'all' | 'imports';
  /** 'exports': exp_tab's symbols only (all the document uses). */
  symbols?: 'all' | 'exports';
  /** false: leave `image`, `abiImage` and `images` empty (default true). */
  images?: boolean;
  /** Takes the log lines (see DecodeOptions.onLog); the document's `log` is then left empty. */
  onLog?: (line: string) => void;
  /** The same as UTF-8 bytes (see DecodeOptions.logBytes). */
  logBytes?: LogBytes;
}

/** A document with nothing in it yet: buildDocument() fills it from the events. */
export function emptyDocument(): SimulationDocument {
  return {
    ok: true,
    errno: 0,
    message: '',
    zephyr: '',
    board: '',
    arch: '',
    log: [],
    heaps: [],
    regions: [],
    sections: [],
    regionInfo: [],
    sectionInfo: [],
    imports: [],
    exports: [],
    relocations: [],
    image: {},
    abiImage: {},
    images: [],
    diagnostics: [],
    actions: [],
    calls: [],
  };
}

export function buildDocument(events: TraceEvent[], ptrBytes: number, options: DocumentOptions = {}): SimulationDocument {
  const allRelocations = options.relocations !== 'quirks';
  const withImages = options.images !== false;
  const A = (v: bigint) => hexAddr(v, ptrBytes);
  const doc = emptyDocument();

  const heapNames = new Map<number, string>();
  const heapInfo = new Map<number, HeapSummary>();
  /** Section names per extension, by section index. */
  const sectionNames = new Map<string, Map<number, string>>();
  let extSections = new Map<number, string>();
  const regionNames = new Map<number, string>();
  const importSeen = new Set<string>();
  let ext = '';
  let lastErr = '';
  let actionText = '';
  let lastLoaded = '';
  const imagesByExt = new Map<string, ImageDoc[]>();
  let call: CallDoc | null = null;

  for (const ev of events) {
    switch (ev.kind) {
      case 'info':
        if (ev.key === 'zephyr') doc.zephyr = ev.value;
        else if (ev.key === 'board') doc.board = ev.value;
        else if (ev.key === 'arch') doc.arch = ev.value;
        break;
      case 'action':
        lastErr = '';
        actionText = ev.text;
        break;
      case 'log':
        if (!options.onLog && !options.logBytes) doc.log.push(ev.line);
        // The first error line, from the loader (llext) or the architecture's code (elf).
        if (ev.level === LOG_ERR && lastErr === '') lastErr = ERROR_LINE.exec(ev.line)?.[1] ?? '';
        break;
      case 'step':
        if (ev.ext !== ext) {
          ext = ev.ext;
          regionNames.clear();
          let m = sectionNames.get(ext);
          if (!m) {
            m = new Map();
            sectionNames.set(ext, m);
          }
          extSections = m;
        }
        break;
      case 'heapInit':
        heapNames.set(ev.heap, ev.name);
        heapInfo.set(ev.heap, { name: ev.name, base: A(ev.base), size: Number(ev.size), used: 0, free: 0, largestFree: 0 });
        break;
      case 'heapState': {
        const h = heapInfo.get(ev.heap);
        if (h) {
          h.used = Number(ev.used);
          h.free = Number(ev.free);
          h.largestFree = Number(ev.largest);
        }
        break;
      }
      case 'heapBlocks': {
        const h = heapInfo.get(ev.heap);
        if (h) {
          h.blockSize = ev.blockSize;
          h.blocks = ev.blocks;
        }
        break;
      }
      case 'heapUninit':
        heapInfo.delete(ev.heap);
        break;
      case 'section':
        extSections.set(ev.index, ev.name);
        break;
      case 'region':
        regionNames.set(ev.region, ev.name);
        doc.regions.push({
          ext,
          region: ev.region,
          name: ev.name,
          heap: ev.heap < 0 ? null : (heapNames.get(ev.heap) ?? null),
          addr: A(ev.addr),
          size: Number(ev.memSize),
          allocSize: Number(ev.allocSize),
          align: Number(ev.align),
          prepad: Number(ev.prepad),
          inPlace: ev.inPlace,
        });
        break;
      case 'regionInfo':
        doc.regionInfo.push({
          ext: ev.ext,
          region: ev.region,
          name: ev.name,
          hdr: {
            type: ev.type,
            flags: '0x' + ev.flags.toString(16),
            addr: A(ev.shAddr),
            offset: '0x' + ev.shOffset.toString(16),
            size: Number(ev.shSize),
            addralign: Number(ev.shAlign),
            info: Number(ev.shInfo),
          },
          addr: A(ev.addr),
          size: Number(ev.size),
        });
        break;
      case 'sectionInfo': {
        const region = ev.ret !== 0 ? null : (doc.regionInfo.find((r) => r.ext === ev.ext && r.region === ev.region)?.name ?? null);
        doc.sectionInfo.push({
          ext: ev.ext,
          shndx: ev.shndx,
          name: ev.name,
          ret: ev.ret,
          region,
          offset: region === null ? null : Number(ev.offset),
        });
        break;
      }
      case 'place':
        // Optional regions (VENEER, RODATA_NO_RELOC) shift the numbering: prefer the name the region event gave.
        doc.sections.push({
          ext,
          index: ev.section,
          shndx: ev.section,
          name: ev.name,
          region: regionNames.get(ev.region) ?? REGION_NAMES[ev.region] ?? String(ev.region),
          addr: A(ev.addr),
          size: Number(ev.size),
        });
        break;
      case 'lookup':
        if (ev.source === 'builtin' || ev.source === 'extension' || ev.source === 'missing' || ev.source === 'own') {
          const key = `${ext}:${ev.name}`;
          if (!importSeen.has(key)) {
            importSeen.add(key);
            doc.imports.push({
              ext,
              name: ev.name,
              slid: ev.bySlid ? A(ev.slid) : null,
              resolvedFrom:
                ev.source === 'builtin' ? 'zephyr' : ev.source === 'extension' ? ev.provider : ev.source === 'own' ? ext : 'unresolved',
              addr: ev.source === 'missing' ? null : A(ev.addr),
            });
          }
        }
        break;
      case 'symbol':
        if (ev.table === 'exp_tab') doc.exports.push({ ext, name: ev.name, addr: A(ev.addr) });
        break;
      case 'reloc':
        if (!allRelocations && ev.quirk === '') break;
        doc.relocations.push({
          ext,
          section: extSections.get(ev.target) ?? String(ev.target),
          relSection: ev.relSection,
          offset: '0x' + ev.offset.toString(16),
          type: ev.type,
          typeName: ev.typeName,
          symbol: ev.symbol,
          S: A(ev.S),
          A: hexSigned(ev.A),
          P: A(ev.P),
          value: A(ev.value),
          abiValue: A(ev.abiValue),
          before: hexBytes(ev.before),
          after: hexBytes(ev.after),
          abiAfter: hexBytes(ev.abiAfter),
          ret: ev.ret,
          abiRet: ev.abiRet,
          quirk: ev.quirk === '' ? null : ev.quirk,
        });
        break;
      case 'image': {
        if (!withImages) break;
        const img: ImageDoc = { ext: ev.ext, section: ev.name, addr: A(ev.addr), hex: hexBytes(ev.bytes), abiHex: hexBytes(ev.abiBytes) };
        doc.images.push(img);
        const list = imagesByExt.get(ev.ext) ?? [];
        list.push(img);
        imagesByExt.set(ev.ext, list);
        break;
      }
      case 'run':
        call = { ext: ev.ext, fn: ev.fn, args: ev.args, console: '', ret: '', fault: null, instructions: 0 };
        doc.calls.push(call);
        break;
      case 'console':
        if (call) call.console += ev.text;
        break;
      case 'runEnd':
        if (!call) break;
        call.ret = A(ev.ret);
        call.instructions = Number(ev.instructions);
        call.fault = ev.fault === 'none' ? null : { kind: ev.fault, pc: A(ev.pc), addr: A(ev.addr), text: ev.text, detail: ev.detail };
        call = null;
        break;
      case 'diag':
        doc.diagnostics.push({ severity: ev.severity, code: ev.code, text: ev.text });
        break;
      case 'result':
        doc.actions.push({ action: ev.action, ext: ev.ext, ret: ev.ret, ...loadParamsOf(ev.action, actionText) });
        if (ev.action === 'load' && ev.ret === 0) lastLoaded = ev.ext;
        if (ev.ret < 0 && doc.ok) {
          doc.ok = false;
          doc.errno = -ev.ret;
          const firstError = doc.diagnostics.find((d) => d.severity === 'error' && d.code === 'input');
          // A run stopped at a playground limit: Zephyr's lines after it only report the unwinding.
          const limit = doc.diagnostics.find((d) => d.severity === 'error' && LIMIT_CODES.has(d.code));
          doc.message = limit?.text || lastErr || firstError?.text || `${ev.action} ${ev.ext} returned ${ev.ret}`;
        }
        break;
      default:
        break;
    }
  }
  doc.heaps = [...heapInfo.values()];
  for (const img of imagesByExt.get(lastLoaded) ?? []) {
    doc.image[img.section] = img.hex;
    doc.abiImage[img.section] = img.abiHex;
  }
  return doc;
}

/** The `key=value` words of a load action's text (`load NAME INDEX key=value ...`). */
function loadParamsOf(action: string, text: string): { params?: Record<string, string> } {
  if (action !== 'load') return {};
  const words = text.split(' ').slice(3);
  if (words.length === 0) return {};
  const params: Record<string, string> = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0) params[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return { params };
}
