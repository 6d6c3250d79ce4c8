// Indexes a trace once so every view can ask "what had happened by event N?"
// cheaply. Pure data: no Zephyr rules here, only bookkeeping over the events
// the engine emitted (which extension a record belongs to, what was live when).
import type { HeapChunkView, LookupSource, RelocEvent, TraceEvent } from '@core/trace.js';

/** A record that became true at event index `at` (visible once cursor > at). */
export interface Timed {
  at: number;
  ext: string;
}

/** `blockSize` is set for a sys_mem_blocks pool (CONFIG_LLEXT_HEAP_MEMBLK), whose "chunks" are runs of blocks. */
export interface HeapInfo extends Timed {
  heap: number;
  name: string;
  base: bigint;
  size: bigint;
  hdr: number;
  ok: boolean;
  uninitAt: number;
  blockSize?: number;
}
export interface HeapSnapshot {
  at: number;
  used: bigint;
  free: bigint;
  largest: bigint;
  chunks: HeapChunkView[];
}
export interface Allocation extends Timed {
  heap: number;
  purpose: string;
  align: bigint;
  bytes: bigint;
  offset: bigint;
  freedAt: number;
}
export interface RegionRec extends Timed {
  region: number;
  name: string;
  heap: number;
  addr: bigint;
  memSize: bigint;
  allocSize: bigint;
  align: bigint;
  prepad: bigint;
  inPlace: boolean;
  fileOffset: bigint;
}
export interface SectionRec extends Timed {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  offset: bigint;
  size: bigint;
  align: bigint;
  region: number;
  note: string;
  nobits: boolean;
  exec: boolean;
}
export interface PlaceRec extends Timed {
  section: number;
  name: string;
  region: number;
  addr: bigint;
  size: bigint;
  nobits: boolean;
}
/** What llext_get_region_info() gives after a successful load (include/zephyr/llext/inspect.h). */
export type RegionInfoRec = Timed & Omit<Extract<TraceEvent, { kind: 'regionInfo' }>, 'kind'>;
/** What llext_get_section_info() gives after a successful load; ret -ENOTSUP without keep_section_info. */
export type SectionInfoRec = Timed & Omit<Extract<TraceEvent, { kind: 'sectionInfo' }>, 'kind'>;
export interface LookupRec extends Timed {
  name: string;
  symIndex: number;
  bySlid: boolean;
  slid: bigint;
  source: LookupSource;
  provider: string;
  addr: bigint;
  ret: number;
}
export interface SymbolRec extends Timed {
  table: 'sym_tab' | 'exp_tab';
  name: string;
  addr: bigint;
}
export interface RelocRec extends Timed {
  n: number;
  ev: RelocEvent;
}
export interface LogRec {
  at: number;
  level: number;
  line: string;
}
export interface DiagRec extends Timed {
  severity: 'info' | 'warning' | 'error';
  code: string;
  text: string;
}
export interface StepRec extends Timed {
  fn: string;
  title: string;
}
export interface ResultRec extends Timed {
  action: string;
  ret: number;
}

export interface Timeline {
  events: TraceEvent[];
  /** Extension each event belongs to ('' before the first loader step). */
  extOf: string[];
  /** Event indexes where a loader step or an application action starts. */
  stepStarts: number[];
  extensions: string[];
  heaps: HeapInfo[];
  heapStates: Map<number, HeapSnapshot[]>;
  allocations: Allocation[];
  regions: RegionRec[];
  sections: SectionRec[];
  places: PlaceRec[];
  regionInfo: RegionInfoRec[];
  sectionInfo: SectionInfoRec[];
  lookups: LookupRec[];
  symbols: SymbolRec[];
  relocs: RelocRec[];
  logs: LogRec[];
  diags: DiagRec[];
  steps: StepRec[];
  results: ResultRec[];
  info: Map<string, string>;
  /** Names Zephyr cut to LLEXT_MAX_NAME_LEN characters in struct llext: the short name (used by
   * every other record and the log) to the name the application passed to llext_load(). */
  fullNames: Map<string, string>;
  /** LLEXT_MAX_NAME_LEN, when a name was cut. */
  nameLimit: number;
}

const NEVER = Number.MAX_SAFE_INTEGER;

export function buildTimeline(events: TraceEvent[]): Timeline {
  const t: Timeline = {
    events,
    extOf: [],
    stepStarts: [],
    extensions: [],
    heaps: [],
    heapStates: new Map(),
    allocations: [],
    regions: [],
    sections: [],
    places: [],
    regionInfo: [],
    sectionInfo: [],
    lookups: [],
    symbols: [],
    relocs: [],
    logs: [],
    diags: [],
    steps: [],
    results: [],
    info: new Map(),
    fullNames: new Map(),
    nameLimit: 0,
  };
  let ext = '';
  events.forEach((ev, at) => {
    if (ev.kind === 'step') {
      ext = ev.ext;
      if (!t.extensions.includes(ext)) t.extensions.push(ext);
    }
    t.extOf.push(ext);
    switch (ev.kind) {
      case 'step':
        t.stepStarts.push(at);
        t.steps.push({ at, ext, fn: ev.fn, title: ev.title });
        break;
      case 'action':
        t.stepStarts.push(at);
        break;
      case 'info':
        t.info.set(ev.key, ev.value);
        break;
      case 'extName':
        t.fullNames.set(ev.ext, ev.full);
        t.nameLimit = ev.max;
        break;
      case 'heapInit':
        t.heaps.push({ at, ext, heap: ev.heap, name: ev.name, base: ev.base, size: ev.size, hdr: ev.hdr, ok: ev.ok, uninitAt: NEVER });
        break;
      case 'heapBlocks': {
        const h = [...t.heaps].reverse().find((x) => x.heap === ev.heap);
        if (h) h.blockSize = ev.blockSize;
        break;
      }
      case 'heapUninit': {
        const h = [...t.heaps].reverse().find((x) => x.heap === ev.heap && x.uninitAt === NEVER);
        if (h) h.uninitAt = at;
        break;
      }
      case 'heapState': {
        const list = t.heapStates.get(ev.heap) ?? [];
        list.push({ at, used: ev.used, free: ev.free, largest: ev.largest, chunks: ev.chunks });
        t.heapStates.set(ev.heap, list);
        break;
      }
      case 'heapAlloc':
        t.allocations.push({
          at,
          ext,
          heap: ev.heap,
          purpose: ev.purpose,
          align: ev.align,
          bytes: ev.bytes,
          offset: ev.offset,
          freedAt: NEVER,
        });
        break;
      case 'heapFree': {
        const a = t.allocations.find((x) => x.heap === ev.heap && x.offset === ev.offset && x.freedAt === NEVER);
        if (a) a.freedAt = at;
        break;
      }
      case 'region':
        t.regions.push({ at, ext, ...ev });
        break;
      case 'section':
        t.sections.push({ at, ext, ...ev });
        break;
      case 'place':
        t.places.push({ at, ext, ...ev });
        break;
      case 'regionInfo':
        t.regionInfo.push({ at, ...ev });
        break;
      case 'sectionInfo':
        t.sectionInfo.push({ at, ...ev });
        break;
      case 'lookup':
        t.lookups.push({ at, ext, ...ev });
        break;
      case 'symbol':
        t.symbols.push({ at, ext, ...ev });
        break;
      case 'reloc':
        t.relocs.push({ at, ext, n: t.relocs.length, ev });
        break;
      case 'log':
        t.logs.push({ at, level: ev.level, line: ev.line });
        break;
      case 'diag':
        t.diags.push({ at, ext, severity: ev.severity, code: ev.code, text: ev.text });
        break;
      case 'result':
        t.results.push({ at, ext: ev.ext, action: ev.action, ret: ev.ret });
        break;
      default:
        break;
    }
  });
  return t;
}

/** Records that had happened once `cursor` events were applied. */
export function upTo<T extends { at: number }>(list: readonly T[], cursor: number): T[] {
  // Lists are in event order, so a binary search finds the cut.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].at < cursor) lo = mid + 1;
    else hi = mid;
  }
  return list.slice(0, lo);
}

/** The latest snapshot of a heap at `cursor`, or null before the first one. */
export function heapStateAt(t: Timeline, heap: number, cursor: number): HeapSnapshot | null {
  const list = t.heapStates.get(heap);
  if (!list) return null;
  const seen = upTo(list, cursor);
  return seen.length > 0 ? seen[seen.length - 1] : null;
}

/** Heaps initialised and not yet torn down at `cursor`. */
export function liveHeaps(t: Timeline, cursor: number): HeapInfo[] {
  return t.heaps.filter((h) => h.at < cursor && h.uninitAt >= cursor);
}

/** Allocations live at `cursor` (made, not yet freed). */
export function liveAllocations(t: Timeline, heap: number, cursor: number): Allocation[] {
  return t.allocations.filter((a) => a.heap === heap && a.at < cursor && a.freedAt >= cursor && a.offset >= 0n);
}

/** The loader step that event `cursor - 1` belongs to. */
export function currentStep(t: Timeline, cursor: number): StepRec | null {
  const seen = upTo(t.steps, cursor);
  return seen.length > 0 ? seen[seen.length - 1] : null;
}

/** The extension's whole name, as the application gave it (Zephyr's log keeps the cut one). */
export function fullName(t: Timeline | null, ext: string): string {
  return t?.fullNames.get(ext) ?? ext;
}
