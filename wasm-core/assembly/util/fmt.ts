// printf-style helpers producing the exact text Zephyr's log prints.

const HEX = "0123456789abcdef";

/** Lower-case hex without prefix. One string, not one per digit: debug lines print two
 * addresses per relocation. */
export function hex(v: u64): string {
  return v.toString(16);
}

/** `%#x` / `%#zx` / `%#lx` as Zephyr's cbprintf prints them: "0x" prefix, zero too ("0x0":
 * lib/os/cbprintf_complete.c: encode_uint() sets the alternate form whatever the value, where
 * C's printf prints a bare "0"). */
export function hexAlt(v: u64): string {
  return "0x" + hex(v);
}

/** `%p` as Zephyr's cbprintf prints it: "0x" + hex, "(nil)" for NULL. */
export function ptr(v: u64): string {
  return v == 0 ? "(nil)" : "0x" + hex(v);
}

/** Fixed-width upper-case hex with 0x prefix (SLID display, `0x%08X`). */
export function hexUpper(v: u64, digits: i32): string {
  let s = "";
  for (let i = digits - 1; i >= 0; i--) {
    s += HEX.charAt(<i32>((v >> (<u64>i * 4)) & 0xf)).toUpperCase();
  }
  return "0x" + s;
}

/** Fixed-width lower-case hex, no prefix. */
export function hexPad(v: u64, digits: i32): string {
  let s = "";
  for (let i = digits - 1; i >= 0; i--) {
    s += HEX.charAt(<i32>((v >> (<u64>i * 4)) & 0xf));
  }
  return s;
}

export function dec(v: i64): string {
  return v.toString();
}

export function udec(v: u64): string {
  return v.toString();
}
