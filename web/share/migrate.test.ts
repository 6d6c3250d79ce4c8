import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSessionPayload, decodeSessionText } from './codec.js';
import { migrateToCurrent } from './migrate.js';
import { catalogue, sampleBytes } from '../test-support/samples.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = { samples: catalogue };

describe('migration from version 0', () => {
  it('turns the prj.conf text into the changes against the default configuration', () => {
    const r = decodeSessionText(fixture('v0-sample.json'), ctx);
    expect(r).toEqual({
      ok: true,
      session: {
        board: 'nrf52840dk',
        // The v0 text repeats CONFIG_LLEXT and CONFIG_LOG (defaults) and changes the log level and the heap.
        config: { CONFIG_LLEXT_HEAP_SIZE: 4, CONFIG_LLEXT_LOG_LEVEL_DBG: true },
        exports: null,
        // Links older than the load parameters read them as LLEXT_LOAD_PARAM_DEFAULT, and those
        // older than the instruction budget as the engine's default budget.
        app: {
          heapInit: true,
          heapKiB: 16,
          instrKiB: 8,
          dataKiB: 16,
          unloadAll: false,
          relocateLocal: true,
          preLocated: false,
          keepSectionInfo: false,
          sectionDetached: '',
          cpuBudget: 1_000_000,
          calls: [],
        },
        source: { kind: 'sample', id: 'big_heap' },
        loadOrder: null,
        step: 17,
        view: 'relocations',
        title: null,
      },
      warnings: [{ code: 'migrated', message: 'This session was saved in an older format (0) and was updated to format 2.' }],
    });
  });

  it('opens a version-0 link with a dropped file and reports the view it no longer has', () => {
    const r = decodeSessionPayload(fixture('v0-files.link.txt').trim(), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session.board).toBe('qemu_riscv32');
    expect(r.session.config).toEqual({ CONFIG_LLEXT_STORAGE_WRITABLE: true });
    expect(r.session.step).toBe(3);
    expect(r.session.view).toBeNull();
    expect(r.session.source.kind).toBe('files');
    if (r.session.source.kind !== 'files') return;
    const [file] = r.session.source.files;
    expect(file.name).toBe('hello_world.riscv32-medlow.llext');
    expect(file.role).toBe('extension');
    expect(Buffer.from(file.bytes).equals(Buffer.from(sampleBytes('hello_world/hello_world.riscv32-medlow.llext')))).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['migrated', 'unknown-view']);
    expect(r.warnings[1].message).toBe(
      'The session opens the view "timeline", which this version does not have; the current view is kept.',
    );
  });

  it('still reports a removed board after migrating', () => {
    const doc = JSON.parse(fixture('v0-sample.json')) as Record<string, unknown>;
    const r = decodeSessionText(JSON.stringify({ ...doc, board: 'frdm_k64f_old' }), ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-board' } });
  });

  it('leaves current documents alone and refuses versions it cannot know', () => {
    const current = { v: 2, board: 'nrf52840dk', sample: 'hello_world' };
    expect(migrateToCurrent(current)).toEqual({ ok: true, doc: current, from: 2, warnings: [] });
    expect(migrateToCurrent({ v: 3 })).toMatchObject({ ok: false, error: { code: 'newer-version' } });
    expect(migrateToCurrent({ version: -1 })).toMatchObject({ ok: false, error: { code: 'bad-version' } });
    expect(migrateToCurrent({ v: '1' })).toMatchObject({ ok: false, error: { code: 'bad-version' } });
  });
});

describe('migration from version 1', () => {
  it('opens a version-1 document with the default application calls, which version 1 always ran with', () => {
    const r = decodeSessionText(
      JSON.stringify({ v: 1, board: 'nrf52840dk', sample: 'hello_world', config: { CONFIG_LLEXT_HEAP_DYNAMIC: true } }),
      ctx,
    );
    expect(r).toMatchObject({
      ok: true,
      session: {
        config: { CONFIG_LLEXT_HEAP_DYNAMIC: true },
        app: { heapInit: true, heapKiB: 16, instrKiB: 8, dataKiB: 16, unloadAll: false, calls: [] },
      },
      warnings: [{ code: 'migrated', message: 'This session was saved in an older format (1) and was updated to format 2.' }],
    });
  });
});
