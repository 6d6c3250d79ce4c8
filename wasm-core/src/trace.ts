// Decodes the engine's binary trace (wasm-core/assembly/trace/events.ts) into typed events.
// This module knows the record layout only; every Zephyr rule lives in the engine.

export type LogLevel = 1 | 2 | 3 | 4;

export type TraceEvent =
  | { kind: 'log'; level: LogLevel; line: string }
  | { kind: 'step'; ext: string; fn: string; title: string }
  | { kind: 'heapInit'; heap: number; name: string; base: bigint; size: bigint; hdr: number; ok: boolean }
  | { kind: 'heapAlloc'; heap: number; purpose: string; align: bigint; bytes: bigint; offset: bigint }
  | { kind: 'heapFree'; heap: number; purpose: string; offset: bigint }
  | { kind: 'heapUninit'; heap: number }
  | { kind: 'section'; index: number; name: string; type: number; flags: bigint; offset: bigint; size: bigint; align: bigint; region: number; note: string }
  | { kind: 'region'; region: number; name: string; heap: number; addr: bigint; memSize: bigint; allocSize: bigint; align: bigint; prepad: bigint; inPlace: boolean; fileOffset: bigint }
  | { kind: 'place'; section: number; name: string; region: number; addr: bigint; size: bigint; nobits: boolean }
  | { kind: 'symbol'; table: 'sym_tab' | 'exp_tab'; name: string; addr: bigint }
  | { kind: 'lookup'; name: string; symIndex: number; bySlid: boolean; slid: bigint; source: LookupSource; provider: string; addr: bigint; ret: number }
  | RelocEvent
  | { kind: 'diag'; severity: 'info' | 'warning' | 'error'; code: string; text: string }
  | { kind: 'result'; action: string; ext: string; ret: number }
  | { kind: 'dependency'; ext: string; provider: string }
  | { kind: 'image'; ext: string; section: number; name: string; addr: bigint; bytes: Uint8Array; abiBytes: Uint8Array }
  | HeapStateEvent
  | { kind: 'call'; ext: string; what: string; index: number; addr: bigint; ret: number }
  | { kind: 'info'; key: string; value: string }
  | { kind: 'action'; index: number; text: string }
  | { kind: 'heapBlocks'; heap: number; blockSize: number; blocks: number };

export type LookupSource = 'builtin' | 'extension' | 'section' | 'abs' | 'none' | 'missing' | 'own';

export interface RelocEvent {
  kind: 'reloc';
  relSection: number;
  target: number;
  index: number;
  offset: bigint;
  type: number;
  typeName: string;
  symbol: string;
  S: bigint;
  A: bigint;
  P: bigint;
  value: bigint;
  abiValue: bigint;
  before: Uint8Array;
  after: Uint8Array;
  abiAfter: Uint8Array;
  ret: number;
  abiRet: number;
  written: boolean;
  quirk: string;
  hint: string;
  rangeFailed: boolean;
  rangeMin: bigint;
  rangeMax: bigint;
}

export interface HeapChunkView {
  offset: bigint;
  units: number;
  used: boolean;
  bucket: number;
}

export interface HeapStateEvent {
  kind: 'heapState';
  heap: number;
  used: bigint;
  free: bigint;
  largest: bigint;
  chunks: HeapChunkView[];
}

const SOURCES: LookupSource[] = ['builtin', 'extension', 'section', 'abs', 'none', 'missing', 'own'];
const SEVERITIES = ['info', 'warning', 'error'] as const;

class Reader {
  private pos = 0;
  private readonly view: DataView;
  private readonly utf8 = new TextDecoder();
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get done(): boolean { return this.pos >= this.buf.length; }
  u8(): number { return this.view.getUint8(this.pos++); }
  u32(): number { const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  i32(): number { const v = this.view.getInt32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { const v = this.view.getBigUint64(this.pos, true); this.pos += 8; return v; }
  i64(): bigint { const v = this.view.getBigInt64(this.pos, true); this.pos += 8; return v; }
  bytes(): Uint8Array { const n = this.u32(); const b = this.buf.slice(this.pos, this.pos + n); this.pos += n; return b; }
  str(): string { const n = this.u32(); const s = this.utf8.decode(this.buf.subarray(this.pos, this.pos + n)); this.pos += n; return s; }
}

export function decodeTrace(buf: Uint8Array): TraceEvent[] {
  const r = new Reader(buf);
  const out: TraceEvent[] = [];
  while (!r.done) {
    const kind = r.u8();
    switch (kind) {
      case 1: out.push({ kind: 'log', level: r.u8() as LogLevel, line: r.str() }); break;
      case 2: out.push({ kind: 'step', ext: r.str(), fn: r.str(), title: r.str() }); break;
      case 3: out.push({ kind: 'heapInit', heap: r.u8(), name: r.str(), base: r.u64(), size: r.u64(), hdr: r.u8(), ok: r.u8() === 1 }); break;
      case 4: out.push({ kind: 'heapAlloc', heap: r.u8(), purpose: r.str(), align: r.u64(), bytes: r.u64(), offset: r.i64() }); break;
      case 5: out.push({ kind: 'heapFree', heap: r.u8(), purpose: r.str(), offset: r.i64() }); break;
      case 6: out.push({ kind: 'heapUninit', heap: r.u8() }); break;
      case 7: out.push({ kind: 'section', index: r.u32(), name: r.str(), type: r.u32(), flags: r.u64(), offset: r.u64(), size: r.u64(), align: r.u64(), region: r.i32(), note: r.str() }); break;
      case 8: out.push({ kind: 'region', region: r.u8(), name: r.str(), heap: r.i32(), addr: r.u64(), memSize: r.u64(), allocSize: r.u64(), align: r.u64(), prepad: r.u64(), inPlace: r.u8() === 1, fileOffset: r.u64() }); break;
      case 9: out.push({ kind: 'place', section: r.u32(), name: r.str(), region: r.u8(), addr: r.u64(), size: r.u64(), nobits: r.u8() === 1 }); break;
      case 10: out.push({ kind: 'symbol', table: r.u8() === 0 ? 'sym_tab' : 'exp_tab', name: r.str(), addr: r.u64() }); break;
      case 11: out.push({ kind: 'lookup', name: r.str(), symIndex: r.u32(), bySlid: r.u8() === 1, slid: r.u64(), source: SOURCES[r.u8()] ?? 'none', provider: r.str(), addr: r.u64(), ret: r.i32() }); break;
      case 12: {
        const e: RelocEvent = {
          kind: 'reloc', relSection: r.u32(), target: r.u32(), index: r.u32(), offset: r.u64(), type: r.u32(),
          typeName: r.str(), symbol: r.str(), S: r.u64(), A: r.i64(), P: r.u64(), value: r.u64(), abiValue: r.u64(),
          before: new Uint8Array(0), after: new Uint8Array(0), abiAfter: new Uint8Array(0), ret: 0, abiRet: 0,
          written: false, quirk: '', hint: '', rangeFailed: false, rangeMin: 0n, rangeMax: 0n,
        };
        r.u8(); // width, implied by the byte strings
        e.before = r.bytes(); e.after = r.bytes(); e.abiAfter = r.bytes();
        e.ret = r.i32(); e.abiRet = r.i32(); e.written = r.u8() === 1; e.quirk = r.str(); e.hint = r.str();
        e.rangeFailed = r.u8() === 1; e.rangeMin = r.i64(); e.rangeMax = r.i64();
        out.push(e);
        break;
      }
      case 13: out.push({ kind: 'diag', severity: SEVERITIES[r.u8()] ?? 'error', code: r.str(), text: r.str() }); break;
      case 14: out.push({ kind: 'result', action: r.str(), ext: r.str(), ret: r.i32() }); break;
      case 15: out.push({ kind: 'dependency', ext: r.str(), provider: r.str() }); break;
      case 16: out.push({ kind: 'image', ext: r.str(), section: r.u32(), name: r.str(), addr: r.u64(), bytes: r.bytes(), abiBytes: r.bytes() }); break;
      case 17: {
        const heap = r.u8(), used = r.u64(), free = r.u64(), largest = r.u64();
        const n = r.u32();
        const chunks: HeapChunkView[] = [];
        for (let i = 0; i < n; i++) chunks.push({ offset: r.u64(), units: r.u32(), used: r.u8() === 1, bucket: r.i32() });
        out.push({ kind: 'heapState', heap, used, free, largest, chunks });
        break;
      }
      case 18: out.push({ kind: 'call', ext: r.str(), what: r.str(), index: r.u32(), addr: r.u64(), ret: r.i32() }); break;
      case 19: out.push({ kind: 'info', key: r.str(), value: r.str() }); break;
      case 20: out.push({ kind: 'action', index: r.u32(), text: r.str() }); break;
      // A sys_mem_blocks pool: its heap events count bytes, its state lists runs of blocks.
      case 21: out.push({ kind: 'heapBlocks', heap: r.u8(), blockSize: r.u32(), blocks: r.u32() }); break;
      default: throw new Error(`trace: unknown event kind ${kind}`);
    }
  }
  return out;
}
