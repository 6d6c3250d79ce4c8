// Share links under mutation: random and mutated `#session=…` payloads (characters changed,
// dropped, inserted, cut short; compressed bytes flipped; random strings) never throw out of
// the decoder, and every refusal says why and that the current session was kept.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import { decodeSessionPayload, encodeSessionPayload, readFragment, sessionLink } from './codec.js';
import { plainSession, type SharedSession } from './document.js';
import { catalogue, sampleBytes } from '../test-support/samples.js';

const ctx = { samples: catalogue };
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const sessions: SharedSession[] = [
  { ...plainSession('nrf52840dk', 'hello_world'), config: { CONFIG_LLEXT_HEAP_SIZE: 4 }, step: 7, view: 'relocations' },
  {
    ...plainSession('nrf52840dk', 'x'),
    source: {
      kind: 'files',
      files: [{ name: 'consumer.llext', role: 'extension', bytes: sampleBytes('provider_consumer/consumer.llext') }],
    },
  },
];
const payloads = sessions.map(encodeSessionPayload);

type Edit = { at: number; kind: 'set' | 'drop' | 'insert'; char: number } | { at: number; kind: 'cut' };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('set' as const, 'drop' as const, 'insert' as const),
    char: fc.nat({ max: ALPHABET.length + 3 }),
  }),
  fc.record({ at: fc.nat(), kind: fc.constant('cut' as const) }),
);

function applyEdits(payload: string, edits: Edit[]): string {
  let s = payload;
  for (const e of edits) {
    if (s.length === 0) break;
    const at = e.at % s.length;
    // A few characters outside the alphabet too (%, =, space).
    const c = e.kind === 'cut' ? '' : (ALPHABET[e.char] ?? ['%', '=', ' '][e.char - ALPHABET.length] ?? '.');
    if (e.kind === 'set') s = s.slice(0, at) + c + s.slice(at + 1);
    else if (e.kind === 'drop') s = s.slice(0, at) + s.slice(at + 1);
    else if (e.kind === 'insert') s = s.slice(0, at) + c + s.slice(at);
    else s = s.slice(0, at);
  }
  return s;
}

function checkRefusalOrSession(payload: string): void {
  const r = decodeSessionPayload(payload, ctx);
  if (r.ok) expect(r.session.board).toBeTypeOf('string');
  else {
    expect(r.error.code).toMatch(/^[a-z-]+$/);
    expect(r.error.message).toMatch(/Your current session was kept\.$/);
  }
}

describe('share link payloads under mutation', () => {
  it('decode edited payloads to a session or a refusal, never an exception', () => {
    fc.assert(
      fc.property(fc.nat({ max: payloads.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (i, edits) => {
        checkRefusalOrSession(applyEdits(payloads[i]!, edits));
      }),
      { numRuns: 3000, seed: 6 },
    );
  });

  it('decode payloads whose compressed bytes were flipped', () => {
    fc.assert(
      fc.property(fc.nat({ max: payloads.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (i, at, bits) => {
        const d = decodeBase64url(payloads[i]!);
        if (!d.ok) throw new Error('the fixture payload does not decode');
        const bytes = d.bytes.slice();
        bytes[at % bytes.length]! ^= bits;
        checkRefusalOrSession(encodeBase64url(bytes));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('decode random strings and random compressed text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => checkRefusalOrSession(s)),
      { numRuns: 2000, seed: 8 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        checkRefusalOrSession(encodeBase64url(zlibSync(new TextEncoder().encode(s))));
      }),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('read any fragment as a request without throwing', () => {
    const link = sessionLink('https://example.org/', sessions[0]!);
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 4 }), (edits) => {
        const hash = applyEdits(link.slice(link.indexOf('#')), edits);
        expect(['none', 'session', 'lesson']).toContain(readFragment(hash).kind);
      }),
      { numRuns: 2000, seed: 10 },
    );
  });
});
