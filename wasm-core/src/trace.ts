// Decodes the engine's binary trace into typed events. The trace is defined once, in
// wasm-core/schema/trace.json: its constants, the decoded events' types and the readers of
// the plain records come from ./traceSchema.ts (generated from it). The compact records
// (EV_LOOKUP, EV_RELOC, EV_LOGF), which a large extension has hundreds of thousands of, are
// read by hand below, in the schema's order.
// This module knows the record layout only; every Zephyr rule lives in the engine.
import {
  EV_LOG,
  EV_LOGF,
  EV_LOOKUP,
  EV_RELOC,
  EV_STR,
  LOG_DBG,
  LOG_ERR,
  logLevelLabel,
  LOOKUP_BY_SLID,
  LOOKUP_FAILED,
  LOOKUP_HAS_SLID,
  LOOKUP_SOURCE_IMPORTS,
  lookupSourceLabel,
  RELOC_ABI_RET,
  RELOC_ABI_SAME,
  RELOC_HINT,
  RELOC_QUIRK,
  RELOC_RANGE_FAILED,
  RELOC_RET,
  RELOC_WRITTEN,
  readGeneratedEvent,
  type FieldReader,
  type HeapChunkView,
  type HeapStateEvent,
  type LogLevel,
  type LookupSource,
  type RelocEvent,
  type TraceEvent,
} from './traceSchema.js';

export type { HeapChunkView, HeapStateEvent, LogLevel, LookupSource, RelocEvent, TraceEvent };

/** An EV_LOGF template split at its placeholders: text[0] arg[0] text[1] ... text[n]. */
interface Template {
  text: string[];
  args: string;
}

function parseTemplate(t: string): Template {
  const text: string[] = [];
  let args = '';
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '%' && i + 1 < t.length) {
      const k = t[i + 1]!;
      i++;
      if (k === '%') {
        cur += '%';
        continue;
      }
      text.push(cur);
      cur = '';
      args += k;
    } else cur += c;
  }
  text.push(cur);
  return { text, args };
}

class Reader implements FieldReader {
  private pos = 0;
  private readonly view: DataView;
  private readonly utf8 = new TextDecoder();
  /** The trace's string table (EV_STR); id 0 is the empty string. */
  private readonly strings: string[] = [''];
  private readonly templates = new Map<number, Template>();
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  u8(): number {
    return this.view.getUint8(this.pos++);
  }
  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(): number {
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  i64(): bigint {
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
  /** A byte string: a view into the trace, not a copy. */
  bytes(): Uint8Array {
    const n = this.u32();
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  str(): string {
    const n = this.u32();
    const s = this.utf8.decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  /** Unsigned LEB128 as a number (ids, counts, small values: below 2^53). */
  uv(): number {
    const b = this.buf;
    let v = 0,
      mul = 1,
      x: number;
    do {
      x = b[this.pos++]!;
      v += (x & 0x7f) * mul;
      mul *= 128;
    } while (x & 0x80);
    return v;
  }
  /** Unsigned LEB128 as a bigint (u64 fields). */
  uvBig(): bigint {
    const b = this.buf;
    let v = 0,
      mul = 1,
      x: number,
      n = 0;
    do {
      x = b[this.pos++]!;
      v += (x & 0x7f) * mul;
      mul *= 128;
      n++;
    } while (x & 0x80 && n < 7);
    if (!(x & 0x80)) return BigInt(v);
    let big = BigInt(v),
      shift = 49n;
    do {
      x = b[this.pos++]!;
      big |= BigInt(x & 0x7f) << shift;
      shift += 7n;
    } while (x & 0x80);
    return BigInt.asUintN(64, big);
  }
  /** Zigzag-signed LEB128 as a bigint (i64 fields and differences). */
  zvBig(): bigint {
    const u = this.uvBig();
    return (u >> 1n) ^ -(u & 1n);
  }
  /** Zigzag-signed LEB128 as a number (small signed values such as errnos). */
  zv(): number {
    const u = this.uv();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
  /** An interned string (strId). */
  ref(): string {
    return this.strings[this.uv()] ?? '';
  }
  defineString(): void {
    const id = this.uv();
    this.strings[id] = this.str();
  }
  /** `n` raw bytes, as a view into the trace. */
  raw(n: number): Uint8Array {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Skips a uv without building its value. */
  skipUv(): void {
    const b = this.buf;
    while (b[this.pos++]! & 0x80) {
      /* continuation byte */
    }
  }

  // EV_RELOC delta state (see recordRelocation in wasm-core/assembly/loader/apply.ts).
  relocIndex = -1;
  relocP = 0n;
  /** Sum of the P deltas of records skipped since relocP was last brought up to date. */
  private skippedP = 0;

  /** The next record's P from its delta. */
  nextP(): bigint {
    const delta = this.zvBig();
    const P = BigInt.asUintN(64, this.relocP + BigInt(this.skippedP) + delta);
    this.skippedP = 0;
    this.relocP = P;
    return P;
  }

  /** Advances the delta state over a record that is not decoded (P's delta is next). */
  skipP(): void {
    const start = this.pos;
    const d = this.zv();
    if (Number.isSafeInteger(d) && Math.abs(this.skippedP + d) < 2 ** 52) {
      this.skippedP += d;
      return;
    }
    this.pos = start;
    this.nextP();
  }

  /** A uv as decimal text (exact beyond 2^53). */
  private uvDec(): string {
    const start = this.pos;
    const v = this.uv();
    if (v <= Number.MAX_SAFE_INTEGER) return String(v);
    this.pos = start;
    return this.uvBig().toString();
  }
  /** A uv as hex digits. */
  private uvHex(): string {
    const start = this.pos;
    const v = this.uv();
    if (v <= Number.MAX_SAFE_INTEGER) return v.toString(16);
    this.pos = start;
    return this.uvBig().toString(16);
  }

  /** An EV_LOGF record's line, with the same text the engine's log() would have produced. */
  logLine(level: number): string {
    const fn = this.ref();
    const tplId = this.uv();
    let tpl = this.templates.get(tplId);
    if (!tpl) {
      tpl = parseTemplate(this.strings[tplId] ?? '');
      this.templates.set(tplId, tpl);
    }
    let line = logLevelLabel(level) + ' llext: ' + (level === LOG_DBG && fn !== '' ? fn + ': ' : '') + tpl.text[0]!;
    for (let i = 0; i < tpl.args.length; i++) {
      switch (tpl.args[i]) {
        case 's':
          line += this.ref();
          break;
        case 'u':
          line += this.uvDec();
          break;
        case 'd':
          line += this.zvBig().toString();
          break;
        case 'x': {
          const h = this.uvHex();
          line += h === '0' ? '0' : '0x' + h;
          break;
        }
        case 'p': {
          const h = this.uvHex();
          line += h === '0' ? '(nil)' : '0x' + h;
          break;
        }
        default:
          throw new Error(`trace: unknown log template placeholder %${tpl.args[i]}`);
      }
      line += tpl.text[i + 1]!;
    }
    return line;
  }
}

/** What a caller does not need decoded (the CLI's text output): the records are skipped
 * without building objects, which is most of the decoding work on a large extension. */
export interface DecodeOptions {
  /** 'quirks': only relocation events whose Zephyr result differs from the psABI. */
  relocations?: 'all' | 'quirks';
  /** 'imports': only lookups of undefined symbols (built-in, extension, missing, own). */
  lookups?: 'all' | 'imports';
  /**
   * Receives every log line, in order, instead of a log event per line: a caller that only
   * prints the log (the CLI's text output) keeps no object per line. Error-level lines are
   * still returned as events too, because the document's failure message is taken from them.
   */
  onLog?: (line: string) => void;
}

export function decodeTrace(buf: Uint8Array, options: DecodeOptions = {}): TraceEvent[] {
  const r = new Reader(buf);
  const quirksOnly = options.relocations === 'quirks';
  const importsOnly = options.lookups === 'imports';
  const onLog = options.onLog;
  const out: TraceEvent[] = [];
  const log = (level: LogLevel, line: string): void => {
    if (onLog) {
      onLog(line);
      if (level !== LOG_ERR) return;
    }
    out.push({ kind: 'log', level, line });
  };
  while (!r.done) {
    const kind = r.u8();
    // The compact records first: they are most of a large trace.
    switch (kind) {
      case EV_RELOC: {
        const flags = r.u8();
        const relSection = r.uv(),
          target = r.uv();
        const index = r.relocIndex + 1 + r.zv();
        r.relocIndex = index;
        if (quirksOnly && (flags & RELOC_QUIRK) === 0) {
          // offset, type, typeName, symbol, S, A; then P (delta state), value, abiValue.
          for (let k = 0; k < 6; k++) r.skipUv();
          r.skipP();
          r.skipUv();
          r.skipUv();
          const width = r.u8();
          r.raw(flags & RELOC_ABI_SAME ? 2 * width : 3 * width);
          if (flags & RELOC_RET) r.skipUv();
          if (flags & RELOC_ABI_RET) r.skipUv();
          if (flags & RELOC_HINT) r.skipUv();
          r.skipUv();
          r.skipUv();
          break;
        }
        const offset = r.uvBig(),
          type = r.uv(),
          typeName = r.ref(),
          symbol = r.ref();
        const S = r.uvBig(),
          A = r.zvBig();
        const P = r.nextP();
        const value = BigInt.asUintN(64, S + r.zvBig());
        const abiValue = BigInt.asUintN(64, value + r.zvBig());
        const width = r.u8();
        const before = r.raw(width),
          after = r.raw(width);
        const abiAfter = flags & RELOC_ABI_SAME ? after : r.raw(width);
        const ret = flags & RELOC_RET ? r.zv() : 0;
        const abiRet = flags & RELOC_ABI_RET ? r.zv() : 0;
        const quirk = flags & RELOC_QUIRK ? r.ref() : '';
        const hint = flags & RELOC_HINT ? r.ref() : '';
        const rangeMin = r.zvBig(),
          rangeMax = r.zvBig();
        out.push({
          kind: 'reloc',
          relSection,
          target,
          index,
          offset,
          type,
          typeName,
          symbol,
          S,
          A,
          P,
          value,
          abiValue,
          before,
          after,
          abiAfter,
          ret,
          abiRet,
          written: (flags & RELOC_WRITTEN) !== 0,
          quirk,
          hint,
          rangeFailed: (flags & RELOC_RANGE_FAILED) !== 0,
          rangeMin,
          rangeMax,
        });
        break;
      }
      case EV_LOGF: {
        const level = r.u8() as LogLevel;
        log(level, r.logLine(level));
        break;
      }
      case EV_LOOKUP: {
        const name = r.ref(),
          symIndex = r.uv(),
          flags = r.u8();
        const slid = flags & LOOKUP_HAS_SLID ? r.uvBig() : 0n;
        const sourceCode = r.u8();
        if (importsOnly && !LOOKUP_SOURCE_IMPORTS.has(sourceCode)) {
          r.skipUv();
          r.skipUv();
          if (flags & LOOKUP_FAILED) r.skipUv();
          break;
        }
        const source = lookupSourceLabel(sourceCode);
        const provider = r.ref(),
          addr = r.uvBig();
        const ret = flags & LOOKUP_FAILED ? r.zv() : 0;
        out.push({ kind: 'lookup', name, symIndex, bySlid: (flags & LOOKUP_BY_SLID) !== 0, slid, source, provider, addr, ret });
        break;
      }
      case EV_STR:
        r.defineString();
        break;
      case EV_LOG: {
        const level = r.u8() as LogLevel;
        log(level, r.str());
        break;
      }
      default: {
        const ev = readGeneratedEvent(r, kind);
        if (ev === undefined) throw new Error(`trace: unknown event kind ${kind}`);
        out.push(ev);
      }
    }
  }
  return out;
}
