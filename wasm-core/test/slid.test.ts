// SHA-256 (wasm-core/assembly/slid/sha256.ts) against the FIPS 180-4 example
// vectors and node:crypto, and SLIDs against scripts/build/llext_slidlib.py values.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { freshInstance, type EngineInstance } from '../src/wasm.js';

let e: EngineInstance;
beforeAll(async () => {
  e = await freshInstance();
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const digest = (data: Uint8Array) => hex(e.sha256Digest(data));
const ascii = (s: string) => new TextEncoder().encode(s);

describe('SHA-256 FIPS 180-4 vectors', () => {
  it('empty message', () => {
    expect(digest(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('"abc" (one block)', () => {
    expect(digest(ascii('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('448-bit message (padding spills into a second block)', () => {
    expect(digest(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  it('896-bit message', () => {
    expect(
      digest(ascii('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu')),
    ).toBe('cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1');
  });
  it('one million "a"', () => {
    expect(digest(new Uint8Array(1_000_000).fill(0x61))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
  it('every length around the block and padding boundaries matches node:crypto', () => {
    for (let n = 0; n <= 200; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 131 + n) & 0xff);
      expect(digest(data), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
  it('random byte strings of length 0..300 match node:crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (data) => {
        expect(digest(data)).toBe(createHash('sha256').update(data).digest('hex'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('SLID (llext_slidlib.py)', () => {
  // [symbol, 32-bit SLID, 64-bit SLID]
  const table: [string, bigint, bigint][] = [
    ['printk', 0x87b31052n, 0x87b3105268827052n],
    ['z_impl_ext_syscall_fail', 0xd58bc0e7n, 0xd58bc0e7c64cd965n],
    ['memcpy', 0xaa517fa4n, 0xaa517fa41db4b3ddn],
    ['test_entry', 0x0dcf13b0n, 0x0dcf13b0f264ca87n],
    ['k_sleep', 0x39274653n, 0x39274653685a2944n],
    ['z_impl_ext_syscall_ok', 0x508916b8n, 0x508916b8d3ca877en],
    ['memset', 0x0b96f786n, 0x0b96f786b0eabccfn],
    ['strlen', 0xa46bd920n, 0xa46bd920690b53e2n],
  ];
  for (const [name, s32, s64] of table) {
    it(`${name}: 0x${s32.toString(16).toUpperCase().padStart(8, '0')} / 0x${s64.toString(16).toUpperCase().padStart(16, '0')}`, () => {
      expect(e.slid(name, 4)).toBe(s32);
      expect(e.slid(name, 8)).toBe(s64);
    });
  }
  it('the 32-bit SLID is the top half of the 64-bit one; names are hashed as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 40, unit: 'grapheme' }), (name) => {
        const d = createHash('sha256').update(Buffer.from(name, 'utf8')).digest();
        expect(e.slid(name, 8)).toBe(d.readBigUInt64BE(0));
        expect(e.slid(name, 4)).toBe(BigInt(d.readUInt32BE(0)));
      }),
      { numRuns: 200 },
    );
  });
});
