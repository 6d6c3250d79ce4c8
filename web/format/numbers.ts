// Number formatting shared by every view.

export function hex(v: bigint | number, width = 0): string {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  const neg = b < 0n;
  const s = (neg ? -b : b).toString(16).padStart(width, '0');
  return (neg ? '-0x' : '0x') + s;
}

/** Address of the target's pointer width (8 or 16 hex digits). */
export function addr(v: bigint, ptrBytes: number): string {
  const mask = (1n << BigInt(ptrBytes * 8)) - 1n;
  return '0x' + (v & mask).toString(16).padStart(ptrBytes * 2, '0');
}

export function bytesHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export function sizeText(n: bigint | number): string {
  const v = Number(n);
  if (v >= 1024 * 1024 && v % (1024 * 1024) === 0) return `${v / (1024 * 1024)} MiB`;
  if (v >= 1024 && v % 1024 === 0) return `${v / 1024} KiB`;
  if (v >= 10 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${v} B`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
