// Edits one option in prj.conf text, keeping everything else (comments, order,
// the user's formatting). Used by the options panel and the one-click fixes.

const lineOf = (name: string): RegExp => new RegExp(`^\\s*(?:${name}\\s*=.*|#\\s*${name} is not set\\s*)$`);

/** Sets `name` to `value` ('y', 'n', '12', '"text"'), or removes it when value is null. */
export function setOption(text: string, name: string, value: string | null): string {
  const lines = text.split('\n');
  const re = lineOf(name);
  const hits = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
  if (value === null) return lines.filter((_, i) => !hits.includes(i)).join('\n');
  const line = `${name}=${value}`;
  if (hits.length === 0) {
    const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return `${body}${line}\n`;
  }
  // The last assignment wins in Kconfig: replace it, drop the earlier ones.
  const last = hits[hits.length - 1];
  return lines
    .filter((_, i) => i === last || !hits.includes(i))
    .map((l) => (re.test(l) ? line : l))
    .join('\n');
}
