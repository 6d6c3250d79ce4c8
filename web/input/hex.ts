// The text format of Zephyr's `llext load_hex <name> <hex>` shell command: the
// ELF file as one string of hex digit pairs. Pasted text may keep the command
// in front and may be wrapped over several lines.

export interface HexPayload {
  name: string | null;
  bytes: Uint8Array;
}

const COMMAND = /^\s*(?:uart:~\$\s*)?llext\s+load_hex\s+(\S+)\s+/;

/** Decodes a pasted hex string; null when the text is not one. */
export function parseHexText(text: string): HexPayload | null {
  let name: string | null = null;
  let body = text;
  const cmd = COMMAND.exec(body);
  if (cmd) {
    name = cmd[1];
    body = body.slice(cmd[0].length);
  }
  const digits = body.replace(/\s+/g, '');
  if (digits.length === 0 || digits.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(digits)) return null;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.substr(i * 2, 2), 16);
  return { name, bytes };
}
