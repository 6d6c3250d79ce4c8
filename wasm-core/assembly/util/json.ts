// Minimal JSON text helpers for the engine's string-returning exports.

const HEX_DIGITS = "0123456789abcdef";

/** `s` as a quoted JSON string literal (quotes, backslashes and control characters escaped). */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch == 0x22) out += '\\"';
    else if (ch == 0x5c) out += "\\\\";
    else if (ch == 0x0a) out += "\\n";
    else if (ch == 0x0d) out += "\\r";
    else if (ch == 0x09) out += "\\t";
    else if (ch < 0x20) {
      out += "\\u00" + HEX_DIGITS.charAt(ch >> 4) + HEX_DIGITS.charAt(ch & 0xf);
    } else out += String.fromCharCode(ch);
  }
  return out + '"';
}

/** `{"error":"..."}` */
export function jsonError(message: string): string {
  return '{"error":' + jsonString(message) + "}";
}
