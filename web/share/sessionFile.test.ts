import { describe, expect, it } from 'vitest';
import { plainSession, type SharedSession } from './document.js';
import { decodeSessionFile, isSessionFile, sessionFileBytes, sessionFileName, sessionFileText } from './sessionFile.js';
import { catalogue, sampleBytes } from '../test-support/samples.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const ctx = { samples: catalogue };

const dropped: SharedSession = {
  ...plainSession('qemu_x86_64', 'x'),
  source: {
    kind: 'files',
    files: [{ name: 'hello_world.x86_64.llext', role: 'extension', bytes: sampleBytes('hello_world/hello_world.x86_64.llext') }],
  },
  config: { CONFIG_LLEXT_HEAP_SIZE: 16 },
  step: 5,
  view: 'memory',
  title: 'x86-64 hello',
};

describe('session files', () => {
  it('are readable JSON whose first key says what they are', () => {
    const text = sessionFileText(plainSession('nrf52840dk', 'hello_world'));
    expect(text).toBe('{\n  "format": "llext-playground-session",\n  "v": 2,\n  "board": "nrf52840dk",\n  "sample": "hello_world"\n}\n');
  });

  it('round-trip a session with a dropped file', () => {
    expect(decodeSessionFile(sessionFileBytes(dropped), ctx)).toEqual({ ok: true, session: dropped, warnings: [] });
  });

  it('are told apart from other inputs by their first bytes', () => {
    expect(isSessionFile(sessionFileBytes(dropped))).toBe(true);
    expect(isSessionFile(enc('\uFEFF\r\n { "format" : "llext-playground-session", "v": 1 }'))).toBe(true);
    expect(isSessionFile(enc('CONFIG_LLEXT=y\n'))).toBe(false);
    expect(isSessionFile(enc('{"v":1,"format":"llext-playground-session"}'))).toBe(false);
    expect(isSessionFile(enc('{"format":"something-else"}'))).toBe(false);
    expect(isSessionFile(sampleBytes('hello_world/hello_world.llext'))).toBe(false);
    expect(isSessionFile(new Uint8Array(0))).toBe(false);
  });

  it('report damage and foreign files clearly', () => {
    expect(decodeSessionFile(enc('{"format":"llext-playground-session","v":1,'), ctx)).toMatchObject({
      ok: false,
      error: { code: 'not-json' },
    });
    expect(decodeSessionFile(enc('CONFIG_LLEXT=y'), ctx)).toEqual({
      ok: false,
      error: { code: 'not-session', message: 'This is not a playground session file.' },
    });
    const bad = new Uint8Array([...enc('{"format":"llext-playground-session","v":1,"title":"'), 0xff, ...enc('"}')]);
    expect(decodeSessionFile(bad, ctx)).toEqual({
      ok: false,
      error: { code: 'garbled', message: 'The session file is damaged: it is not UTF-8 text.' },
    });
  });

  it('get a file name from the title, else sample and board', () => {
    expect(sessionFileName(dropped)).toBe('x86-64-hello.llext-session.json');
    expect(sessionFileName(plainSession('nrf52840dk', 'hello_world'))).toBe('hello_world-nrf52840dk.llext-session.json');
    expect(sessionFileName({ ...dropped, title: '///' })).toBe('session.llext-session.json');
  });
});
