// SHA-256 (FIPS 180-4) and Zephyr's SLID: the first pointer-size bytes of
// SHA-256(name), read big-endian (scripts/build/llext_slidlib.py).

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots
// of the first 64 primes.
const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** Incremental state: the eight working hash words and the message schedule. */
class Sha256State {
  h: StaticArray<u32> = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  w: StaticArray<u32> = new StaticArray<u32>(64);

  /** Compresses the 64-byte block starting at linear-memory address `p`. */
  block(p: usize): void {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      // Message words are big-endian.
      unchecked((w[t] = bswap<u32>(load<u32>(p + ((<usize>t) << 2)))));
    }
    for (let t = 16; t < 64; t++) {
      const x = unchecked(w[t - 15]),
        y = unchecked(w[t - 2]);
      const s0 = rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3);
      const s1 = rotr<u32>(y, 17) ^ rotr<u32>(y, 19) ^ (y >>> 10);
      unchecked((w[t] = unchecked(w[t - 16]) + s0 + unchecked(w[t - 7]) + s1));
    }
    const h = this.h;
    let a = unchecked(h[0]),
      b = unchecked(h[1]),
      c = unchecked(h[2]),
      d = unchecked(h[3]);
    let e = unchecked(h[4]),
      f = unchecked(h[5]),
      g = unchecked(h[6]),
      hh = unchecked(h[7]);
    for (let t = 0; t < 64; t++) {
      const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = hh + S1 + ch + unchecked(K[t]) + unchecked(w[t]);
      const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = S0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    unchecked((h[0] += a));
    unchecked((h[1] += b));
    unchecked((h[2] += c));
    unchecked((h[3] += d));
    unchecked((h[4] += e));
    unchecked((h[5] += f));
    unchecked((h[6] += g));
    unchecked((h[7] += hh));
  }
}

/** SHA-256 digest (32 bytes) of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const st = new Sha256State();
  const len = <usize>data.length;
  const start = data.dataStart;
  const full = len & ~(<usize>63);
  for (let off: usize = 0; off < full; off += 64) st.block(start + off);

  // Padding (§5.1.1): 0x80, zeros, then the bit length as a 64-bit
  // big-endian integer. The tail plus padding takes one or two blocks.
  const tail = new StaticArray<u8>(128);
  const rest = len - full;
  const tailPtr = changetype<usize>(tail);
  memory.copy(tailPtr, start + full, rest);
  store<u8>(tailPtr + rest, 0x80);
  const tailLen: usize = rest < 56 ? 64 : 128;
  store<u64>(tailPtr + tailLen - 8, bswap<u64>((<u64>len) << 3));
  st.block(tailPtr);
  if (tailLen == 128) st.block(tailPtr + 64);

  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    store<u32>(out.dataStart + ((<usize>i) << 2), bswap<u32>(unchecked(st.h[i])));
  }
  return out;
}

/** SLID of a symbol name: the first `ptrSize` (4 or 8) digest bytes as a big-endian integer. */
export function slidOf(name: string, ptrSize: u32): u64 {
  const d = sha256(Uint8Array.wrap(String.UTF8.encode(name, false)));
  const n: u32 = ptrSize > 8 ? 8 : ptrSize;
  let v: u64 = 0;
  for (let i: u32 = 0; i < n; i++) v = (v << 8) | (<u64>d[i]);
  return v;
}
