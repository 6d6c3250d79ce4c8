import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import { adler32, inflateBounded } from './boundedInflate.js';

describe('bounded zlib inflation', () => {
  it('computes Adler-32 like zlib', () => {
    // The classic example: adler32("Wikipedia") = 0x11E60398.
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
    // 100 000 bytes of 0xff exercise the modulo folding: a = 1 + 255*100000 mod 65521.
    const a = (1 + 255 * 100000) % 65521;
    let b = 0;
    for (let i = 1; i <= 100000; i++) b = (b + 1 + 255 * i) % 65521;
    expect(adler32(new Uint8Array(100000).fill(0xff))).toBe(((b << 16) | a) >>> 0);
  });

  it('returns the original bytes', () => {
    const text = new TextEncoder().encode('{"v":1,"board":"nrf52840dk","sample":"hello_world"}'.repeat(50));
    const r = inflateBounded(zlibSync(text), 1 << 20);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe(new TextDecoder().decode(text));
  });

  it('stops a zip bomb long before it expands', () => {
    // 64 MiB of zeros compress to about 64 KB.
    const bomb = zlibSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const r = inflateBounded(bomb, 1024 * 1024);
    expect(r).toEqual({ ok: false, reason: 'too-large', message: 'it expands to more than 1048576 bytes' });
  });

  it('reports cut and altered data as damaged', () => {
    const packed = zlibSync(new TextEncoder().encode('hello hello hello, extension loader'));
    expect(inflateBounded(packed.subarray(0, packed.length - 6), 1000)).toMatchObject({ ok: false, reason: 'corrupt' });
    const flipped = packed.slice();
    flipped[packed.length - 1] ^= 1;
    expect(inflateBounded(flipped, 1000)).toEqual({
      ok: false,
      reason: 'corrupt',
      message: 'the checksum does not match (the link was altered)',
    });
    expect(inflateBounded(new Uint8Array([1, 2, 3, 4, 5, 6, 7]), 1000)).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(inflateBounded(new Uint8Array(0), 1000)).toMatchObject({ ok: false, reason: 'corrupt' });
  });
});
