import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { plainSession, type SharedSession } from '../share/document.js';
import { Autosaver } from './autosave.js';
import { RECENT_LIMIT, SessionStore, sessionTitle } from './sessionStore.js';
import { catalogue, sampleBytes } from '../test-support/samples.js';

let dbCount = 0;
const freshStore = (): SessionStore => new SessionStore(`test-db-${++dbCount}`);
const ctx = { samples: catalogue };

const droppedElf = sampleBytes('data_mix/data_mix.riscv32-medany.llext');
const dropped: SharedSession = {
  ...plainSession('qemu_riscv32', 'x'),
  source: { kind: 'files', files: [{ name: 'data_mix.riscv32-medany.llext', role: 'extension', bytes: droppedElf }] },
  config: { CONFIG_LLEXT_HEAP_SIZE: 20 },
  step: 12,
  view: 'sections',
};

describe('saved sessions', () => {
  it('restore the current session, dropped files included', async () => {
    const store = freshStore();
    await store.save('a1', dropped, 1000);
    // A new store object on the same database: what a reload sees.
    const again = new SessionStore(`test-db-${dbCount}`);
    const restored = await again.loadCurrent(ctx);
    expect(restored?.id).toBe('a1');
    expect(restored?.result).toEqual({ ok: true, session: dropped, warnings: [] });
    if (restored?.result.ok && restored.result.session.source.kind === 'files') {
      expect(Buffer.from(restored.result.session.source.files[0].bytes).equals(Buffer.from(droppedElf))).toBe(true);
    }
  });

  it('list recent sessions newest first, with titles and timestamps', async () => {
    const store = freshStore();
    await store.save('s1', plainSession('nrf52840dk', 'hello_world'), 1000);
    await store.save('s2', dropped, 2000);
    await store.save('s3', { ...plainSession('qemu_x86_64', 'hello_world-x86_64'), title: 'Workshop demo' }, 3000);
    // Saving s1 again moves it to the top and keeps its creation time.
    await store.save('s1', { ...plainSession('nrf52840dk', 'hello_world'), config: { CONFIG_LLEXT_HEAP_SIZE: 2 } }, 4000);
    expect(await store.list()).toEqual([
      { id: 's1', title: 'hello_world on nrf52840dk', board: 'nrf52840dk', what: 'hello_world', createdAt: 1000, savedAt: 4000 },
      { id: 's3', title: 'Workshop demo', board: 'qemu_x86_64', what: 'hello_world-x86_64', createdAt: 3000, savedAt: 3000 },
      {
        id: 's2',
        title: 'data_mix.riscv32-medany.llext on qemu_riscv32',
        board: 'qemu_riscv32',
        what: 'data_mix.riscv32-medany.llext',
        createdAt: 2000,
        savedAt: 2000,
      },
    ]);
    expect(await store.currentId()).toBe('s1');
    const reopened = await store.load('s2', ctx);
    expect(reopened).toEqual({ ok: true, session: dropped, warnings: [] });
  });

  it('delete a session, and forget it as the current one', async () => {
    const store = freshStore();
    await store.save('keep', plainSession('nrf52840dk', 'hello_world'), 1);
    await store.save('drop', dropped, 2);
    await store.remove('drop');
    expect((await store.list()).map((e) => e.id)).toEqual(['keep']);
    expect(await store.load('drop', ctx)).toBeNull();
    expect(await store.currentId()).toBeNull();
    expect(await store.loadCurrent(ctx)).toBeNull();
  });

  it(`keep at most ${RECENT_LIMIT} sessions, dropping the oldest`, async () => {
    const store = freshStore();
    for (let i = 0; i < RECENT_LIMIT + 3; i++) await store.save(`id${i}`, plainSession('nrf52840dk', 'hello_world'), 100 + i);
    const list = await store.list();
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0].id).toBe(`id${RECENT_LIMIT + 2}`);
    expect(list[list.length - 1].id).toBe('id3');
    expect(await store.load('id0', ctx)).toBeNull();
    expect(await store.load('id3', ctx)).not.toBeNull();
  });

  it('check a saved session like a link: a board this version lacks is reported', async () => {
    const store = freshStore();
    await store.save('b', { ...plainSession('nrf52840dk', 'hello_world') }, 1);
    // Read with a board list that no longer has nrf52840dk, as a later version might.
    const again = await store.load('b', { samples: catalogue, boards: ['qemu_x86'] });
    expect(again).toMatchObject({ ok: false, error: { code: 'unknown-board' } });
  });

  it('title sessions by sample or by extension files', () => {
    expect(sessionTitle(plainSession('nrf52840dk', 'hello_world'))).toBe('hello_world on nrf52840dk');
    expect(sessionTitle(dropped)).toBe('data_mix.riscv32-medany.llext on qemu_riscv32');
  });
});

describe('autosave', () => {
  it('writes once after changes settle, the latest state only', async () => {
    vi.useFakeTimers();
    try {
      const saved: [string, number | null][] = [];
      const saver = new Autosaver(
        {
          save: async (id, s) => {
            saved.push([id, s.step]);
          },
        },
        500,
      );
      saver.schedule('x', { ...dropped, step: 1 });
      vi.advanceTimersByTime(300);
      saver.schedule('x', { ...dropped, step: 2 });
      vi.advanceTimersByTime(300);
      expect(saved).toEqual([]);
      vi.advanceTimersByTime(250);
      await saver.flush();
      expect(saved).toEqual([['x', 2]]);
      saver.schedule('x', { ...dropped, step: 3 });
      await saver.flush();
      expect(saved).toEqual([
        ['x', 2],
        ['x', 3],
      ]);
      await saver.flush();
      expect(saved).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes the last state of a session before switching to another one', async () => {
    const saved: [string, number | null][] = [];
    const saver = new Autosaver(
      {
        save: async (id, s) => {
          saved.push([id, s.step]);
        },
      },
      10_000,
    );
    saver.schedule('old', { ...dropped, step: 7 });
    saver.schedule('new', { ...dropped, step: 1 });
    await saver.flush();
    expect(saved).toEqual([
      ['old', 7],
      ['new', 1],
    ]);
  });

  it('reports a failed write and keeps working', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const saver = new Autosaver(
      {
        save: async () => {
          if (fail) throw new Error('quota exceeded');
        },
      },
      10,
      (e) => errors.push(e),
    );
    saver.schedule('x', dropped);
    await saver.flush();
    expect(errors.map((e) => (e as Error).message)).toEqual(['quota exceeded']);
    fail = false;
    saver.schedule('x', dropped);
    await saver.flush();
    expect(errors).toHaveLength(1);
  });

  it('saves real sessions through the store', async () => {
    const store = freshStore();
    const saver = new Autosaver(store, 5);
    saver.schedule('live', dropped);
    await saver.flush();
    expect((await store.loadCurrent(ctx))?.result).toEqual({ ok: true, session: dropped, warnings: [] });
  });
});
