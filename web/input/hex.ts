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

/** Why pasted text is not a hex string, pointing at the first offending character. */
export interface HexProblem {
  message: string;
  /** Index in the pasted text of the character to point at (-1 for the text as a whole). */
  index: number;
}

/** Null when parseHexText() accepts the text; otherwise what is wrong and where. */
export function hexProblem(text: string): HexProblem | null {
  const cmd = COMMAND.exec(text);
  const start = cmd ? cmd[0].length : 0;
  let digits = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) continue;
    if (!/[0-9a-fA-F]/.test(c)) {
      const before = text.slice(0, i);
      const line = before.split('\n').length;
      const column = i - before.lastIndexOf('\n');
      const where = text.includes('\n') ? `line ${line}, column ${column}` : `character ${i + 1}`;
      const shown = c.codePointAt(0)! < 0x20 ? `U+${c.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()}` : `'${c}'`;
      return { message: `${shown} at ${where} is not a hex digit (0–9, a–f).`, index: i };
    }
    digits++;
  }
  if (digits === 0) return { message: 'There are no hex digits to decode.', index: -1 };
  if (digits % 2 !== 0)
    return { message: `${digits} hex digits is an odd count: every byte takes two digits, so one is missing.`, index: -1 };
  return null;
}
