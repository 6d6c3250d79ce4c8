import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64url, encodeBase64url } from './base64url.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('base64url', () => {
  it('encodes the RFC 4648 test vectors without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, coded] of vectors) {
      expect(encodeBase64url(ascii(plain))).toBe(coded);
      const back = decodeBase64url(coded);
      expect(back.ok && new TextDecoder().decode(back.bytes)).toBe(plain);
    }
  });

  it('uses - and _ where standard base64 has + and /', () => {
    // 0xfb 0xff 0xbf is "+/+/" in standard base64.
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it('rejects characters outside the alphabet, impossible lengths and altered last characters', () => {
    expect(decodeBase64url('Zm9v+g')).toEqual({ ok: false, message: 'character 5 ("+") is not base64url' });
    expect(decodeBase64url('Zm9v=')).toEqual({
      ok: false,
      message: '5 characters cannot be base64url (one character too many or too few)',
    });
    expect(decodeBase64url('Zm9vé')).toMatchObject({ ok: false });
    // "Zh" is "f" with a stray low bit: no encoder writes it.
    expect(decodeBase64url('Zh')).toMatchObject({
      ok: false,
      message: 'the last character has bits set that no byte uses (the text was altered)',
    });
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const back = decodeBase64url(encodeBase64url(bytes));
        return back.ok && back.bytes.length === bytes.length && back.bytes.every((b, i) => b === bytes[i]);
      }),
    );
  });
});
