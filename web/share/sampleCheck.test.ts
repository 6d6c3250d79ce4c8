// The sample check a link carries: computed from the files, carried by the link, and
// compared with the playground's copy when the link is opened.
import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import { encodeBase64url } from './base64url.js';
import { decodeSessionPayload, encodeSessionPayload } from './codec.js';
import { plainSession, type SharedSession } from './document.js';
import { sampleChangeWarning, sampleCheckOf } from './sampleCheck.js';
import { catalogue, sampleBytes } from '../test-support/samples.js';

const ctx = { samples: catalogue };
const pack = (doc: unknown): string => encodeBase64url(zlibSync(new TextEncoder().encode(JSON.stringify(doc))));

const provider = { bytes: sampleBytes('provider_consumer/provider.llext') };
const consumer = { bytes: sampleBytes('provider_consumer/consumer.llext') };

describe('the sample check', () => {
  it("is the Adler-32 of each file, sorted, so the files' order does not matter", () => {
    expect(sampleCheckOf([{ bytes: new TextEncoder().encode('Wikipedia') }])).toBe('11e60398'); // RFC 1950's worked example
    const both = sampleCheckOf([provider, consumer]);
    expect(both).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}$/);
    expect(sampleCheckOf([consumer, provider])).toBe(both);
  });

  it('says nothing for the same files or a session without a check, and names the sample when a file changed', () => {
    const check = sampleCheckOf([provider, consumer]);
    expect(sampleChangeWarning('provider_consumer', check, [consumer, provider])).toBeNull();
    expect(sampleChangeWarning('provider_consumer', undefined, [consumer])).toBeNull();
    const changed = { bytes: provider.bytes.slice() };
    changed.bytes[100] ^= 1;
    expect(sampleChangeWarning('provider_consumer', check, [changed, consumer])).toBe(
      'The sample "provider_consumer" has changed since this session was saved: its files are not the ones the session was made with, so the run shown here may differ from the one that was shared.',
    );
  });

  it('travels in the link and comes back as it was', () => {
    const s: SharedSession = {
      ...plainSession('nrf52840dk', 'provider_consumer'),
      source: { kind: 'sample', id: 'provider_consumer', check: sampleCheckOf([provider, consumer]) },
    };
    expect(decodeSessionPayload(encodeSessionPayload(s), ctx)).toEqual({ ok: true, session: s, warnings: [] });
  });

  it('a malformed check, or one without a sample, is refused with the field named', () => {
    const bad = decodeSessionPayload(pack({ v: 2, board: 'nrf52840dk', sample: 'hello_world', sampleCheck: 'zz' }), ctx);
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'bad-field',
        message: '"sampleCheck" must be up to 16 groups of eight hex digits joined by dots, not "zz". Your current session was kept.',
      },
    });
    const files = decodeSessionPayload(
      pack({
        v: 2,
        board: 'nrf52840dk',
        sampleCheck: '00000001',
        files: [{ name: 'a.llext', role: 'extension', data: encodeBase64url(sampleBytes('hello_world/hello_world.llext')) }],
      }),
      ctx,
    );
    expect(files).toEqual({
      ok: false,
      error: { code: 'bad-field', message: '"sampleCheck" belongs to a session that names a sample. Your current session was kept.' },
    });
  });
});
