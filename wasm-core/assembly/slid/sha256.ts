// SHA-256 (FIPS 180-4) and Zephyr's SLID: the first pointer-size bytes of
// SHA-256(name), read big-endian (scripts/build/llext_slidlib.py).
// Placeholder: implemented by the SLID work.

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(32);
}

export function slidOf(name: string, ptrSize: u32): u64 {
  const d = sha256(Uint8Array.wrap(String.UTF8.encode(name, false)));
  let v: u64 = 0;
  for (let i: u32 = 0; i < ptrSize; i++) v = (v << 8) | <u64>d[i];
  return v;
}
