// sys_heap model (wasm-core/assembly/heap/sysheap.ts) through the heapRun /
// heapRunConfig exports. Expected values are the worked examples and vectors
// computed by hand from docs/zephyr-heap.md, its capacity formula, and a differential
// comparison with heap-reference.ts (headers kept in a byte buffer).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freshInstance, type EngineInstance } from '../src/wasm.js';
import { RefHeap, type RefConfig } from './heap-reference.js';

interface OpResult {
  op: string;
  offset?: number | null;
  noop?: string;
}
interface FreeEntry {
  chunk: number;
  units: number;
  bucket: number;
}
interface ChunkEntry {
  chunk: number;
  offset: number;
  units: number;
  used: boolean;
}
interface HeapInfo {
  size: number;
  base: string;
  bits: number;
  big: boolean;
  hdr: number;
  chunk0Units: number;
  endChunk: number;
  structSize?: number;
  loops?: number;
  trailer?: number;
  clamp?: boolean;
  usedBytes?: number;
  freeBytes?: number;
  largestFreeBytes?: number;
}
interface RunResult {
  ops: OpResult[];
  free: FreeEntry[];
  heap: HeapInfo;
  chunks?: ChunkEntry[];
  error?: string;
}

const MODE = { auto: 0, small: 1, big: 2 } as const;
interface Config {
  ptrSize?: 4 | 8;
  mode?: keyof typeof MODE;
  structSize?: number;
  loops?: number;
  trailer?: number;
  clamp?: boolean;
}

let e: EngineInstance;
beforeAll(async () => {
  e = await freshInstance();
});

function run(size: number, base: number | bigint, bits: number, ops: string): RunResult {
  return JSON.parse(e.heapRun(BigInt(size), BigInt(base), bits, ops)) as RunResult;
}
function runCfg(size: number, base: number | bigint, cfg: Config, ops: string): RunResult {
  return JSON.parse(
    e.heapRunConfig(
      BigInt(size),
      BigInt(base),
      cfg.ptrSize ?? 4,
      MODE[cfg.mode ?? 'auto'],
      cfg.structSize ?? 16,
      cfg.loops ?? 3,
      cfg.trailer ?? 0,
      cfg.clamp ?? true,
      ops,
    ),
  ) as RunResult;
}
const offsets = (r: RunResult) => r.ops.map((o) => o.offset);
const fl = (...t: [number, number, number][]) => t.map(([chunk, units, bucket]) => ({ chunk, units, bucket }));
/** The chunk that holds the block returned at buffer offset `off` (mem_to_chunkid). */
function chunkAt(r: RunResult, base: number, off: number): ChunkEntry | undefined {
  const id = Math.floor((off - r.heap.hdr - (Math.ceil(base / 8) * 8 - base)) / 8);
  return r.chunks!.find((c) => c.chunk === id);
}

describe('init and byte map', () => {
  it('16 KiB, 32-bit small, S=16: chunk0 8 u, one free chunk 8 of 2039 u in bucket 10', () => {
    const r = run(16384, 0, 32, '');
    expect(r.heap).toEqual({ size: 16384, base: '0x0', bits: 32, big: false, hdr: 4, chunk0Units: 8, endChunk: 2047 });
    expect(r.free).toEqual(fl([8, 2039, 10]));
    expect(r.ops).toEqual([]);
  });
  it('footer from the untrimmed size, header from the trimmed one (N = 262144 on 32-bit AUTO)', () => {
    // N/8 = 32768 > 0x7fff: 8-byte footer, heap_sz = 32767 units: still small.
    const r = run(262144, 0, 32, 'a1');
    expect(r.heap.endChunk).toBe(32767);
    expect(r.heap.big).toBe(false);
    expect(r.heap.hdr).toBe(4);
    // N = 262152: heap_sz = 32768 -> big, 8-byte headers, 2-unit minimum.
    const b = run(262152, 0, 32, 'a1');
    expect(b.heap.endChunk).toBe(32768);
    expect(b.heap.big).toBe(true);
    expect(b.heap.hdr).toBe(8);
    // nb = bidx(32768)+1 = 31-clz(32767)+1 = 15 buckets: chunk0 = ceil((16+60)/8) = 10.
    expect(b.heap.chunk0Units).toBe(10);
    expect(b.ops[0].offset).toBe(88);
  });
  it('unaligned base: addr = ROUND_UP(base, 8), offsets counted from the buffer start', () => {
    // base 3: addr 8, end = ROUND_DOWN(3 + 16384 - 4, 8) = 16376, heap_sz = 2046.
    const r = run(16384, 3, 32, 'a100');
    expect(r.heap.endChunk).toBe(2046);
    expect(r.heap.base).toBe('0x3');
    expect(r.ops[0].offset).toBe(5 + 68);
    expect(r.free).toEqual(fl([21, 2025, 10]));
  });
  it('BIG_ONLY on 32-bit uses 8-byte headers like 64-bit (example B offsets)', () => {
    const r = runCfg(16384, 0, { mode: 'big' }, 'a100@4 a1000@64 f0');
    expect(r.heap.big).toBe(true);
    expect(offsets(r)).toEqual([72, 192, undefined]);
  });
});

describe('example A: 16 KiB, 32-bit small, base ≡ 0 mod 64', () => {
  it('step 1: alloc(100) -> 68, chunk 8 of 13 u, remainder 21 in bucket 10', () => {
    const r = runCfg(16384, 0, {}, 'a100@4');
    expect(offsets(r)).toEqual([68]);
    expect(chunkAt(r, 0, 68)).toEqual({ chunk: 8, offset: 64, units: 13, used: true });
    expect(r.free).toEqual(fl([21, 2026, 10]));
  });
  it('step 2: aligned_alloc(64, 1000) -> 192, chunk 23 of 126 u, prefix 21 (2 u) in b1', () => {
    const r = runCfg(16384, 0, {}, 'a100@4 a1000@64');
    expect(offsets(r)).toEqual([68, 192]);
    expect(chunkAt(r, 0, 192)).toEqual({ chunk: 23, offset: 184, units: 126, used: true });
    expect(r.free).toEqual(fl([21, 2, 1], [149, 1898, 10]));
  });
  it('step 3: free(68) merges the prefix; final free lists b3 = [8 (15 u)], b10 = [149]', () => {
    const r = runCfg(16384, 0, {}, 'a100@4 a1000@64 f0');
    expect(r.ops[2]).toEqual({ op: 'f0' });
    expect(r.free).toEqual(fl([8, 15, 3], [149, 1898, 10]));
    expect(r.chunks).toEqual([
      { chunk: 8, offset: 64, units: 15, used: false },
      { chunk: 23, offset: 184, units: 126, used: true },
      { chunk: 149, offset: 1192, units: 1898, used: false },
    ]);
    expect(r.heap.usedBytes).toBe(1008);
    expect(r.heap.freeBytes).toBe((15 + 1898) * 8);
    expect(r.heap.largestFreeBytes).toBe(1898 * 8 - 4);
  });
  it('k_heap_alloc(100) (a100) is the same plain path as aligned_alloc(4, 100)', () => {
    const plain = run(16384, 0, 32, 'a100 a1000@64 f0'),
      explicit = run(16384, 0, 32, 'a100@4 a1000@64 f0');
    expect(offsets(plain)).toEqual(offsets(explicit));
    expect(plain.free).toEqual(explicit.free);
  });
  it('step 2 offset depends on base mod 64: 192,184,176,232,224,216,208,200', () => {
    const expected = [192, 184, 176, 232, 224, 216, 208, 200];
    for (let k = 0; k < 8; k++) {
      for (const high of [0, 0x20000000, 0x2000_1000 - 64]) {
        const base = high + 8 * k;
        expect(run(16384, base, 32, 'a100 a1000@64').ops[1].offset, `base ${base}`).toBe(expected[k]);
      }
    }
  });
  it('base ≡ 32 mod 64: offset 224, prefix chunk 21 of 6 u in bucket 2, used chunk 27 of 126 u', () => {
    const r = runCfg(16384, 32, {}, 'a100 a1000@64');
    expect(offsets(r)).toEqual([68, 224]);
    expect(chunkAt(r, 32, 224)).toEqual({ chunk: 27, offset: 216, units: 126, used: true });
    expect(r.free).toEqual(fl([21, 6, 2], [153, 1894, 10]));
  });
});

describe('example B: same sequence on 64-bit (big heap)', () => {
  it('init: chunk0 8, 2047 units, 8-byte header', () => {
    const r = run(16384, 0, 64, '');
    expect(r.heap).toEqual({ size: 16384, base: '0x0', bits: 64, big: true, hdr: 8, chunk0Units: 8, endChunk: 2047 });
  });
  it('alloc(100) -> 72 (14 u); aligned(64,1000) -> 192, 1-unit prefix 22 unlisted', () => {
    const r = runCfg(16384, 0, { ptrSize: 8 }, 'a100@4 a1000@64');
    expect(offsets(r)).toEqual([72, 192]);
    expect(r.chunks).toEqual([
      { chunk: 8, offset: 64, units: 14, used: true },
      { chunk: 22, offset: 176, units: 1, used: false },
      { chunk: 23, offset: 184, units: 126, used: true },
      { chunk: 149, offset: 1192, units: 1898, used: false },
    ]);
    expect(r.free).toEqual(fl([149, 1898, 10]));
  });
  it('free(72) absorbs the unlisted fragment: same final shape as A', () => {
    const r = run(16384, 0, 64, 'a100 a1000@64 f0');
    expect(offsets(r)).toEqual([72, 192, undefined]);
    expect(r.free).toEqual(fl([8, 15, 3], [149, 1898, 10]));
  });
});

describe('example C: the 3-probe limit and head rotation', () => {
  const setup = 'a60 a4 a60 a4 a60 a4 a116 a4 f0 f2 f4 f6';
  it('placement of the eight blocks', () => {
    const r = runCfg(16384, 0, {}, setup);
    expect(offsets(r).slice(0, 8)).toEqual([68, 132, 140, 204, 212, 276, 284, 404]);
    const before = runCfg(16384, 0, {}, 'a60 a4 a60 a4 a60 a4 a116 a4');
    expect(before.chunks!.map((c) => [c.chunk, c.units, c.used])).toEqual([
      [8, 8, true],
      [16, 1, true],
      [17, 8, true],
      [25, 1, true],
      [26, 8, true],
      [34, 1, true],
      [35, 15, true],
      [50, 1, true],
      [51, 1996, false],
    ]);
    expect(r.free).toEqual(fl([8, 8, 3], [17, 8, 3], [26, 8, 3], [35, 15, 3], [51, 1996, 10]));
  });
  it('alloc(100) misses the 15-unit hole (412), the next one finds it (284)', () => {
    const r = run(16384, 0, 32, setup + ' a100 a100');
    expect(r.ops[12].offset).toBe(412);
    expect(r.ops[13].offset).toBe(284);
    // 35 was removed with the head on it, so the head moved to its successor 8.
    expect(r.free).toEqual(fl([48, 2, 1], [8, 8, 3], [17, 8, 3], [26, 8, 3], [64, 1983, 10]));
  });
  it('with ALLOC_LOOPS = 4 the first alloc(100) already returns 284', () => {
    const r = runCfg(16384, 0, { loops: 4 }, setup + ' a100');
    expect(r.ops[12].offset).toBe(284);
  });
  it('a failing request keeps the rotation (head 35 after alloc(100) fails in bucket 3 with b10 empty)', () => {
    // Fill bucket 10 completely so only bucket 3 is left: 1996 u = 15964 bytes plain.
    const r = run(16384, 0, 32, setup + ' a15964 a100 a100');
    expect(r.ops[12].offset).toBe(412);
    expect(r.ops[13].offset).toBe(null);
    expect(r.ops[14].offset).toBe(284);
  });
});

describe('example D: small-heap align 8 and the rewind form', () => {
  it('aligned_alloc(8, 20) -> 72 in a 4-unit chunk; aligned_alloc(16|4, 24) -> 108', () => {
    const r = runCfg(16384, 0, {}, 'a20@8 a24@20');
    expect(offsets(r)).toEqual([72, 108]);
    expect(chunkAt(r, 0, 72)).toEqual({ chunk: 8, offset: 64, units: 4, used: true });
    expect(chunkAt(r, 0, 108)).toEqual({ chunk: 13, offset: 104, units: 4, used: true });
    expect(r.free).toEqual(fl([12, 1, 0], [17, 2030, 10]));
    expect((108 + 4) % 16).toBe(0);
  });
  it('plain alloc(20) would use 3 units', () => {
    const r = runCfg(16384, 0, {}, 'a20');
    expect(chunkAt(r, 0, 68)!.units).toBe(3);
  });
});

describe('example E: vectors (8 KiB, base ≡ 0 mod 8192)', () => {
  const ops = 'a1200@4 a300@8 a500@16 a40@4 a24@4 f4 a2000@32 a36@4 f1 a256@64 f0 a1100@4 a3000@128 f2 a480@4 a4000@4';
  // [offset, chunk, units] per op; undefined for frees, null offset for NULL.
  const e32: ([number, number, number] | undefined | null)[] = [
    [60, 7, 151],
    [1272, 158, 39],
    [1584, 197, 64],
    [2092, 261, 6],
    [2140, 267, 4],
    undefined,
    [2144, 267, 251],
    [4148, 518, 5],
    undefined,
    [4224, 527, 33],
    undefined,
    [60, 7, 138],
    [4608, 575, 376],
    undefined,
    [7612, 951, 61],
    null,
  ];
  const e64: ([number, number, number] | undefined | null)[] = [
    [64, 7, 151],
    [1272, 158, 39],
    [1584, 197, 64],
    [2096, 261, 6],
    [2144, 267, 4],
    undefined,
    [2144, 267, 251],
    [4152, 518, 6],
    undefined,
    [4224, 527, 33],
    undefined,
    [64, 7, 139],
    [4608, 575, 376],
    undefined,
    [7616, 951, 61],
    null,
  ];
  for (const [ptrSize, table] of [
    [4, e32],
    [8, e64],
  ] as const) {
    for (const base of [0, 0x20000000]) {
      it(`${ptrSize * 8}-bit, base 0x${base.toString(16)}: offset / chunk / units of every op`, () => {
        const list = ops.split(' ');
        for (let i = 0; i < list.length; i++) {
          const want = table[i];
          if (want === undefined) continue;
          const r = runCfg(8192, base, { ptrSize }, list.slice(0, i + 1).join(' '));
          if (want === null) {
            expect(r.ops[i].offset, list[i]).toBe(null);
            continue;
          }
          expect(r.ops[i].offset, list[i]).toBe(want[0]);
          expect(chunkAt(r, base, want[0]), list[i]).toEqual({ chunk: want[1], offset: want[1] * 8, units: want[2], used: true });
        }
      });
    }
  }
  it('32-bit final free lists: b2 = [523 (4)], b3 = [560 (15), 1012 (11)], b6 = [145 (116)]', () => {
    const r = runCfg(8192, 0, {}, ops);
    expect(r.free).toEqual(fl([523, 4, 2], [560, 15, 3], [1012, 11, 3], [145, 116, 6]));
    expect(r.heap.freeBytes).toBe(146 * 8);
    expect(r.heap.largestFreeBytes).toBe(116 * 8 - 4);
  });
  it('64-bit final free lists: b1 = [524 (3)], b3 = [560, 1012], b6 = [146 (115)]', () => {
    const r = runCfg(8192, 0, { ptrSize: 8 }, ops);
    expect(r.free).toEqual(fl([524, 3, 1], [560, 15, 3], [1012, 11, 3], [146, 115, 6]));
    // y and m1 each keep one more unit than on 32-bit: 144 units free, all listed.
    expect(r.chunks!.filter((c) => !c.used).map((c) => c.chunk)).toEqual([146, 524, 560, 1012]);
    expect(r.heap.freeBytes).toBe(144 * 8);
  });
  it('heapRun gives the same offsets as the configurable runner', () => {
    expect(offsets(run(8192, 0, 32, ops))).toEqual(offsets(runCfg(8192, 0, {}, ops)));
    expect(offsets(run(8192, 0, 64, ops))).toEqual(offsets(runCfg(8192, 0, { ptrSize: 8 }, ops)));
  });
});

describe('capacity table', () => {
  // N in KiB -> [chunk0, F, max alloc] for: 32-bit S=16, 32-bit S=28, 64-bit S=16, 64-bit S=40.
  const table: Record<number, number[][]> = {
    1: [
      [6, 121, 964],
      [7, 120, 956],
      [6, 121, 960],
      [9, 118, 936],
    ],
    2: [
      [6, 249, 1988],
      [8, 247, 1972],
      [6, 249, 1984],
      [9, 246, 1960],
    ],
    4: [
      [7, 504, 4028],
      [8, 503, 4020],
      [7, 504, 4024],
      [10, 501, 4000],
    ],
    8: [
      [7, 1016, 8124],
      [9, 1014, 8108],
      [7, 1016, 8120],
      [10, 1013, 8096],
    ],
    16: [
      [8, 2039, 16308],
      [9, 2038, 16300],
      [8, 2039, 16304],
      [11, 2036, 16280],
    ],
    32: [
      [8, 4087, 32692],
      [10, 4085, 32676],
      [8, 4087, 32688],
      [11, 4084, 32664],
    ],
    64: [
      [9, 8182, 65452],
      [10, 8181, 65444],
      [9, 8182, 65448],
      [12, 8179, 65424],
    ],
    128: [
      [9, 16374, 130988],
      [11, 16372, 130972],
      [9, 16374, 130984],
      [12, 16371, 130960],
    ],
  };
  const columns: Config[] = [
    { ptrSize: 4, structSize: 16 },
    { ptrSize: 4, structSize: 28 },
    { ptrSize: 8, structSize: 16 },
    { ptrSize: 8, structSize: 40 },
  ];
  for (const [kib, rows] of Object.entries(table)) {
    it(`${kib} KiB`, () => {
      const n = Number(kib) * 1024;
      rows.forEach(([chunk0, F, max], i) => {
        const cfg = columns[i];
        const label = `${kib} KiB ptr${cfg.ptrSize} S=${cfg.structSize}`;
        const r = runCfg(n, 0, cfg, `a${max} a${max + 1}`);
        expect(r.heap.chunk0Units, label).toBe(chunk0);
        expect(r.heap.endChunk - r.heap.chunk0Units, label).toBe(F);
        // The largest plain allocation fits exactly at chunk0; one byte more does not.
        expect(r.ops[0].offset, label).toBe(8 * chunk0 + r.heap.hdr);
        expect(r.ops[1].offset, label).toBe(null);
        const fresh = runCfg(n, 0, cfg, '');
        expect(fresh.heap.largestFreeBytes, label).toBe(max);
        expect(fresh.heap.freeBytes, label).toBe(8 * F);
        expect(n - 8 * F, label).toBeGreaterThanOrEqual(56);
        expect(n - 8 * F, label).toBeLessThanOrEqual(112);
        if (cfg.structSize === 16) expect(run(n, 0, cfg.ptrSize! * 8, `a${max} a${max + 1}`).ops, label).toEqual(r.ops);
      });
    });
  }
  it('back-to-back plain allocations land at 8*(chunk0 + Σ units) + hdr and fit iff Σ units <= F', () => {
    // 1 KiB, 32-bit: chunk0 6, F 121. Units: ceil((n+4)/8) = 13, 1, 100, 7 -> total 121 exactly.
    const r = run(1024, 0, 32, 'a100 a1 a796 a52 a1');
    expect(offsets(r)).toEqual([52, 156, 164, 964, null]);
    expect(r.free).toEqual([]);
  });
});

describe('other configurations', () => {
  it('trailer T = 1: chunk0 and every block grow by one unit', () => {
    const r = runCfg(16384, 0, { trailer: 1 }, 'a100');
    expect(r.heap.chunk0Units).toBe(9);
    expect(r.ops[0].offset).toBe(9 * 8 + 4);
    expect(chunkAt(r, 0, 76)!.units).toBe(14);
  });
  it('pre-clamp and clamp agree on huge requests (NULL) and on normal ones', () => {
    for (const clamp of [true, false]) {
      const r = runCfg(16384, 0, { clamp }, 'a100 a16376 a99999999 a100@4096 a16000@64 a200');
      expect(offsets(r), `clamp=${clamp}`).toEqual([68, null, null, 4096, null, 172]);
    }
  });
  it('SMALL_ONLY refuses heaps above 0x7fff units; AUTO turns big there', () => {
    expect(runCfg(262160, 0, { mode: 'small' }, '').error).toMatch(/SMALL_ONLY/);
    expect(runCfg(262144, 0, { mode: 'small' }, '').error).toMatch(/SMALL_ONLY/); // N/8 = 0x8000
    expect(runCfg(262136, 0, { mode: 'small' }, '').heap.endChunk).toBe(32766);
    expect(runCfg(1 << 20, 0, {}, '').heap.big).toBe(true);
  });
});

describe('op list handling and errors', () => {
  it('frees of a NULL result or of a free op are reported no-ops', () => {
    const r = run(16384, 0, 32, 'a9999999 f0 a8 f2 f3');
    expect(r.ops).toEqual([
      { op: 'a9999999', offset: null },
      { op: 'f0', noop: 'op 0 returned NULL' },
      { op: 'a8', offset: 68 },
      { op: 'f2' },
      { op: 'f3', noop: 'op 3 is not an allocation' },
    ]);
    expect(r.free).toEqual(fl([8, 2039, 10]));
  });
  it('a0 returns NULL, @0 and @1 take the plain path, hex numbers are accepted', () => {
    const r = run(16384, 0, 32, 'a0 a0x64@0 a100@1 a0x10@0x40');
    expect(offsets(r)).toEqual([null, 68, 172, 320]);
  });
  it('extra whitespace between ops is ignored', () => {
    expect(offsets(run(16384, 0, 32, '  a100\ta1000@64  \n f0 '))).toEqual([68, 192, undefined]);
  });
  const bad: [string, number, RegExp][] = [
    ['a100 x5', 32, /op 1 'x5'/],
    ['a', 32, /op 0 'a': size/],
    ['a-5', 32, /op 0 'a-5'/],
    ['a12z', 32, /op 0 'a12z'/],
    ['a10@7', 32, /op 0 'a10@7': alignment/],
    ['a10@', 32, /op 0 'a10@': alignment/],
    ['a10@@8', 32, /op 0 'a10@@8'/],
    ['a4294967296', 32, /op 0 'a4294967296': size must be a number from 0 to 4294967295/],
    ['a8 f1', 32, /op 1 'f1': can only free the result of an earlier op/],
    ['f0', 32, /op 0 'f0': there is no earlier op/],
    ['a8 fx', 32, /op 1 'fx'/],
    ['a8 f0 f0', 32, /op 2 'f0'.*already freed/],
    ['a"\\', 32, /op 0 'a"\\'/],
  ];
  for (const [ops, bits, msg] of bad) {
    it(`rejects ${JSON.stringify(ops)}`, () => {
      const raw = e.heapRun(16384n, 0n, bits, ops);
      const r = JSON.parse(raw) as RunResult;
      expect(Object.keys(r)).toEqual(['error']);
      expect(r.error).toMatch(msg);
    });
  }
  it('64-bit accepts sizes above 4 GiB (and fails them)', () => {
    expect(offsets(run(16384, 0, 64, 'a4294967296'))).toEqual([null]);
  });
  it('rejects bad bits, tiny heaps, oversized heaps and address-space overflow', () => {
    expect(run(16384, 0, 16, '').error).toMatch(/bits must be 32 or 64/);
    expect(run(4, 0, 32, '').error).toMatch(/heap of 4 bytes/);
    expect(run(40, 0, 32, '').error).toMatch(/heap of 40 bytes.*chunk 0/);
    expect(run(0, 0, 32, '').error).toMatch(/heap of 0 bytes/);
    expect(run(128 << 20, 0, 32, '').error).toMatch(/simulator limit/);
    expect(run(16384, 0xffffff00, 32, '').error).toMatch(/32-bit address space/);
  });
  it('smallest valid heaps: chunk0 plus one minimal chunk', () => {
    // 32-bit, N = 48: heap_sz = (48-4)/8 = 5, nb = bidx(5)+1 = 3, chunk0 = ceil((16+12)/8) = 4,
    // leaving one 1-unit chunk (bucket 0) that holds up to 4 bytes.
    const r = run(48, 0, 32, 'a4 a1');
    expect(r.heap.endChunk).toBe(5);
    expect(r.heap.chunk0Units).toBe(4);
    expect(offsets(r)).toEqual([36, null]);
  });
});

// ---------------------------------------------------------------- properties

type GenOp = { kind: 'a'; bytes: number; align: number } | { kind: 'f'; target: number };

const alignArb = fc.constantFrom(0, 4, 8, 16, 32, 64, 128, 256, 20, 40, 72, 8 | 4);
const opArb: fc.Arbitrary<GenOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('a' as const),
      bytes: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 160 }) }, fc.integer({ min: 0, max: 3000 })),
      align: alignArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('f' as const), target: fc.nat() }) },
);
// Mostly small allocations with frequent frees on small heaps, so buckets hold
// several chunks and probe rotation, head moves and merges all happen.
const caseArb = fc.record({
  size: fc.oneof(fc.integer({ min: 256, max: 4096 }), fc.integer({ min: 4096, max: 65536 })),
  base: fc.oneof(
    fc.integer({ min: 0, max: 1 << 20 }).map((x) => x * 8),
    fc.integer({ min: 0, max: 0x7fffffff }),
  ),
  ptrSize: fc.constantFrom(4 as const, 8 as const),
  mode: fc.constantFrom('auto' as const, 'small' as const, 'big' as const),
  structSize: fc.constantFrom(16, 28, 40),
  loops: fc.integer({ min: 1, max: 5 }),
  clamp: fc.boolean(),
  ops: fc.array(opArb, { minLength: 20, maxLength: 400, size: 'max' }),
});

/** Op text for the generated ops; frees of a not-yet-freed earlier alloc only (double frees are errors). */
function opText(ops: GenOp[]): string[] {
  const freed = new Set<number>();
  return ops.map((op, i) => {
    if (op.kind === 'a') return op.align === 4 ? `a${op.bytes}` : `a${op.bytes}@${op.align}`;
    const candidates = ops
      .slice(0, i)
      .map((_, j) => j)
      .filter((j) => ops[j].kind === 'a' && !freed.has(j));
    if (candidates.length === 0) return 'a1';
    const t = candidates[op.target % candidates.length];
    freed.add(t);
    return `f${t}`;
  });
}

describe('properties (fast-check)', () => {
  it('random alloc/free sequences match the byte-buffer reference and keep the heap invariants', () => {
    fc.assert(
      fc.property(caseArb, (tc) => {
        const texts = opText(tc.ops);
        const cfg: Config = { ptrSize: tc.ptrSize, mode: tc.mode, structSize: tc.structSize, loops: tc.loops, clamp: tc.clamp };
        const r = runCfg(tc.size, tc.base, cfg, texts.join(' '));
        if (r.error) {
          // Only a heap too small for chunk 0 and one chunk is refused here.
          expect(r.error).toMatch(/heap of/);
          expect(() => new RefHeap(tc.base, tc.size, { ...cfg, mode: tc.mode } as RefConfig)).toThrow();
          return;
        }
        const ref = new RefHeap(tc.base, tc.size, {
          ptrSize: tc.ptrSize,
          mode: tc.mode,
          structSize: tc.structSize,
          loops: tc.loops,
          clamp: tc.clamp,
        });
        expect(r.heap.endChunk).toBe(ref.endChunk);
        expect(r.heap.chunk0Units).toBe(ref.chunk0);
        expect(r.heap.hdr).toBe(ref.hdr);

        const results: (number | null)[] = [];
        const live = new Map<number, { off: number; bytes: number; align: number }>();
        texts.forEach((t, i) => {
          if (t[0] === 'a') {
            const [bytesText, alignText] = t.slice(1).split('@');
            const bytes = Number(bytesText),
              align = alignText === undefined ? tc.ptrSize : Number(alignText);
            const off = ref.alignedAlloc(align, bytes);
            results.push(off);
            expect(r.ops[i].offset, `op ${i} ${t}`).toBe(off);
            if (off !== null) live.set(i, { off, bytes, align });
          } else {
            const target = Number(t.slice(1));
            ref.free(results[target]);
            results.push(null);
            live.delete(target);
          }
        });
        expect(r.free).toEqual(ref.freeLists());

        // Invariants on the final chunk layout.
        const chunks = r.chunks!;
        let next = r.heap.chunk0Units;
        for (let i = 0; i < chunks.length; i++) {
          expect(chunks[i].chunk).toBe(next);
          expect(chunks[i].units).toBeGreaterThan(0);
          if (i > 0) expect(chunks[i].used || chunks[i - 1].used, `adjacent free chunks at ${chunks[i].chunk}`).toBe(true);
          next += chunks[i].units;
        }
        expect(next).toBe(r.heap.endChunk); // sizes sum to heap_sz
        // Every listed chunk is free and sits in the bucket of its size; every free chunk big enough is listed.
        const minC = r.heap.big ? 2 : 1;
        const listed = new Set(r.free.map((f) => f.chunk));
        for (const f of r.free) {
          const c = chunks.find((x) => x.chunk === f.chunk)!;
          expect(c.used).toBe(false);
          expect(f.bucket).toBe(31 - Math.clz32(c.units - minC + 1));
        }
        for (const c of chunks) if (!c.used && c.units >= minC) expect(listed.has(c.chunk)).toBe(true);
        // Live blocks: each in its own used chunk, inside it, aligned as asked; no overlaps.
        const addrOff = Math.ceil(tc.base / 8) * 8 - tc.base;
        const owners = new Set<number>();
        const spans: [number, number][] = [];
        for (const { off, bytes, align } of live.values()) {
          const id = Math.floor((off - addrOff - r.heap.hdr) / 8);
          const c = chunks.find((x) => x.chunk === id)!;
          expect(c.used).toBe(true);
          expect(owners.has(id)).toBe(false);
          owners.add(id);
          expect(off).toBeGreaterThanOrEqual(c.offset + r.heap.hdr);
          expect(off + bytes).toBeLessThanOrEqual(c.offset + 8 * c.units);
          const rew = align & -align;
          if (align !== rew)
            expect((tc.base + off + rew) % (align - rew)).toBe(0); // rewind form
          else if (align > r.heap.hdr) expect((tc.base + off) % align).toBe(0);
          spans.push([off, off + bytes]);
        }
        spans.sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
        expect(owners.size).toBe(chunks.filter((c) => c.used).length);
        expect(r.heap.usedBytes).toBe(chunks.filter((c) => c.used).reduce((s, c) => s + 8 * c.units, 0));
        expect(r.heap.freeBytes).toBe(chunks.filter((c) => !c.used).reduce((s, c) => s + 8 * c.units, 0));
        const maxListed = Math.max(0, ...r.free.map((f) => f.units));
        expect(r.heap.largestFreeBytes).toBe(maxListed === 0 ? 0 : 8 * maxListed - r.heap.hdr);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scale', () => {
  it('a 4 MiB heap (32-bit AUTO -> big) runs 20000 ops quickly and matches the reference', () => {
    const size = 4 << 20;
    const ops: string[] = [];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const liveIdx: number[] = [];
    for (let i = 0; i < 20000; i++) {
      if (liveIdx.length > 0 && rnd(3) === 0) {
        const k = rnd(liveIdx.length);
        ops.push(`f${liveIdx[k]}`);
        liveIdx.splice(k, 1);
      } else {
        ops.push(rnd(4) === 0 ? `a${1 + rnd(2000)}@${8 << rnd(6)}` : `a${1 + rnd(600)}`);
        liveIdx.push(i);
      }
    }
    const t0 = performance.now();
    const r = run(size, 0x20000000, 32, ops.join(' '));
    const ms = performance.now() - t0;
    expect(r.heap.big).toBe(true);
    expect(ms).toBeLessThan(3000);
    const ref = new RefHeap(0x20000000, size, { ptrSize: 4, mode: 'auto', structSize: 16, loops: 3, clamp: true });
    const res: (number | null)[] = [];
    ops.forEach((t, i) => {
      if (t[0] === 'f') {
        ref.free(res[Number(t.slice(1))]);
        res.push(null);
        return;
      }
      const [b, a] = t.slice(1).split('@');
      res.push(ref.alignedAlloc(a === undefined ? 4 : Number(a), Number(b)));
      expect(r.ops[i].offset).toBe(res[i]);
    });
    expect(r.free).toEqual(ref.freeLists());
  });
});

describe('heapRunCount (the model without its JSON answer, for the benchmark)', () => {
  it('counts the allocations heapRun reports as non-NULL, on a random workload', async () => {
    const { heapWorkload } = await import('../../bench/src/heap.js');
    const wasm = await freshInstance();
    for (const [n, size] of [
      [2000, 65536n],
      [5000, 1n << 20n],
    ] as const) {
      const ops = heapWorkload(n, n).join(' ');
      const r = JSON.parse(wasm.heapRun(size, 0x20000000n, 32, ops)) as RunResult;
      const nonNull = r.ops.filter((o) => typeof o.offset === 'number').length;
      expect(nonNull).toBeGreaterThan(n / 4);
      expect(wasm.heapRunCount(size, 0x20000000n, 32, ops)).toBe(nonNull);
    }
    expect(wasm.heapRunCount(1n << 40n, 0n, 32, 'a1')).toBe(-1);
  });
});
