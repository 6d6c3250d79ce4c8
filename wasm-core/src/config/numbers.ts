// Address arithmetic and formatting shared by the export table and the engine
// input builder. Addresses are bigints so 64-bit targets stay exact.

export function alignUp(value: bigint, align: bigint): bigint {
  return ((value + align - 1n) / align) * align;
}

/** 0x-prefixed, zero-padded to the pointer width (8 digits on 32-bit, 16 on 64-bit). */
export function formatAddress(value: bigint, ptrSize: 4 | 8): string {
  return `0x${value.toString(16).padStart(ptrSize * 2, '0')}`;
}

/** Parses "0x1f" or "31"; undefined for anything else. */
export function parseAddressText(text: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text) || /^\d+$/.test(text)) return BigInt(text);
  return undefined;
}

/** FNV-1a (32-bit) of a string's UTF-16 code units; used only to vary sizes deterministically. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Byte-wise string order, as strcmp and the linker's SORT_BY_NAME use. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
