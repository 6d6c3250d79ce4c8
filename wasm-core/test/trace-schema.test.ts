// The trace's schema (wasm-core/schema/trace.json) is its one definition: the generated
// constants must be up to date with it, and every event kind it lists must decode to what
// was written. The records below are written from TypeScript by walking the schema's field
// list (so a field moved in the schema moves here too), while the decoded events they must
// give are written out by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeTrace, type DecodeOptions, type TraceEvent } from '../src/trace.js';
import * as S from '../src/traceSchema.js';

const root = join(import.meta.dirname, '..', '..');

interface SchemaField {
  name: string;
  type: string;
  if?: string;
  of?: string;
}
interface SchemaEvent {
  id: number;
  name: string;
  kind: string | null;
  flags?: string;
  fields: SchemaField[];
}
interface TraceSchema {
  events: SchemaEvent[];
  flags: { name: string; prefix: string; bits: { name: string; value: number }[] }[];
  structs: { name: string; fields: SchemaField[] }[];
  logf: { placeholders: { char: string; type: string }[] };
}
const schema = JSON.parse(readFileSync(join(root, 'wasm-core', 'schema', 'trace.json'), 'utf8')) as TraceSchema;

/** A field's value as written: numbers for the narrow integers, bigints for u64/i64 (either for
 * uv/zv), strings for str and strId (a number for a strId: that id as is), bytes for bytes/raw. */
type Value = number | bigint | string | boolean | Uint8Array | Record<string, unknown>[] | Value[];
type Wire = Record<string, Value>;

/** Writes records as the engine's trace/writer.ts does, interning strIds with EV_STR records. */
class TraceBytes {
  private readonly out: number[] = [];
  private readonly ids = new Map<string, number>();

  get bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
  u8(v: number): void {
    this.out.push(v & 0xff);
  }
  u32(v: number): void {
    for (let i = 0; i < 4; i++) this.out.push((v >>> (8 * i)) & 0xff);
  }
  u64(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    for (let i = 0n; i < 8n; i++) this.out.push(Number((u >> (8n * i)) & 0xffn));
  }
  raw(b: Uint8Array): void {
    this.out.push(...b);
  }
  bytesField(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }
  str(s: string): void {
    this.bytesField(new TextEncoder().encode(s));
  }
  uv(v: number | bigint): void {
    let u = BigInt.asUintN(64, BigInt(v));
    do {
      const b = Number(u & 0x7fn);
      u >>= 7n;
      this.out.push(u !== 0n ? b | 0x80 : b);
    } while (u !== 0n);
  }
  zv(v: number | bigint): void {
    const x = BigInt(v);
    this.uv(BigInt.asUintN(64, (x << 1n) ^ (x >> 63n)));
  }
  /** Defines `s` (an EV_STR record) unless it has an id already. */
  intern(s: string): void {
    if (s === '' || this.ids.has(s)) return;
    const id = this.ids.size + 1;
    this.ids.set(s, id);
    this.record('STR', { id, text: s });
  }
  strId(v: Value): void {
    if (typeof v === 'number') this.uv(v);
    else if (typeof v === 'string') this.uv(v === '' ? 0 : this.ids.get(v)!);
    else throw new Error(`strId of ${String(v)}`);
  }

  /** One record of event `name`: its kind, then `wire`'s values in the schema's field order. */
  record(name: string, wire: Wire): void {
    const ev = schema.events.find((e) => e.name === name);
    if (!ev) throw new Error(`no event ${name} in the schema`);
    // 'if': one condition, or several joined by '&' (all must hold); '!' negates one.
    const holds = (cond: string): boolean => {
      const neg = cond.startsWith('!');
      const what = neg ? cond.slice(1) : cond;
      const bit = schema.flags.find((g) => g.name === ev.flags)?.bits.find((b) => b.name === what);
      const on = bit ? ((wire.flags as number) & bit.value) !== 0 : Boolean(wire[what]);
      return neg ? !on : on;
    };
    const present = (f: SchemaField): boolean => !f.if || f.if.split('&').every(holds);
    // The strings a record refers to are defined before it (as TraceWriter.intern() does).
    for (const f of ev.fields) {
      if (!present(f)) continue;
      if (f.type === 'strId' && typeof wire[f.name] === 'string') this.intern(wire[f.name] as string);
      if (f.type === 'logfArgs') {
        placeholders(wire.template as string).forEach((t, i) => {
          const a = (wire.args as Value[])[i]!;
          if (t === 'strId' && typeof a === 'string') this.intern(a);
        });
      }
    }
    this.u8(ev.id);
    this.fields(ev.fields, wire, present);
  }

  private fields(fields: SchemaField[], wire: Wire | Record<string, unknown>, present: (f: SchemaField) => boolean): void {
    for (const f of fields) {
      if (f.type === 'flag' || !present(f)) continue;
      if (!(f.name in wire)) throw new Error(`no value for field ${f.name}`);
      const v = wire[f.name] as Value;
      switch (f.type) {
        case 'u8':
          this.u8(typeof v === 'boolean' ? Number(v) : (v as number));
          break;
        case 'u32':
        case 'i32':
          this.u32(v as number);
          break;
        case 'u64':
        case 'i64':
          this.u64(v as bigint);
          break;
        case 'str':
          this.str(v as string);
          break;
        case 'bytes':
          this.bytesField(v as Uint8Array);
          break;
        case 'raw':
          this.raw(v as Uint8Array);
          break;
        case 'uv':
          this.uv(v as number | bigint);
          break;
        case 'zv':
          this.zv(v as number | bigint);
          break;
        case 'strId':
          this.strId(v);
          break;
        case 'array': {
          const st = schema.structs.find((s) => s.name === f.of)!;
          const items = v as Record<string, unknown>[];
          this.u32(items.length);
          for (const item of items) this.fields(st.fields, item, () => true);
          break;
        }
        case 'logfArgs':
          placeholders(wire.template as string).forEach((t, i) => {
            const a = (v as Value[])[i]!;
            if (t === 'strId') this.strId(a);
            else if (t === 'uv') this.uv(a as number | bigint);
            else this.zv(a as number | bigint);
          });
          break;
        default:
          throw new Error(`wire type ${f.type} of ${f.name} is not known to this test`);
      }
    }
  }
}

/** The wire types of a template's arguments, by the schema's placeholders. */
function placeholders(template: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < template.length - 1; i++) {
    if (template[i] !== '%') continue;
    const c = template[++i]!;
    if (c === '%') continue;
    out.push(schema.logf.placeholders.find((p) => p.char === c)!.type);
  }
  return out;
}

interface RoundTrip {
  /** Records written in order: [event name, field values]. */
  records: [string, Wire][];
  options?: DecodeOptions;
  expected: TraceEvent[];
}

const b = (...v: number[]) => Uint8Array.from(v);
const BIG = 0xfedcba9876543210n;

/** One round trip per event kind of the schema, keyed by its name. */
const cases: Record<string, RoundTrip[]> = {
  LOG: [
    {
      records: [['LOG', { level: S.LOG_WRN, line: '<wrn> llext: héllo' }]],
      expected: [{ kind: 'log', level: 2, line: '<wrn> llext: héllo' }],
    },
  ],
  STEP: [
    {
      records: [['STEP', { ext: 'ext', fn: 'llext_load', title: 'Load' }]],
      expected: [{ kind: 'step', ext: 'ext', fn: 'llext_load', title: 'Load' }],
    },
  ],
  HEAP_INIT: [
    {
      records: [['HEAP_INIT', { heap: 1, name: 'llext_heap', base: 0x20001000n, size: BIG, hdr: 8, ok: 1 }]],
      expected: [{ kind: 'heapInit', heap: 1, name: 'llext_heap', base: 0x20001000n, size: BIG, hdr: 8, ok: true }],
    },
  ],
  HEAP_ALLOC: [
    {
      records: [
        ['HEAP_ALLOC', { heap: 0, purpose: 'ext', align: 8n, bytes: 100n, offset: 16n }],
        ['HEAP_ALLOC', { heap: S.HEAP_NONE, purpose: 'text', align: 4n, bytes: BIG, offset: -12n }],
      ],
      expected: [
        { kind: 'heapAlloc', heap: 0, purpose: 'ext', align: 8n, bytes: 100n, offset: 16n },
        { kind: 'heapAlloc', heap: 255, purpose: 'text', align: 4n, bytes: BIG, offset: -12n },
      ],
    },
  ],
  HEAP_FREE: [
    {
      records: [['HEAP_FREE', { heap: 2, purpose: 'data', offset: 0x7fffffffffffffffn }]],
      expected: [{ kind: 'heapFree', heap: 2, purpose: 'data', offset: 0x7fffffffffffffffn }],
    },
  ],
  HEAP_UNINIT: [
    {
      records: [['HEAP_UNINIT', { heap: 3 }]],
      expected: [{ kind: 'heapUninit', heap: 3 }],
    },
  ],
  SECTION: [
    {
      records: [
        [
          'SECTION',
          {
            index: 5,
            name: '.text',
            type: 1,
            flags: 6n,
            offset: 0x34n,
            size: 0x100n,
            align: 4n,
            region: -1,
            note: 'n',
            nobits: 0,
            exec: 1,
          },
        ],
      ],
      expected: [
        {
          kind: 'section',
          index: 5,
          name: '.text',
          type: 1,
          flags: 6n,
          offset: 0x34n,
          size: 0x100n,
          align: 4n,
          region: -1,
          note: 'n',
          nobits: false,
          exec: true,
        },
      ],
    },
  ],
  REGION: [
    {
      records: [
        [
          'REGION',
          {
            region: 0,
            name: 'TEXT',
            heap: -1,
            addr: BIG,
            memSize: 12n,
            allocSize: 16n,
            align: 8n,
            prepad: 4n,
            inPlace: 1,
            fileOffset: 0x40n,
          },
        ],
      ],
      expected: [
        {
          kind: 'region',
          region: 0,
          name: 'TEXT',
          heap: -1,
          addr: BIG,
          memSize: 12n,
          allocSize: 16n,
          align: 8n,
          prepad: 4n,
          inPlace: true,
          fileOffset: 0x40n,
        },
      ],
    },
  ],
  PLACE: [
    {
      records: [['PLACE', { section: 7, name: '.bss', region: 3, addr: 0x1000n, size: 0x20n, nobits: 1 }]],
      expected: [{ kind: 'place', section: 7, name: '.bss', region: 3, addr: 0x1000n, size: 0x20n, nobits: true }],
    },
  ],
  SYMBOL: [
    {
      records: [
        ['SYMBOL', { table: S.SYMTAB_SYM, name: 'main', addr: 0x100n }],
        ['SYMBOL', { table: S.SYMTAB_EXP, name: 'api', addr: BIG }],
      ],
      expected: [
        { kind: 'symbol', table: 'sym_tab', name: 'main', addr: 0x100n },
        { kind: 'symbol', table: 'exp_tab', name: 'api', addr: BIG },
      ],
    },
  ],
  SYMTAB: [
    {
      // Names by offset + 1 into the strings (0: no name); non-ASCII names decode as UTF-8.
      // Each entry's name and address are differences from the previous entry's (2, 0, 7, 4
      // and 0x100, 4, BIG, 0 here), the address's modulo 2^64.
      records: [
        [
          'SYMTAB',
          {
            strings: new TextEncoder().encode('\0main\0caf\u00e9\0'),
            entries: [
              { name: 2, addr: 0x100n },
              { name: -2, addr: 4n - 0x100n },
              { name: 7, addr: BigInt.asIntN(64, BIG - 4n) },
              { name: -3, addr: BigInt.asIntN(64, -BIG) },
            ],
          },
        ],
      ],
      expected: [
        { kind: 'symbol', table: 'sym_tab', name: 'main', addr: 0x100n },
        { kind: 'symbol', table: 'sym_tab', name: '', addr: 4n },
        { kind: 'symbol', table: 'sym_tab', name: 'caf\u00e9', addr: BIG },
        { kind: 'symbol', table: 'sym_tab', name: 'in', addr: 0n },
      ],
    },
    {
      records: [['SYMTAB', { strings: new TextEncoder().encode('\0a\0'), entries: [{ name: 2, addr: 1n }] }]],
      options: { symbols: 'exports' },
      expected: [],
    },
  ],
  LOOKUP: [
    {
      records: [
        ['LOOKUP', { name: 'printk', symIndex: 3, flags: 0, source: S.SRC_BUILTIN, provider: '', addr: 0x12345n }],
        [
          'LOOKUP',
          {
            name: 'gone',
            symIndex: 300,
            flags: S.LOOKUP_BY_SLID | S.LOOKUP_HAS_SLID | S.LOOKUP_FAILED,
            slid: BIG,
            source: S.SRC_MISSING,
            provider: 'other',
            addr: 0n,
            ret: -2,
          },
        ],
        ['LOOKUP', { name: '.text', symIndex: 1, flags: 0, source: S.SRC_SECTION, provider: '', addr: 0x20000000n }],
        ['LOOKUP', { name: 'f', symIndex: 2, flags: 0, source: S.SRC_OWN, provider: 'ext', addr: 8n }],
      ],
      expected: [
        { kind: 'lookup', name: 'printk', symIndex: 3, bySlid: false, slid: 0n, source: 'builtin', provider: '', addr: 0x12345n, ret: 0 },
        { kind: 'lookup', name: 'gone', symIndex: 300, bySlid: true, slid: BIG, source: 'missing', provider: 'other', addr: 0n, ret: -2 },
        { kind: 'lookup', name: '.text', symIndex: 1, bySlid: false, slid: 0n, source: 'section', provider: '', addr: 0x20000000n, ret: 0 },
        { kind: 'lookup', name: 'f', symIndex: 2, bySlid: false, slid: 0n, source: 'own', provider: 'ext', addr: 8n, ret: 0 },
      ],
    },
    {
      // Only imports (LookupSource values marked import) are kept; the others are skipped whole.
      records: [
        ['LOOKUP', { name: '.text', symIndex: 1, flags: S.LOOKUP_FAILED, source: S.SRC_SECTION, provider: '', addr: 0x20000000n, ret: -8 }],
        ['LOOKUP', { name: 'x', symIndex: 0, flags: 0, source: S.SRC_NONE, provider: '', addr: 0n }],
        ['LOOKUP', { name: 'api', symIndex: 9, flags: 0, source: S.SRC_EXTENSION, provider: 'lib', addr: 0x40n }],
      ],
      options: { lookups: 'imports' },
      expected: [
        { kind: 'lookup', name: 'api', symIndex: 9, bySlid: false, slid: 0n, source: 'extension', provider: 'lib', addr: 0x40n, ret: 0 },
      ],
    },
  ],
  RELOC: [
    {
      // The first record: index 0 (previous -1), P from 0. The second: index 5, P 8 below.
      records: [
        [
          'RELOC',
          {
            flags: S.RELOC_WRITTEN | S.RELOC_ABI_SAME,
            relSection: 2,
            target: 1,
            index: 0,
            offset: 4n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: 'printk',
            S: 0x12345n,
            A: -4n,
            P: 0x20000004n,
            value: 0n,
            abiValue: 0n,
            width: 4,
            before: b(0xfc, 0xff, 0xff, 0xff),
            after: b(0x41, 0x23, 0x01, 0x00),
            rangeMin: -0x80000000n,
            rangeMax: 0xffffffffn,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_RET | S.RELOC_ABI_RET | S.RELOC_QUIRK | S.RELOC_HINT | S.RELOC_RANGE_FAILED,
            relSection: 2,
            target: 1,
            index: 4,
            offset: BIG,
            type: 10,
            typeName: 'R_ARM_THM_CALL',
            symbol: 'far',
            S: 0xffffffffffffff00n,
            A: 0n,
            P: -8n,
            value: 0x100n,
            abiValue: -1n,
            width: 2,
            before: b(1, 2),
            after: b(1, 2),
            abiAfter: b(3, 4),
            ret: -22,
            abiRet: -34,
            quirk: 'zephyr-quirk',
            hint: 'a hint',
            rangeMin: -4194304n,
            rangeMax: 4194303n,
          },
        ],
      ],
      expected: [
        {
          kind: 'reloc',
          relSection: 2,
          target: 1,
          index: 0,
          offset: 4n,
          type: 2,
          typeName: 'R_ARM_ABS32',
          symbol: 'printk',
          S: 0x12345n,
          A: -4n,
          P: 0x20000004n,
          value: 0x12341n,
          abiValue: 0x12341n,
          before: b(0xfc, 0xff, 0xff, 0xff),
          after: b(0x41, 0x23, 0x01, 0x00),
          abiAfter: b(0x41, 0x23, 0x01, 0x00),
          ret: 0,
          abiRet: 0,
          written: true,
          quirk: '',
          hint: '',
          rangeFailed: false,
          rangeMin: -0x80000000n,
          rangeMax: 0xffffffffn,
        },
        {
          kind: 'reloc',
          relSection: 2,
          target: 1,
          index: 5,
          offset: BIG,
          type: 10,
          typeName: 'R_ARM_THM_CALL',
          symbol: 'far',
          S: 0xffffffffffffff00n,
          A: 0n,
          P: 0x1ffffffcn,
          value: 0n,
          abiValue: 0xffffffffffffffffn,
          before: b(1, 2),
          after: b(1, 2),
          abiAfter: b(3, 4),
          ret: -22,
          abiRet: -34,
          written: false,
          quirk: 'zephyr-quirk',
          hint: 'a hint',
          rangeFailed: true,
          rangeMin: -4194304n,
          rangeMax: 4194303n,
        },
      ],
    },
    {
      // Relocations without a quirk are skipped, but their index and P deltas still count.
      records: [
        [
          'RELOC',
          {
            flags: S.RELOC_RET | S.RELOC_ABI_RET | S.RELOC_HINT,
            relSection: 3,
            target: 1,
            index: 9,
            offset: 0n,
            type: 1,
            typeName: 'R_X',
            symbol: 'a',
            S: 0n,
            A: 0n,
            P: 0x1000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            abiAfter: b(2),
            ret: -1,
            abiRet: -2,
            hint: 'h',
            rangeMin: 0n,
            rangeMax: 0n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_QUIRK | S.RELOC_ABI_SAME,
            relSection: 3,
            target: 1,
            index: 0,
            offset: 8n,
            type: 1,
            typeName: 'R_X',
            symbol: 'b',
            S: 0x10n,
            A: 1n,
            P: 0x10n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(0x11),
            quirk: 'q',
            rangeMin: 0n,
            rangeMax: 255n,
          },
        ],
      ],
      options: { relocations: 'quirks' },
      expected: [
        {
          kind: 'reloc',
          relSection: 3,
          target: 1,
          index: 10,
          offset: 8n,
          type: 1,
          typeName: 'R_X',
          symbol: 'b',
          S: 0x10n,
          A: 1n,
          P: 0x1010n,
          value: 0x11n,
          abiValue: 0x11n,
          before: b(0),
          after: b(0x11),
          abiAfter: b(0x11),
          ret: 0,
          abiRet: 0,
          written: false,
          quirk: 'q',
          hint: '',
          rangeFailed: false,
          rangeMin: 0n,
          rangeMax: 255n,
        },
      ],
    },
    {
      // A record with a folded lookup decodes to the lookup, then the relocation; with
      // relocations 'quirks' and lookups 'imports' only the lookup of an import is kept.
      records: [
        [
          'RELOC',
          {
            flags: S.RELOC_WRITTEN | S.RELOC_ABI_SAME | S.RELOC_LOOKUP,
            relSection: 4,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: 'printk',
            S: 0x1001n,
            A: 0n,
            P: 0x20000000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            rangeMin: 0n,
            rangeMax: 255n,
            lookupSymIndex: 7,
            lookupFlags: 0,
            lookupSource: S.SRC_BUILTIN,
            lookupProvider: '',
            lookupAddr: 0n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_WRITTEN | S.RELOC_ABI_SAME | S.RELOC_LOOKUP,
            relSection: 4,
            target: 2,
            index: 0,
            offset: 4n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: '.text',
            S: 0x20000100n,
            A: 0n,
            P: 4n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(2),
            rangeMin: 0n,
            rangeMax: 255n,
            lookupSymIndex: 1,
            lookupFlags: 0,
            lookupSource: S.SRC_SECTION,
            lookupProvider: '',
            lookupAddr: -0x100n,
          },
        ],
      ],
      options: { relocations: 'quirks', lookups: 'imports' },
      expected: [
        { kind: 'lookup', name: 'printk', symIndex: 7, bySlid: false, slid: 0n, source: 'builtin', provider: '', addr: 0x1001n, ret: 0 },
      ],
    },
    {
      // SLOT: symbol, S and lookup as last held for the symbol index (printk, 7); SYMBOL_SAME
      // with LOOKUP_SAME then repeats the slot's, and the record after a slot's holds its own.
      records: [
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_LOOKUP,
            relSection: 4,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: 'printk',
            S: 0x1001n,
            lookupSymIndex: 7,
            lookupFlags: 0,
            lookupSource: S.SRC_BUILTIN,
            lookupProvider: '',
            lookupAddr: 0n,
            A: 0n,
            P: 0x20000000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            rangeMin: 0n,
            rangeMax: 255n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_LOOKUP,
            relSection: 4,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: '.text',
            S: 0x20000100n,
            lookupSymIndex: 1,
            lookupFlags: 0,
            lookupSource: S.SRC_SECTION,
            lookupProvider: '',
            lookupAddr: 0n,
            A: 0n,
            P: 0x20000000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            rangeMin: 0n,
            rangeMax: 255n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_LOOKUP | S.RELOC_SLOT,
            relSection: 4,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            slot: 7,
            A: 0n,
            P: 0x20000000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            rangeMin: 0n,
            rangeMax: 255n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_LOOKUP | S.RELOC_SYMBOL_SAME | S.RELOC_LOOKUP_SAME | S.RELOC_QUIRK,
            quirk: 'after the slot',
            relSection: 4,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            A: 0n,
            P: 0x20000000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            rangeMin: 0n,
            rangeMax: 255n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_LOOKUP | S.RELOC_SLOT | S.RELOC_QUIRK,
            quirk: 'slot 1',
            relSection: 4,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            slot: 1,
            A: 0n,
            P: 0x20000000n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(1),
            rangeMin: 0n,
            rangeMax: 255n,
          },
        ],
      ],
      options: { relocations: 'quirks' },
      expected: [
        { kind: 'lookup', name: 'printk', symIndex: 7, bySlid: false, slid: 0n, source: 'builtin', provider: '', addr: 0x1001n, ret: 0 },
        { kind: 'lookup', name: '.text', symIndex: 1, bySlid: false, slid: 0n, source: 'section', provider: '', addr: 0x20000100n, ret: 0 },
        { kind: 'lookup', name: 'printk', symIndex: 7, bySlid: false, slid: 0n, source: 'builtin', provider: '', addr: 0x1001n, ret: 0 },
        { kind: 'lookup', name: 'printk', symIndex: 7, bySlid: false, slid: 0n, source: 'builtin', provider: '', addr: 0x1001n, ret: 0 },
        // The records the quirks mode keeps: their symbol and S come from the slot.
        expect.objectContaining({ kind: 'reloc', index: 3, symbol: 'printk', S: 0x1001n, quirk: 'after the slot' }),
        { kind: 'lookup', name: '.text', symIndex: 1, bySlid: false, slid: 0n, source: 'section', provider: '', addr: 0x20000100n, ret: 0 },
        expect.objectContaining({ kind: 'reloc', index: 4, symbol: '.text', S: 0x20000100n, quirk: 'slot 1' }),
      ],
    },
    {
      records: [
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_LOOKUP,
            relSection: 4,
            target: 2,
            index: 0,
            offset: 4n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: 'api',
            S: 0x20000100n,
            A: 0n,
            P: 0x20000004n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(2),
            rangeMin: 0n,
            rangeMax: 255n,
            lookupSymIndex: 3,
            lookupFlags: S.LOOKUP_BY_SLID,
            lookupSource: S.SRC_EXTENSION,
            lookupProvider: 'lib',
            lookupAddr: 0n,
          },
        ],
      ],
      expected: [
        {
          kind: 'lookup',
          name: 'api',
          symIndex: 3,
          bySlid: true,
          slid: 0n,
          source: 'extension',
          provider: 'lib',
          addr: 0x20000100n,
          ret: 0,
        },
        {
          kind: 'reloc',
          relSection: 4,
          target: 2,
          index: 0,
          offset: 4n,
          type: 2,
          typeName: 'R_ARM_ABS32',
          symbol: 'api',
          S: 0x20000100n,
          A: 0n,
          P: 0x20000004n,
          value: 0x20000100n,
          abiValue: 0x20000100n,
          before: b(0),
          after: b(2),
          abiAfter: b(2),
          ret: 0,
          abiRet: 0,
          written: false,
          quirk: '',
          hint: '',
          rangeFailed: false,
          rangeMin: 0n,
          rangeMax: 255n,
        },
      ],
    },
    {
      // RANGE_SAME: the range is the previous record's, also across records 'quirks' skips.
      records: [
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME,
            relSection: 1,
            target: 2,
            index: 0,
            offset: 0n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: 's',
            S: 0n,
            A: 0n,
            P: 4n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(0),
            rangeMin: -8n,
            rangeMax: 7n,
          },
        ],
        [
          'RELOC',
          {
            flags: S.RELOC_ABI_SAME | S.RELOC_RANGE_SAME,
            relSection: 1,
            target: 2,
            index: 0,
            offset: 4n,
            type: 2,
            typeName: 'R_ARM_ABS32',
            symbol: 's',
            S: 0n,
            A: 0n,
            P: 4n,
            value: 0n,
            abiValue: 0n,
            width: 1,
            before: b(0),
            after: b(0),
          },
        ],
      ],
      expected: [
        {
          kind: 'reloc',
          relSection: 1,
          target: 2,
          index: 0,
          offset: 0n,
          type: 2,
          typeName: 'R_ARM_ABS32',
          symbol: 's',
          S: 0n,
          A: 0n,
          P: 4n,
          value: 0n,
          abiValue: 0n,
          before: b(0),
          after: b(0),
          abiAfter: b(0),
          ret: 0,
          abiRet: 0,
          written: false,
          quirk: '',
          hint: '',
          rangeFailed: false,
          rangeMin: -8n,
          rangeMax: 7n,
        },
        {
          kind: 'reloc',
          relSection: 1,
          target: 2,
          index: 1,
          offset: 4n,
          type: 2,
          typeName: 'R_ARM_ABS32',
          symbol: 's',
          S: 0n,
          A: 0n,
          P: 8n,
          value: 0n,
          abiValue: 0n,
          before: b(0),
          after: b(0),
          abiAfter: b(0),
          ret: 0,
          abiRet: 0,
          written: false,
          quirk: '',
          hint: '',
          rangeFailed: false,
          rangeMin: -8n,
          rangeMax: 7n,
        },
      ],
    },
  ],
  DIAG: [
    {
      records: [
        ['DIAG', { severity: S.SEV_INFO, code: 'a', text: 'A' }],
        ['DIAG', { severity: S.SEV_WARNING, code: 'b', text: 'B' }],
        ['DIAG', { severity: S.SEV_ERROR, code: 'c', text: 'C' }],
      ],
      expected: [
        { kind: 'diag', severity: 'info', code: 'a', text: 'A' },
        { kind: 'diag', severity: 'warning', code: 'b', text: 'B' },
        { kind: 'diag', severity: 'error', code: 'c', text: 'C' },
      ],
    },
  ],
  RESULT: [
    {
      records: [['RESULT', { action: 'load', ext: 'ext', ret: -12 }]],
      expected: [{ kind: 'result', action: 'load', ext: 'ext', ret: -12 }],
    },
  ],
  EXT_NAME: [
    {
      records: [['EXT_NAME', { ext: 'r_counter_jumpt', full: 'r_counter_jumptable', max: 15 }]],
      expected: [{ kind: 'extName', ext: 'r_counter_jumpt', full: 'r_counter_jumptable', max: 15 }],
    },
  ],
  DEPENDENCY: [
    {
      records: [['DEPENDENCY', { ext: 'app', provider: 'lib' }]],
      expected: [{ kind: 'dependency', ext: 'app', provider: 'lib' }],
    },
  ],
  IMAGE: [
    {
      records: [
        ['IMAGE', { ext: 'e', section: 1, name: '.text', addr: 0x100n, bytes: b(1, 2, 3), same: 1 }],
        ['IMAGE', { ext: 'e', section: S.IMAGE_VENEER_SECTION, name: 'LLEXT_MEM_VENEER', addr: BIG, bytes: b(4), same: 0, abiBytes: b(5) }],
      ],
      expected: [
        { kind: 'image', ext: 'e', section: 1, name: '.text', addr: 0x100n, bytes: b(1, 2, 3), abiBytes: b(1, 2, 3) },
        { kind: 'image', ext: 'e', section: 0xffffffff, name: 'LLEXT_MEM_VENEER', addr: BIG, bytes: b(4), abiBytes: b(5) },
      ],
    },
  ],
  HEAP_STATE: [
    {
      records: [
        [
          'HEAP_STATE',
          {
            heap: 1,
            used: 48n,
            free: 976n,
            largest: 900n,
            chunks: [
              { offset: 0n, units: 2, used: 1, bucket: 0 },
              { offset: 16n, units: 120, used: 0, bucket: -1 },
            ],
          },
        ],
      ],
      expected: [
        {
          kind: 'heapState',
          heap: 1,
          used: 48n,
          free: 976n,
          largest: 900n,
          chunks: [
            { offset: 0n, units: 2, used: true, bucket: 0 },
            { offset: 16n, units: 120, used: false, bucket: -1 },
          ],
        },
      ],
    },
  ],
  CALL: [
    {
      records: [['CALL', { ext: 'e', what: 'bringup', index: 2, addr: 0x101n, ret: -14 }]],
      expected: [{ kind: 'call', ext: 'e', what: 'bringup', index: 2, addr: 0x101n, ret: -14 }],
    },
  ],
  INFO: [
    {
      records: [['INFO', { key: 'board', value: 'nrf52840dk' }]],
      expected: [{ kind: 'info', key: 'board', value: 'nrf52840dk' }],
    },
  ],
  ACTION: [
    {
      records: [['ACTION', { index: 4, text: 'load ext 0' }]],
      expected: [{ kind: 'action', index: 4, text: 'load ext 0' }],
    },
  ],
  RUN: [
    {
      records: [['RUN', { ext: 'hello', fn: 'ext_count', args: '2, -1', entry: 0x20001235n }]],
      expected: [{ kind: 'run', ext: 'hello', fn: 'ext_count', args: '2, -1', entry: 0x20001235n }],
    },
  ],
  REGION_INFO: [
    {
      records: [
        [
          'REGION_INFO',
          {
            ext: 'e',
            region: 2,
            name: 'RODATA',
            type: 1,
            flags: 0x10002n,
            shAddr: 0n,
            shOffset: 0x40n,
            shSize: 32n,
            shAlign: 16n,
            shInfo: 4n,
            addr: 0x20008204n,
            size: 28n,
          },
        ],
      ],
      expected: [
        {
          kind: 'regionInfo',
          ext: 'e',
          region: 2,
          name: 'RODATA',
          type: 1,
          flags: 0x10002n,
          shAddr: 0n,
          shOffset: 0x40n,
          shSize: 32n,
          shAlign: 16n,
          shInfo: 4n,
          addr: 0x20008204n,
          size: 28n,
        },
      ],
    },
  ],
  SECTION_INFO: [
    {
      records: [
        ['SECTION_INFO', { ext: 'e', shndx: 4, name: '.rodata.tab', ret: 0, region: 2, offset: 12n }],
        ['SECTION_INFO', { ext: 'e', shndx: 5, name: '.rel.text', ret: -134, region: -1, offset: 0n }],
      ],
      expected: [
        { kind: 'sectionInfo', ext: 'e', shndx: 4, name: '.rodata.tab', ret: 0, region: 2, offset: 12n },
        { kind: 'sectionInfo', ext: 'e', shndx: 5, name: '.rel.text', ret: -134, region: -1, offset: 0n },
      ],
    },
  ],
  CONSOLE: [
    {
      records: [['CONSOLE', { text: 'hello world\n' }]],
      expected: [{ kind: 'console', text: 'hello world\n' }],
    },
  ],
  RUN_END: [
    {
      records: [
        [
          'RUN_END',
          {
            ret: 3n,
            instructions: 120n,
            fault: 2,
            pc: 0x20001000n,
            addr: 0x20001000n,
            text: '***** MPU FAULT *****\n',
            detail: 'the heap is not executable',
            regs: [
              { name: 'r0', value: 1n },
              { name: 'pc', value: 0x20001000n },
            ],
          },
        ],
      ],
      expected: [
        {
          kind: 'runEnd',
          ret: 3n,
          instructions: 120n,
          fault: 'no-execute',
          pc: 0x20001000n,
          addr: 0x20001000n,
          text: '***** MPU FAULT *****\n',
          detail: 'the heap is not executable',
          regs: [
            { name: 'r0', value: 1n },
            { name: 'pc', value: 0x20001000n },
          ],
        },
      ],
    },
  ],
  HEAP_BLOCKS: [
    {
      records: [['HEAP_BLOCKS', { heap: 0, blockSize: 4096, blocks: 16 }]],
      expected: [{ kind: 'heapBlocks', heap: 0, blockSize: 4096, blocks: 16 }],
    },
  ],
  STR: [
    {
      // A definition is no event; the strIds after it read its text (id 0 is the empty string).
      records: [
        ['STR', { id: 7, text: 'seven' }],
        ['LOOKUP', { name: 7, symIndex: 1, flags: 0, source: S.SRC_BUILTIN, provider: 0, addr: 1n }],
      ],
      expected: [
        { kind: 'lookup', name: 'seven', symIndex: 1, bySlid: false, slid: 0n, source: 'builtin', provider: '', addr: 1n, ret: 0 },
      ],
    },
  ],
  LOGF: [
    {
      records: [
        ['LOGF', { level: S.LOG_DBG, fn: 'llext_lookup_symbol', template: 'found symbol %s at %x', args: ['printk', 0x12345] }],
        ['LOGF', { level: S.LOG_INF, fn: '', template: 'p %p %p x %x d %d u %u 100%%', args: [0, 0x20, 0, -5, 2n ** 64n - 1n] }],
        ['LOGF', { level: S.LOG_ERR, fn: 'f', template: '%s', args: ['bad'] }],
      ],
      expected: [
        { kind: 'log', level: 4, line: '<dbg> llext: llext_lookup_symbol: found symbol printk at 0x12345' },
        { kind: 'log', level: 3, line: '<inf> llext: p (nil) 0x20 x 0x0 d -5 u 18446744073709551615 100%' },
        { kind: 'log', level: 1, line: '<err> llext: bad' },
      ],
    },
  ],
};

describe('the trace schema', () => {
  it('generated files are up to date (run node scripts/gen-trace-schema.mjs)', async () => {
    const url = pathToFileURL(join(root, 'scripts', 'gen-trace-schema.mjs')).href;
    const gen = (await import(url)) as { generateTraceSchema: () => Record<string, string> };
    for (const [path, text] of Object.entries(gen.generateTraceSchema())) {
      expect(readFileSync(join(root, path), 'utf8'), path).toBe(text);
    }
  });

  it('has a round-trip case for every event kind, and none for a kind it does not list', () => {
    expect(Object.keys(cases).sort()).toEqual(schema.events.map((e) => e.name).sort());
  });

  for (const ev of schema.events) {
    it(`EV_${ev.name} decodes to the values written`, () => {
      const list = cases[ev.name];
      expect(list, `no round-trip case for EV_${ev.name}`).toBeDefined();
      for (const c of list!) {
        const t = new TraceBytes();
        for (const [name, wire] of c.records) t.record(name, wire);
        expect(decodeTrace(t.bytes, c.options)).toEqual(c.expected);
      }
    });
  }

  it('rejects an event kind it does not list', () => {
    const unused = [...Array(256).keys()].find((k) => k > 0 && !schema.events.some((e) => e.id === k))!;
    expect(() => decodeTrace(Uint8Array.of(unused))).toThrow(`unknown event kind ${unused}`);
  });
});
