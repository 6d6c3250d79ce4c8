// The report as Markdown (GitHub-flavoured): for issues and notes.
import { LINK_TEXT, type ReportModel, omittedNote } from './model.js';

/** Escapes text for a Markdown table cell or paragraph: no markup, no HTML, one line. */
export function mdText(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_{}[\]()#+!|<>~&]/g, (c) => `\\${c}`);
}

/** A URL as a Markdown link destination: never backslash-escaped (the copied link must work), with
 * the few characters that would end the destination percent-encoded instead. */
export function mdUrl(url: string): string {
  return url.replace(/[\s()<>\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Log lines go in a fenced block: only a fence inside could break out, so the fence is longer than any run of backquotes. */
function fence(lines: string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${lines.join('\n')}\n${f}`;
}

export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [`# ${mdText(m.title)}`, ''];
  if (m.link) out.push(`[${LINK_TEXT}](${mdUrl(m.link)})`, '');
  for (const [k, v] of m.summary) out.push(`- **${mdText(k)}**: ${mdText(v)}`);
  out.push('', '## Options', '');
  out.push(m.options.length === 0 ? 'The default configuration of the playground.' : fence(m.options));
  out.push('', '## Log', '');
  out.push(m.log.lines.length === 0 ? 'The log is empty.' : fence(m.log.lines));
  if (m.log.omitted > 0) out.push('', mdText(omittedNote('log lines', m.log.omitted)));
  for (const t of m.tables) {
    out.push('', `## ${mdText(t.title)}`, '');
    if (t.rows.length === 0) {
      out.push(mdText(t.empty));
      continue;
    }
    out.push(`| ${t.columns.map(mdText).join(' | ')} |`, `|${t.columns.map(() => ' --- ').join('|')}|`);
    for (const r of t.rows) out.push(`| ${r.map(mdText).join(' | ')} |`);
    if (t.omitted > 0) out.push('', mdText(omittedNote(t.title.toLowerCase(), t.omitted)));
  }
  return `${out.join('\n')}\n`;
}
