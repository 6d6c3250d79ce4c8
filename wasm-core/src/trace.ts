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
  EV_SYMBOL,
  EV_SYMTAB,
  SYMTAB_SYM,
  symbolTableLabel,
  LOG_DBG,
  LOG_ERR,
  logLevelLabel,
  LOOKUP_BY_SLID,
  LOOKUP_FAILED,
  LOOKUP_HAS_SLID,
  LOOKUP_SOURCE_IMPORTS,
  lookupSourceLabel,
  RELOC_A_ZERO,
  RELOC_ABI_EXACT,
  RELOC_ABI_RET,
  RELOC_AFTER_VALUE,
  RELOC_BEFORE_ZERO,
  RELOC_ABI_SAME,
  RELOC_HINT,
  RELOC_INDEX_NEXT,
  RELOC_LOOKUP,
  RELOC_LOOKUP_SAME,
  RELOC_PLACE_SAME,
  RELOC_QUIRK,
  RELOC_RANGE_FAILED,
  RELOC_RANGE_SAME,
  RELOC_SYMBOL_SAME,
  RELOC_TYPE_SAME,
  RELOC_VALUE_EXACT,
  RELOC_VALUE_PCREL,
  RELOC_RET,
  RELOC_SLOT,
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
import { copyBytes, storeDecimal, storeHex, type LogBytes } from './log-bytes.js';

export type { HeapChunkView, HeapStateEvent, LogLevel, LookupSource, RelocEvent, TraceEvent };

/** What the decoder holds for one symbol index (RELOC_SLOT). */
interface RelocSlot {
  symbol: string;
  S: bigint;
  flags: number;
  source: number;
  provider: string;
  addr: bigint;
}

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
  readonly utf8 = new TextDecoder();
  /** The trace's string table (EV_STR); id 0 is the empty string. */
  private readonly strings: string[] = [''];
  /** Where each string's UTF-8 bytes lie in the trace (LogBytes copies them from there). */
  private readonly stringAt: number[] = [0];
  private readonly stringLength: number[] = [0];
  private readonly templates = new Map<number, Template>();
  /** For LogBytes: templates by string id, and a line's "<tag> llext: fn: " prefix by level and fn's id. */
  private readonly templateBytes: TemplateBytes[] = [];
  private readonly prefixBytes: Uint8Array[][] = [];
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
  skipStr(): void {
    const n = this.u32();
    this.pos += n;
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
    this.stringAt[id] = this.pos + 4;
    this.stringLength[id] = this.view.getUint32(this.pos, true);
    this.strings[id] = this.str();
  }
  /** `n` raw bytes, as a view into the trace. */
  raw(n: number): Uint8Array {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    this.pos += n;
  }

  /** Skips a uv without building its value. */
  skipUv(): void {
    const b = this.buf;
    while (b[this.pos++]! & 0x80) {
      /* continuation byte */
    }
  }

  // EV_RELOC state: the previous record's values, as recordRelocation() in
  // wasm-core/assembly/loader/apply.ts keeps them (see EV_RELOC in wasm-core/schema/trace.json).
  relocIndex = -1;
  relocSection = 0;
  relocTarget = 0;
  relocType = 0;
  relocTypeName = '';
  relocSymbol = '';
  relocS = 0n;
  relocRangeMin = 0n;
  relocRangeMax = 0n;
  /** The previous record's folded lookup (RELOC_LOOKUP_SAME repeats it). */
  lookupSymIndex = 0;
  lookupFlags = 0;
  lookupSource = 0;
  lookupProvider = '';
  lookupAddr = 0n;
  /** RELOC_SLOT: per symbol index, the symbol, S and folded lookup of the last record that
   * folded a lookup of that index without RELOC_SLOT. */
  readonly slots = new Map<number, RelocSlot>();

  /** RELOC_SLOT: the symbol, S and lookup held for the index that follows. */
  readSlot(): void {
    const k = this.uv();
    const held = this.slots.get(k);
    if (!held) throw new Error(`relocation record names symbol index ${k}, for which no lookup was recorded`);
    this.relocSymbol = held.symbol;
    this.relocS = held.S;
    this.lookupSymIndex = k;
    this.lookupFlags = held.flags;
    this.lookupSource = held.source;
    this.lookupProvider = held.provider;
    this.lookupAddr = held.addr;
  }

  /** A record folded a lookup without RELOC_SLOT: its symbol and lookup are now held for its index. */
  holdSlot(): void {
    const k = this.lookupSymIndex;
    const held = this.slots.get(k);
    if (held) {
      held.symbol = this.relocSymbol;
      held.S = this.relocS;
      held.flags = this.lookupFlags;
      held.source = this.lookupSource;
      held.provider = this.lookupProvider;
      held.addr = this.lookupAddr;
    } else {
      this.slots.set(k, {
        symbol: this.relocSymbol,
        S: this.relocS,
        flags: this.lookupFlags,
        source: this.lookupSource,
        provider: this.lookupProvider,
        addr: this.lookupAddr,
      });
    }
  }
  /** P and r_offset: the last values made exact, plus the deltas added since as numbers
   * (records nobody decodes in full only move them). */
  private relocP = 0n;
  private relocOffset = 0n;
  private pendingP = 0;
  private pendingOffset = 0;

  /** A record's place written in full: r_offset, then P's delta. */
  readPlace(): void {
    this.relocOffset = this.uvBig();
    this.pendingOffset = 0;
    const d = this.zvBig();
    this.relocP = BigInt.asUintN(64, this.relocP + BigInt(this.pendingP) + d);
    this.pendingP = 0;
  }

  /** RELOC_PLACE_SAME: r_offset and P both move by the delta that follows. */
  movePlace(): void {
    const start = this.pos;
    const d = this.zv();
    if (Number.isSafeInteger(d) && Math.abs(this.pendingP + d) < 2 ** 52 && Math.abs(this.pendingOffset + d) < 2 ** 52) {
      this.pendingP += d;
      this.pendingOffset += d;
      return;
    }
    this.pos = start;
    const big = this.zvBig();
    this.relocP = BigInt.asUintN(64, this.relocP + BigInt(this.pendingP) + big);
    this.relocOffset = BigInt.asUintN(64, this.relocOffset + BigInt(this.pendingOffset) + big);
    this.pendingP = 0;
    this.pendingOffset = 0;
  }

  /** The current record's P. */
  placeP(): bigint {
    if (this.pendingP !== 0) {
      this.relocP = BigInt.asUintN(64, this.relocP + BigInt(this.pendingP));
      this.pendingP = 0;
    }
    return this.relocP;
  }

  /** The current record's r_offset. */
  placeOffset(): bigint {
    if (this.pendingOffset !== 0) {
      this.relocOffset = BigInt.asUintN(64, this.relocOffset + BigInt(this.pendingOffset));
      this.pendingOffset = 0;
    }
    return this.relocOffset;
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

  private template(tplId: number): Template {
    let tpl = this.templates.get(tplId);
    if (!tpl) {
      tpl = parseTemplate(this.strings[tplId] ?? '');
      this.templates.set(tplId, tpl);
    }
    return tpl;
  }

  /** An EV_LOGF line's text before its template. */
  private static prefix(level: number, fn: string): string {
    return logLevelLabel(level) + ' llext: ' + (level === LOG_DBG && fn !== '' ? fn + ': ' : '');
  }

  /** An EV_LOGF record's line, with the same text the engine's log() would have produced. */
  logLine(level: number): string {
    const fn = this.ref();
    const tpl = this.template(this.uv());
    let line = Reader.prefix(level, fn) + tpl.text[0]!;
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
          line += '0x' + h;
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

  /** An EV_LOG record's line (after its level) appended to `out` as the bytes it is. */
  logTextInto(out: LogBytes): void {
    const n = this.u32();
    const b = out.reserve(n + 1);
    const q = copyBytes(b, out.end, this.buf, this.pos, this.pos + n);
    b[q] = 0x0a;
    out.end = q + 1;
    this.pos += n;
  }

  /** logLine(), appended to `out` as bytes: the same text, without making a string of it. */
  logLineInto(level: number, out: LogBytes): void {
    const fnId = this.uv();
    const tplId = this.uv();
    let byFn = this.prefixBytes[level];
    if (!byFn) byFn = this.prefixBytes[level] = [];
    let prefix = byFn[fnId];
    if (!prefix) prefix = byFn[fnId] = encoder.encode(Reader.prefix(level, this.strings[fnId] ?? ''));
    let tpl = this.templateBytes[tplId];
    if (!tpl) tpl = this.templateBytes[tplId] = compileTemplate(this.template(tplId));
    const pieces = tpl.pieces,
      codes = tpl.codes;
    // Room for everything but the strings (%s), which make room for themselves.
    let b = out.reserve(prefix.length + tpl.maxBytes);
    let q = copyBytes(b, out.end, prefix, 0, prefix.length);
    q = copyBytes(b, q, pieces[0]!, 0, pieces[0]!.length);
    for (let i = 0; i < codes.length; i++) {
      const start = this.pos;
      const v = this.uv();
      const code = codes[i]!;
      if (code === ARG_S) {
        const at = this.stringAt[v];
        if (at !== undefined) {
          const n = this.stringLength[v]!;
          out.end = q;
          b = out.reserve(n + tpl.maxBytes);
          q = copyBytes(b, q, this.buf, at, at + n);
        }
      } else if (v > Number.MAX_SAFE_INTEGER) {
        // Beyond a double's integers (addresses of 64-bit targets): as logLine() does it.
        this.pos = start;
        const text = code === ARG_U ? this.uvBig().toString() : code === ARG_D ? this.zvBig().toString() : '0x' + this.uvBig().toString(16);
        for (let k = 0; k < text.length; k++) b[q++] = text.charCodeAt(k);
      } else if (code === ARG_U) {
        q = storeDecimal(b, q, v);
      } else if (code === ARG_D) {
        // zigzag: an even v is v / 2, an odd one -(v + 1) / 2
        if (v % 2 === 0) q = storeDecimal(b, q, v / 2);
        else {
          b[q++] = 0x2d;
          q = storeDecimal(b, q, (v + 1) / 2);
        }
      } else if (v === 0 && code !== ARG_X) {
        q = copyBytes(b, q, NIL, 0, 5);
      } else {
        b[q++] = 0x30;
        b[q++] = 0x78; // 0x
        q = storeHex(b, q, v);
      }
      const piece = pieces[i + 1]!;
      q = copyBytes(b, q, piece, 0, piece.length);
    }
    b[q++] = 0x0a;
    out.end = q;
  }
}

// Placeholder codes: the index in "sudxp" (4, %p, is the case left when none of these matches).
const ARG_S = 0,
  ARG_U = 1,
  ARG_D = 2,
  ARG_X = 3;

/** A template for logLineInto(): its text pieces as bytes, its placeholders as codes, and the
 * most bytes a line takes without its strings (a number takes at most 21 digits or 18 of hex). */
interface TemplateBytes {
  pieces: Uint8Array[];
  codes: number[];
  maxBytes: number;
}

function compileTemplate(tpl: Template): TemplateBytes {
  const codes = [...tpl.args].map((a) => {
    const code = 'sudxp'.indexOf(a);
    if (code < 0) throw new Error(`trace: unknown log template placeholder %${a}`);
    return code;
  });
  const pieces = tpl.text.map((t) => encoder.encode(t));
  return { pieces, codes, maxBytes: pieces.reduce((n, p) => n + p.length, 0) + 24 * codes.length + 1 };
}

/** The NUL-terminated string at `at` in `b` (at most 4096 bytes, as the engine reads a name). */
function cString(utf8: TextDecoder, b: Uint8Array, at: number): string {
  const lim = Math.min(b.length, at + 4096);
  let end = at;
  let ascii = true;
  while (end < lim && b[end] !== 0) {
    if (b[end]! >= 0x80) ascii = false;
    end++;
  }
  if (ascii && end - at < 64) return String.fromCharCode(...b.subarray(at, end));
  return utf8.decode(b.subarray(at, end));
}

const EMPTY_BYTES = new Uint8Array(0);

/** The low `width` bytes of `v`, little-endian. */
function leBytes(v: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let x = v;
  for (let i = 0; i < width; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

const encoder = new TextEncoder();
const NIL = encoder.encode('(nil)');

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
  /** 'exports': only the exp_tab symbols, not every global symbol of sym_tab. */
  symbols?: 'all' | 'exports';
  /** Like onLog, with the lines appended to `logBytes` as UTF-8 bytes, each ended by '\n'
   * (the CLI's text output): no string is made of a line that is only printed. */
  logBytes?: LogBytes;
}

export function decodeTrace(buf: Uint8Array, options: DecodeOptions = {}): TraceEvent[] {
  const r = new Reader(buf);
  const quirksOnly = options.relocations === 'quirks';
  const importsOnly = options.lookups === 'imports';
  const exportsOnly = options.symbols === 'exports';
  const onLog = options.onLog;
  const logBytes = options.logBytes;
  // Lines reach logBytes without a string; error lines are still events (see onLog).
  const sink = logBytes ? (line: string) => logBytes.line(line) : onLog;
  // A debug-level log is about one and a half times the size of its trace: one allocation.
  logBytes?.reserve(Math.ceil(buf.length * 1.5));
  const out: TraceEvent[] = [];
  const log = (level: LogLevel, line: string): void => {
    if (sink) {
      sink(line);
      if (level !== LOG_ERR) return;
    }
    out.push({ kind: 'log', level, line });
  };
  while (!r.done) {
    const kind = r.u8();
    // The compact records first: they are most of a large trace.
    switch (kind) {
      case EV_RELOC: {
        const flags = r.u32();
        if (flags & RELOC_PLACE_SAME) r.movePlace();
        else {
          r.relocSection = r.uv();
          r.relocTarget = r.uv();
          r.readPlace();
        }
        const index = flags & RELOC_INDEX_NEXT ? r.relocIndex + 1 : r.relocIndex + 1 + r.zv();
        r.relocIndex = index;
        if ((flags & RELOC_TYPE_SAME) === 0) {
          r.relocType = r.uv();
          r.relocTypeName = r.ref();
        }
        if (flags & RELOC_SLOT) r.readSlot();
        else if ((flags & RELOC_SYMBOL_SAME) === 0) {
          r.relocSymbol = r.ref();
          r.relocS = r.uvBig();
        }
        const S = r.relocS;
        // Records 'quirks' drops are only stepped over (their state still counts).
        const keep = !quirksOnly || (flags & RELOC_QUIRK) !== 0;
        let A = 0n,
          value = 0n,
          abiValue = 0n;
        if (keep) {
          if ((flags & RELOC_A_ZERO) === 0) A = r.zvBig();
          const from = flags & RELOC_VALUE_PCREL ? S + A - r.placeP() : S + A;
          value = BigInt.asUintN(64, flags & RELOC_VALUE_EXACT ? from : from + r.zvBig());
          abiValue = flags & RELOC_ABI_EXACT ? value : BigInt.asUintN(64, value + r.zvBig());
        } else {
          if ((flags & RELOC_A_ZERO) === 0) r.skipUv();
          if ((flags & RELOC_VALUE_EXACT) === 0) r.skipUv();
          if ((flags & RELOC_ABI_EXACT) === 0) r.skipUv();
        }
        const width = r.u8();
        let before: Uint8Array = EMPTY_BYTES,
          after: Uint8Array = EMPTY_BYTES,
          abiAfter: Uint8Array = EMPTY_BYTES;
        if (keep) {
          before = flags & RELOC_BEFORE_ZERO ? new Uint8Array(width) : r.raw(width);
          after = flags & RELOC_AFTER_VALUE ? leBytes(value, width) : r.raw(width);
          abiAfter = flags & RELOC_ABI_SAME ? after : r.raw(width);
        } else {
          // A record nobody looks at: only its length counts.
          const n = (flags & RELOC_BEFORE_ZERO ? 0 : 1) + (flags & RELOC_AFTER_VALUE ? 0 : 1) + (flags & RELOC_ABI_SAME ? 0 : 1);
          r.skip(n * width);
        }
        const ret = flags & RELOC_RET ? r.zv() : 0;
        const abiRet = flags & RELOC_ABI_RET ? r.zv() : 0;
        const quirk = flags & RELOC_QUIRK ? r.ref() : '';
        const hint = flags & RELOC_HINT ? r.ref() : '';
        if ((flags & RELOC_RANGE_SAME) === 0) {
          r.relocRangeMin = r.zvBig();
          r.relocRangeMax = r.zvBig();
        }
        if (flags & RELOC_LOOKUP) {
          // The lookup of this relocation's symbol, folded into its record by the writer.
          if ((flags & RELOC_SLOT) === 0) {
            if ((flags & RELOC_LOOKUP_SAME) === 0) {
              r.lookupSymIndex = r.uv();
              r.lookupFlags = r.u8();
              r.lookupSource = r.u8();
              r.lookupProvider = r.ref();
              r.lookupAddr = BigInt.asUintN(64, S + r.zvBig());
            }
            r.holdSlot();
          }
          if (!importsOnly || LOOKUP_SOURCE_IMPORTS.has(r.lookupSource)) {
            out.push({
              kind: 'lookup',
              name: r.relocSymbol,
              symIndex: r.lookupSymIndex,
              bySlid: (r.lookupFlags & LOOKUP_BY_SLID) !== 0,
              slid: 0n,
              source: lookupSourceLabel(r.lookupSource),
              provider: r.lookupProvider,
              addr: r.lookupAddr,
              ret: 0,
            });
          }
        }
        if (!keep) break;
        out.push({
          kind: 'reloc',
          relSection: r.relocSection,
          target: r.relocTarget,
          index,
          offset: r.placeOffset(),
          type: r.relocType,
          typeName: r.relocTypeName,
          symbol: r.relocSymbol,
          S,
          A,
          P: r.placeP(),
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
          rangeMin: r.relocRangeMin,
          rangeMax: r.relocRangeMax,
        });
        break;
      }
      case EV_LOGF: {
        const level = r.u8() as LogLevel;
        if (logBytes && level !== LOG_ERR) r.logLineInto(level, logBytes);
        else log(level, r.logLine(level));
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
        if (logBytes && level !== LOG_ERR) r.logTextInto(logBytes);
        else log(level, r.str());
        break;
      }
      case EV_SYMTAB: {
        // sym_tab at once: the string table region, then (name offset + 1, address) per entry,
        // each as its difference from the previous entry's.
        const strings = r.bytes();
        const count = r.u32();
        if (exportsOnly) {
          for (let k = 0; k < count; k++) {
            r.skipUv();
            r.skipUv();
          }
          break;
        }
        let at = 0,
          addr = 0n;
        for (let k = 0; k < count; k++) {
          at += r.zv();
          addr = BigInt.asUintN(64, addr + r.zvBig());
          out.push({ kind: 'symbol', table: 'sym_tab', name: at === 0 ? '' : cString(r.utf8, strings, at - 1), addr });
        }
        break;
      }
      case EV_SYMBOL: {
        const table = r.u8();
        if (exportsOnly && table === SYMTAB_SYM) {
          r.skipStr();
          r.u64();
          break;
        }
        out.push({ kind: 'symbol', table: symbolTableLabel(table), name: r.str(), addr: r.u64() });
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
