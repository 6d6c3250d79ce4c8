import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { prepareSession } from '@core/session.js';
import { simulate, type SimulationResult } from '@core/engine.js';
import { buildTimeline, currentStep, fullName, heapStateAt, liveAllocations, liveHeaps, upTo, type Timeline } from './timeline.js';
import { heapSegments } from '../views/memory/heapLayout.js';
import { nextStep, previousStep } from './navigation.js';

let run: SimulationResult;
let t: Timeline;

beforeAll(async () => {
  const bytes = new Uint8Array(readFileSync('public/samples/hello_world/hello_world.llext'));
  const prepared = await prepareSession({
    board: 'nrf52840dk',
    prjConf: 'CONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_LOG_LEVEL_INF=y\n',
    files: [{ name: 'hello_world.llext', bytes }],
  });
  run = await simulate({ files: prepared.files, config: prepared.config });
  t = buildTimeline(run.events);
});

describe('timeline of hello_world on nrf52840dk', () => {
  it('indexes the records the JSON document also lists', () => {
    expect(run.document.ok).toBe(true);
    expect(t.extensions).toEqual(['hello_world']);
    expect(t.logs.map((l) => l.line)).toEqual(run.document.log);
    expect(t.relocs).toHaveLength(run.document.relocations.length);
    expect(t.places.map((p) => p.name)).toEqual(run.document.sections.map((s) => s.name));
  });

  it('upTo cuts at the cursor like a plain filter', () => {
    for (const cursor of [0, 1, 17, Math.floor(t.events.length / 2), t.events.length]) {
      expect(upTo(t.logs, cursor)).toEqual(t.logs.filter((l) => l.at < cursor));
      expect(upTo(t.relocs, cursor)).toEqual(t.relocs.filter((r) => r.at < cursor));
    }
  });

  it('live allocations at the end are the copied regions plus the metadata that stays', () => {
    const end = t.events.length;
    const [heap] = liveHeaps(t, end);
    const live = liveAllocations(t, heap.heap, end);
    const copied = run.document.regions.filter((r) => r.heap === 'llext_heap');
    for (const r of copied) {
      const a = live.find((x) => x.purpose === `region ${r.name}`);
      expect(a, r.name).toBeDefined();
      expect(heap.base + (a?.offset ?? 0n)).toBe(BigInt(r.addr));
      expect(Number(a?.bytes)).toBe(r.allocSize);
    }
    const used = live.reduce((n, a) => n + Number(a.bytes), 0);
    expect(used).toBeLessThanOrEqual(run.document.heaps[0].used);
  });

  it('heap segments tile the whole buffer without gaps', () => {
    const end = t.events.length;
    const [heap] = liveHeaps(t, end);
    const state = heapStateAt(t, heap.heap, end);
    expect(state).not.toBeNull();
    const segs = heapSegments(Number(heap.size), heap.hdr, state?.chunks ?? [], liveAllocations(t, heap.heap, end));
    expect(segs[0].start).toBe(0);
    expect(segs[segs.length - 1].end).toBe(Number(heap.size));
    for (let i = 1; i < segs.length; i++) expect(segs[i].start).toBe(segs[i - 1].end);
    // Every live allocation's payload starts at the pointer the heap returned, right after a header.
    for (const a of liveAllocations(t, heap.heap, end)) {
      const p = segs.find((s) => s.kind === 'payload' && s.alloc === a);
      expect(p?.start).toBe(Number(a.offset));
      const header = segs.find((s) => s.kind === 'header' && s.chunk === p?.chunk);
      expect(header?.end! - header?.start!).toBe(heap.hdr);
      const pad = segs.find((s) => s.kind === 'padding' && s.alloc === a);
      expect(Number(a.offset) - header!.end).toBe(pad ? pad.end - pad.start : 0);
    }
  });

  it('steps move between loader stages', () => {
    const first = t.stepStarts[0];
    expect(nextStep(t, 0)).toBe(first + 1);
    expect(previousStep(t, nextStep(t, first + 1))).toBe(first + 1);
    expect(currentStep(t, t.events.length)?.fn).toBe(t.steps[t.steps.length - 1].fn);
  });
});

describe('a dynamic heap: llext_heap_init, load, unload, llext_heap_uninit', () => {
  it('shows the heap appear and go', async () => {
    const { actionsOf } = await import('../engine/engineInput.js');
    const bytes = new Uint8Array(readFileSync('public/samples/hello_world/hello_world.llext'));
    const actions = actionsOf(['hello_world'], { heapInit: { kib: 16 }, unloadAll: true, calls: [] });
    expect(actions.map((a) => a.kind)).toEqual(['heap_init', 'load', 'unload', 'heap_uninit']);
    const prepared = await prepareSession({
      board: 'nrf52840dk',
      prjConf: 'CONFIG_LLEXT=y\nCONFIG_LLEXT_HEAP_DYNAMIC=y\n',
      files: [{ name: 'hello_world.llext', bytes }],
      actions,
    });
    const r = await simulate({ files: prepared.files, config: prepared.config });
    expect(r.document.ok).toBe(true);
    const tl = buildTimeline(r.events);
    // The board's buffer for llext_heap_init() (boards.json: heaps.dynamic), sized by the action.
    const [heap] = tl.heaps;
    expect(heap.base).toBe(0x20003b10n);
    expect(heap.size).toBe(16384n);
    expect(tl.heaps[0].at).toBeGreaterThan(tl.events.findIndex((e) => e.kind === 'action'));
    expect(heap?.uninitAt).toBeLessThan(tl.events.length);
    expect(liveHeaps(tl, tl.events.length)).toEqual([]);
    // Between load and unload the extension's blocks are live; after the unload none are.
    const loaded = tl.results.find((x) => x.action === 'load')!.at + 1;
    expect(liveAllocations(tl, heap!.heap, loaded).length).toBeGreaterThan(0);
    expect(liveAllocations(tl, heap!.heap, heap!.uninitAt)).toEqual([]);
  });
});

describe('timeline of hello_world on a sys_mem_blocks pool (CONFIG_LLEXT_HEAP_MEMBLK)', () => {
  it('knows the pool by its block size and draws each allocation as one run of blocks', async () => {
    const bytes = new Uint8Array(readFileSync('public/samples/hello_world/hello_world.llext'));
    const prepared = await prepareSession({
      board: 'nrf52840dk',
      prjConf: 'CONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_HEAP_MEMBLK=y\n',
      files: [{ name: 'hello_world.llext', bytes }],
    });
    const r = await simulate({ files: prepared.files, config: prepared.config });
    const tl = buildTimeline(r.events);
    const end = tl.events.length;
    const [meta, pool] = liveHeaps(tl, end);
    expect([meta.name, meta.blockSize, pool.name, pool.blockSize, pool.hdr]).toEqual([
      'llext_metadata_heap',
      undefined,
      'llext_ext_heap',
      32,
      0,
    ]);
    const state = heapStateAt(tl, pool.heap, end)!;
    const segs = heapSegments(Number(pool.size), pool.hdr, state.chunks, liveAllocations(tl, pool.heap, end));
    // No bookkeeping in a pool: every live region is a payload starting on a block boundary.
    expect(segs.filter((s) => s.kind === 'zheap' || s.kind === 'header')).toEqual([]);
    const payloads = segs.filter((s) => s.kind === 'payload');
    expect(payloads.map((s) => s.purpose)).toEqual(
      r.document.regions.filter((x) => x.heap === 'llext_ext_heap').map((x) => `region ${x.name}`),
    );
    for (const s of payloads) expect(s.start % 32).toBe(0);
  });
});

describe('an extension name longer than LLEXT_MAX_NAME_LEN', () => {
  it('is cut in the log and every record, and the timeline keeps the whole name', async () => {
    const bytes = new Uint8Array(readFileSync('public/samples/hello_world/hello_world.llext'));
    const prepared = await prepareSession({
      board: 'nrf52840dk',
      prjConf: 'CONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_LOG_LEVEL_INF=y\n',
      files: [{ name: 'r_counter_jumptable.llext', bytes }],
    });
    const r = await simulate({ files: prepared.files, config: prepared.config });
    const tl = buildTimeline(r.events);
    expect(tl.extensions).toEqual(['r_counter_jumpt']);
    expect(tl.logs.map((l) => l.line)).toContain('<inf> llext: Loaded extension r_counter_jumpt');
    expect([...tl.fullNames]).toEqual([['r_counter_jumpt', 'r_counter_jumptable']]);
    expect(tl.nameLimit).toBe(15);
    expect(fullName(tl, 'r_counter_jumpt')).toBe('r_counter_jumptable');
    expect(fullName(tl, 'other')).toBe('other');
    // A name that fits is not recorded.
    expect(t.fullNames.size).toBe(0);
  });
});
