import { describe, expect, it } from 'vitest';
import { unzlibSync, zlibSync } from 'fflate';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import { decodeSessionPayload, decodeSessionText, encodeSessionPayload, readFragment, sessionLink } from './codec.js';
import { plainSession, type SharedSession } from './document.js';
import { catalogue, sampleBytes } from '../test-support/samples.js';
import { DEFAULT_APP_SETTINGS } from '../config/appCallsModel.js';

const ctx = { samples: catalogue };

/** Packs any JSON (or text) the way links do, to build hostile links by hand. */
function pack(doc: unknown): string {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  return encodeBase64url(zlibSync(new TextEncoder().encode(text)));
}

const helloHeap: SharedSession = {
  ...plainSession('nrf52840dk', 'hello_world'),
  config: { CONFIG_LLEXT_HEAP_SIZE: 4, CONFIG_LLEXT_STORAGE_WRITABLE: true },
  step: 42,
  view: 'relocations',
  title: 'Heap of 4 KiB',
};

describe('session links', () => {
  it('round-trip a sample session with options, step and view', () => {
    const r = decodeSessionPayload(encodeSessionPayload(helloHeap), ctx);
    expect(r).toEqual({ ok: true, session: helloHeap, warnings: [] });
  });

  it('round-trip dropped files byte for byte, with roles and load order', () => {
    const provider = sampleBytes('provider_consumer/provider.llext');
    const consumer = sampleBytes('provider_consumer/consumer.llext');
    const s: SharedSession = {
      ...plainSession('nrf52840dk', 'x'),
      source: {
        kind: 'files',
        files: [
          { name: 'consumer.llext', role: 'extension', bytes: consumer },
          { name: 'provider.llext', role: 'extension', bytes: provider },
        ],
      },
      loadOrder: ['provider', 'consumer'],
      exports: { mode: 'merge', text: 'my_hook 0x00001235\n' },
    };
    const r = decodeSessionPayload(encodeSessionPayload(s), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok || r.session.source.kind !== 'files') return;
    expect(r.session.source.files.map((f) => [f.name, f.role, f.bytes.length])).toEqual([
      ['consumer.llext', 'extension', consumer.length],
      ['provider.llext', 'extension', provider.length],
    ]);
    expect(Buffer.from(r.session.source.files[1].bytes).equals(Buffer.from(provider))).toBe(true);
    expect(r.session.loadOrder).toEqual(['provider', 'consumer']);
    expect(r.session.exports).toEqual({ mode: 'merge', text: 'my_hook 0x00001235\n' });
  });

  it('round-trip the application calls, and leave them out while they are the defaults', () => {
    const s: SharedSession = {
      ...helloHeap,
      config: { CONFIG_LLEXT_HEAP_DYNAMIC: true },
      app: { ...DEFAULT_APP_SETTINGS, heapInit: true, heapKiB: 24, instrKiB: 8, dataKiB: 16, unloadAll: true },
    };
    expect(decodeSessionPayload(encodeSessionPayload(s), ctx)).toEqual({ ok: true, session: s, warnings: [] });
    expect(
      decodeSessionText(JSON.stringify({ v: 2, board: 'nrf52840dk', sample: 'hello_world', app: { unloadAll: true } }), ctx),
    ).toMatchObject({ ok: true, session: { app: { heapInit: true, heapKiB: 16, instrKiB: 8, dataKiB: 16, unloadAll: true } } });
    const packed = decodeBase64url(encodeSessionPayload(helloHeap));
    if (!packed.ok) throw new Error(packed.message);
    expect(JSON.parse(new TextDecoder().decode(unzlibSync(packed.bytes)))).not.toHaveProperty('app');
  });

  it('round-trip calls with their arguments, 64-bit and negative ones included', () => {
    const s: SharedSession = {
      ...plainSession('qemu_riscv32', 'hello_world'),
      app: {
        ...DEFAULT_APP_SETTINGS,
        calls: [
          { ext: 'data_mix', fn: 'ext_count', args: [2n] },
          { ext: 'data_mix', fn: 'sum', args: [-1n, 0xffffffffffffffffn, 0n] },
          { ext: 'hello_world', fn: 'test_entry', args: [] },
        ],
      },
    };
    const payload = encodeSessionPayload(s);
    expect(decodeSessionPayload(payload, ctx)).toEqual({ ok: true, session: s, warnings: [] });
    const packed = decodeBase64url(payload);
    if (!packed.ok) throw new Error(packed.message);
    expect(JSON.parse(new TextDecoder().decode(unzlibSync(packed.bytes))).app).toEqual({
      ...{ heapInit: true, heapKiB: 16, instrKiB: 8, dataKiB: 16, unloadAll: false },
      ...{ relocateLocal: true, preLocated: false, keepSectionInfo: false, sectionDetached: '' },
      cpuBudget: 1000000,
      calls: [
        { ext: 'data_mix', fn: 'ext_count', args: ['2'] },
        { ext: 'data_mix', fn: 'sum', args: ['-1', '18446744073709551615', '0'] },
        { ext: 'hello_world', fn: 'test_entry', args: [] },
      ],
    });
  });

  it('refuse a link with absurd call arguments with a clear message', () => {
    const link = (calls: unknown): string =>
      encodeBase64url(
        zlibSync(new TextEncoder().encode(JSON.stringify({ v: 2, board: 'qemu_riscv32', sample: 'hello_world', app: { calls } }))),
      );
    const error = (calls: unknown) => {
      const r = decodeSessionPayload(link(calls), ctx);
      if (r.ok) throw new Error('decoded');
      return r.error.message;
    };
    expect(error([{ ext: 'hello_world', fn: 'test_entry', args: ['1'.repeat(5000)] }])).toBe(
      '"app.calls[0].args[0]": "111111111111111111111111…" is not an integer (write 42, -1 or 0x2a). Your current session was kept.',
    );
    expect(error([{ ext: 'hello_world', fn: 'test_entry', args: ['18446744073709551616'] }])).toBe(
      '"app.calls[0].args[0]": 18446744073709551616 does not fit in a 64-bit register. Your current session was kept.',
    );
    expect(error([{ ext: 'hello_world', fn: 'test_entry', args: Array.from({ length: 1000 }, () => '1') }])).toBe(
      '"app.calls[0].args" has 1000 arguments; a call passes at most 16. Your current session was kept.',
    );
    expect(error([{ ext: 'hello_world', fn: 'rm -rf /', args: [] }])).toBe(
      '"app.calls[0].fn" ("rm -rf /") is not a function name. Your current session was kept.',
    );
    expect(error([{ ext: 'hello_world', fn: 'f', args: [1e300] }])).toBe(
      '"app.calls[0].args[0]" must be an integer written as a string, not 1e+300. Your current session was kept.',
    );
    expect(error(Array.from({ length: 17 }, () => ({ ext: 'a', fn: 'f', args: [] })))).toBe(
      '"app.calls" has 17 calls; at most 16 are allowed. Your current session was kept.',
    );
  });

  it('round-trip the instruction budget of the calls, and read its absence as the default', () => {
    const s: SharedSession = { ...helloHeap, app: { ...DEFAULT_APP_SETTINGS, cpuBudget: 25_000_000 } };
    expect(decodeSessionPayload(encodeSessionPayload(s), ctx)).toEqual({ ok: true, session: s, warnings: [] });
    const text = JSON.stringify({ v: 2, board: 'nrf52840dk', sample: 'hello_world', app: { unloadAll: true } });
    expect(decodeSessionText(text, ctx)).toMatchObject({ ok: true, session: { app: { cpuBudget: 1_000_000 } } });
  });

  it('round-trip the load parameters (struct llext_load_param), and refuse a bad section list', () => {
    const s: SharedSession = {
      ...helloHeap,
      app: { ...DEFAULT_APP_SETTINGS, relocateLocal: false, preLocated: true, keepSectionInfo: true, sectionDetached: '.text.slow,.iram0' },
    };
    expect(decodeSessionPayload(encodeSessionPayload(s), ctx)).toEqual({ ok: true, session: s, warnings: [] });
    const text = JSON.stringify({ v: 2, board: 'nrf52840dk', sample: 'hello_world', app: { keepSectionInfo: true } });
    expect(decodeSessionText(text, ctx)).toMatchObject({
      ok: true,
      session: { app: { relocateLocal: true, keepSectionInfo: true, sectionDetached: '' } },
    });
    const bad = JSON.stringify({ v: 2, board: 'nrf52840dk', sample: 'hello_world', app: { sectionDetached: '.text;rm' } });
    expect(decodeSessionText(bad, ctx)).toMatchObject({ ok: false });
  });

  it('stay short for a sample session and compress a dropped ELF', () => {
    expect(encodeSessionPayload(plainSession('nrf52840dk', 'hello_world')).length).toBeLessThan(80);
    expect(encodeSessionPayload(helloHeap).length).toBeLessThan(250);
    const elf = sampleBytes('data_mix/data_mix.llext');
    const s: SharedSession = {
      ...plainSession('nrf52840dk', 'x'),
      source: { kind: 'files', files: [{ name: 'data_mix.llext', role: 'extension', bytes: elf }] },
    };
    // base64 alone would be 4/3 of the file; DEFLATE wins back more than that on an ELF.
    expect(encodeSessionPayload(s).length).toBeLessThan(elf.length);
  });

  it('put the session after the page address, replacing any fragment', () => {
    const link = sessionLink('https://example.org/play/?view=embed#lesson=x', helloHeap);
    expect(link.startsWith('https://example.org/play/?view=embed#session=')).toBe(true);
    expect(readFragment(new URL(link).hash)).toEqual({ kind: 'session', payload: encodeSessionPayload(helloHeap) });
  });
});

describe('fragments', () => {
  it('name a session, a lesson with an optional step, or nothing', () => {
    expect(readFragment('#session=abc')).toEqual({ kind: 'session', payload: 'abc' });
    expect(readFragment('#lesson=heap-sizing&step=3')).toEqual({ kind: 'lesson', id: 'heap-sizing', step: 3 });
    expect(readFragment('#lesson=heap-sizing&step=zero')).toEqual({ kind: 'lesson', id: 'heap-sizing', step: null });
    expect(readFragment('#lesson=../../etc')).toEqual({ kind: 'none' });
    expect(readFragment('')).toEqual({ kind: 'none' });
    expect(readFragment('#top')).toEqual({ kind: 'none' });
  });
});

describe('broken and hostile links', () => {
  const good = encodeSessionPayload(helloHeap);

  it('report a truncated link', () => {
    const r = decodeSessionPayload(good.slice(0, good.length - 7), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(['garbled']).toContain(r.error.code);
      expect(r.error.message).toMatch(/^This link's session cannot be opened: .*\. Your current session was kept\.$/);
    }
  });

  it('report a garbled link: foreign characters, a changed character', () => {
    expect(decodeSessionPayload(`${good.slice(0, 10)}%20${good.slice(10)}`, ctx)).toMatchObject({ ok: false, error: { code: 'garbled' } });
    const i = Math.floor(good.length / 2);
    const changed = good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1);
    expect(decodeSessionPayload(changed, ctx)).toMatchObject({ ok: false, error: { code: 'garbled' } });
  });

  it('refuse an oversized link before decoding it', () => {
    const r = decodeSessionPayload('A'.repeat(2 * 1024 * 1024 + 4), ctx);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'too-large',
        message:
          "This link's session cannot be opened: it is 2097156 characters long, more than the 2097152 a link may have. Your current session was kept.",
      },
    });
  });

  it('stop a link that inflates to gigabytes', () => {
    // A JSON string padded with 40 MB of spaces: valid zlib, tiny link.
    const bomb = encodeBase64url(zlibSync(new TextEncoder().encode(`{"v":1,${' '.repeat(40 * 1024 * 1024)}}`), { level: 9 }));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(decodeSessionPayload(bomb, ctx)).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('report well-packed content that is not a session', () => {
    expect(decodeSessionPayload(pack('not json'), ctx)).toMatchObject({ ok: false, error: { code: 'not-json' } });
    expect(decodeSessionPayload(pack([1, 2]), ctx)).toMatchObject({ ok: false, error: { code: 'not-session' } });
    expect(decodeSessionPayload(pack({ hello: 1 }), ctx)).toMatchObject({ ok: false, error: { code: 'bad-version' } });
    expect(decodeSessionPayload(encodeBase64url(new Uint8Array([0x78, 0x9c, 0xff, 0xfe])), ctx)).toMatchObject({
      ok: false,
      error: { code: 'garbled' },
    });
    expect(decodeSessionPayload('', ctx)).toMatchObject({ ok: false, error: { code: 'empty' } });
  });

  it('report a session from a newer version', () => {
    const r = decodeSessionPayload(pack({ v: 7, board: 'nrf52840dk', sample: 'hello_world' }), ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'newer-version' } });
    if (!r.ok) expect(r.error.message).toContain('format 7; this one reads up to 2');
  });
});

describe('values this version does not have', () => {
  const base = { v: 2, board: 'nrf52840dk', sample: 'hello_world' };

  it('a removed board is an error that names it and lists the boards', () => {
    const r = decodeSessionText(JSON.stringify({ ...base, board: 'stm32_old' }), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unknown-board');
      expect(r.error.message).toMatch(
        /^This session is for board "stm32_old", which this version of the playground does not have\. Boards available: nrf52840dk, mps2_an385, /,
      );
    }
  });

  it('a removed sample is an error', () => {
    expect(decodeSessionText(JSON.stringify({ ...base, sample: 'gone' }), ctx)).toEqual({
      ok: false,
      error: { code: 'unknown-sample', message: 'This session uses sample "gone", which this version of the playground does not have.' },
    });
  });

  it('an unknown Kconfig option, view or field is reported and left out, the rest applies', () => {
    const r = decodeSessionText(
      JSON.stringify({ ...base, config: { CONFIG_LLEXT_HEAP_SIZE: 6, CONFIG_LLEXT_GONE: true }, view: 'timeline', colour: 'blue' }),
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      session: { ...plainSession('nrf52840dk', 'hello_world'), config: { CONFIG_LLEXT_HEAP_SIZE: 6 } },
      warnings: [
        { code: 'unknown-field', message: 'The session has a field "colour" this version does not know; it is ignored.' },
        {
          code: 'unknown-option',
          message: 'CONFIG_LLEXT_GONE is not a Kconfig option this version of the playground knows; its value (true) is not applied.',
        },
        {
          code: 'unknown-view',
          message: 'The session opens the view "timeline", which this version does not have; the current view is kept.',
        },
      ],
    });
  });
});

describe('strict validation', () => {
  const base = { v: 2, board: 'nrf52840dk', sample: 'hello_world' };
  const file = { name: 'a.llext', role: 'extension', data: encodeBase64url(sampleBytes('hello_world/hello_world.llext')) };
  const cases: [string, object, string][] = [
    ['board of the wrong type', { ...base, board: 3 }, '"board" must be a string, not 3.'],
    ['wrong value type', { ...base, config: { CONFIG_LLEXT_HEAP_SIZE: '8' } }, 'CONFIG_LLEXT_HEAP_SIZE must be an integer, not "8".'],
    ['config as a list', { ...base, config: [] }, '"config" must be an object of CONFIG_ names and values, not a list.'],
    ['both sample and files', { ...base, files: [file] }, 'The session names a sample and carries files; it must do one or the other.'],
    ['neither', { v: 2, board: 'nrf52840dk' }, 'The session names neither a sample nor files.'],
    ['negative step', { ...base, step: -1 }, '"step" must be a whole number from 0 to 100000000, not -1.'],
    ['fractional step', { ...base, step: 1.5 }, '"step" must be a whole number from 0 to 100000000, not 1.5.'],
    ['bad mode', { ...base, exports: { mode: 'add', text: '' } }, '"exports.mode" must be "merge" or "replace", not "add".'],
    ['app as a list', { ...base, app: [] }, '"app" must be an object, not a list.'],
    ['unknown app call', { ...base, app: { reboot: true } }, '"app" has a field "reboot" this version does not know.'],
    ['heap of 0 KiB', { ...base, app: { heapKiB: 0 } }, '"app.heapKiB" must be a whole number of KiB from 1 to 65536, not 0.'],
    [
      'heap past the model',
      { ...base, app: { dataKiB: 65537 } },
      '"app.dataKiB" must be a whole number of KiB from 1 to 65536, not 65537.',
    ],
    ['flag as text', { ...base, app: { unloadAll: 'yes' } }, '"app.unloadAll" must be true or false, not "yes".'],
    [
      'budget of 0',
      { ...base, app: { cpuBudget: 0 } },
      '"app.cpuBudget" must be a whole number of instructions from 1 to 1,000,000,000, not 0.',
    ],
    [
      'budget past the largest',
      { ...base, app: { cpuBudget: 1e12 } },
      '"app.cpuBudget" must be a whole number of instructions from 1 to 1,000,000,000, not 1000000000000.',
    ],
    [
      'budget as text',
      { ...base, app: { cpuBudget: '5000' } },
      '"app.cpuBudget" must be a whole number of instructions from 1 to 1,000,000,000, not "5000".',
    ],
    [
      'path in a file name',
      { v: 2, board: 'nrf52840dk', files: [{ ...file, name: '../x.llext' }] },
      '"files[0].name" ("../x.llext") is not a plain file name.',
    ],
    [
      'bad role',
      { v: 2, board: 'nrf52840dk', files: [{ ...file, role: 'kernel' }] },
      '"files[0].role" must be "extension" or "zephyr-elf", not "kernel".',
    ],
    [
      'bad data',
      { v: 2, board: 'nrf52840dk', files: [{ ...file, data: 'AAA*' }] },
      '"files[0].data" of a.llext: character 4 ("*") is not base64url.',
    ],
    ['no extension', { v: 2, board: 'nrf52840dk', files: [{ ...file, role: 'zephyr-elf' }] }, 'The session has no extension file.'],
    ['too many files', { v: 2, board: 'nrf52840dk', files: Array(17).fill(file) }, 'The session has 17 files; at most 16 are allowed.'],
    [
      'load order naming nothing',
      { ...base, load: ['hello_world', 'ghost'] },
      '"load" names "ghost", which the session\'s files do not provide (they provide hello_world).',
    ],
    ['load order twice', { ...base, load: ['hello_world', 'hello_world'] }, '"load" names an extension twice.'],
    ['title too long', { ...base, title: 'x'.repeat(201) }, '"title" is longer than 200 characters.'],
  ];
  for (const [what, doc, message] of cases) {
    it(`rejects ${what}`, () => {
      const r = decodeSessionText(JSON.stringify(doc), ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toBe(message);
    });
  }

  it('never throws, whatever the JSON', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = decodeSessionText(JSON.stringify(v), ctx);
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            v: fc.constant(1),
            board: fc.constantFrom('nrf52840dk', 'x'),
            sample: fc.anything(),
            files: fc.anything(),
            step: fc.anything(),
            load: fc.anything(),
            config: fc.anything(),
          },
          { requiredKeys: ['v', 'board'] },
        ),
        (doc) => {
          const r = decodeSessionText(JSON.stringify(doc), ctx);
          return typeof r.ok === 'boolean';
        },
      ),
      { numRuns: 500 },
    );
  });
});
