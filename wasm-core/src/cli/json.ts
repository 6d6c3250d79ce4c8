// JSON output of the CLI: bigints as 0x-hex strings, two-space indentation.
export function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? '0x' + x.toString(16) : x), 2);
}
