// The report as one self-contained HTML file: inline CSS, no scripts, no
// external resources (the one link is to the session, followed only on a click), every value escaped. It opens offline and can be attached
// to a bug report as it is.
import { LINK_TEXT, type ReportModel, omittedNote } from './model.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.6rem;overflow:auto;font:12px/1.4 ui-monospace,monospace}
table{border-collapse:collapse;font:12px/1.4 ui-monospace,monospace;display:block;overflow:auto}
th,td{border:1px solid #d0d7de;padding:.15rem .4rem;text-align:left;white-space:nowrap}th{background:#f6f8fa}
.err{color:#cf222e}.wrn{color:#9a6700}.note{font-style:italic;color:#57606a}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}pre,th{background:#161b22}th,td,pre,h2{border-color:#30363d}.note{color:#8d96a0}}
`.trim();

function logLine(line: string): string {
  const cls = line.startsWith('<err>') ? ' class="err"' : line.startsWith('<wrn>') ? ' class="wrn"' : '';
  return `<span${cls}>${escapeHtml(line)}</span>`;
}

export function renderHtml(m: ReportModel): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing in this file may load anything: the policy says so to the browser too.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(m.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(m.title)}</h1>`,
    // A short link, not the whole URL (session links run to many lines); only http(s) reaches here.
    ...(m.link ? [`<p><a href="${escapeHtml(m.link)}">${LINK_TEXT}</a></p>`] : []),
    '<dl>',
    ...m.summary.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`),
    '</dl>',
    '<h2>Options</h2>',
    m.options.length === 0 ? '<p>The default configuration of the playground.</p>' : `<pre>${m.options.map(escapeHtml).join('\n')}</pre>`,
    '<h2>Log</h2>',
    m.log.lines.length === 0 ? '<p>The log is empty.</p>' : `<pre>${m.log.lines.map(logLine).join('\n')}</pre>`,
  ];
  if (m.log.omitted > 0) out.push(`<p class="note">${escapeHtml(omittedNote('log lines', m.log.omitted))}</p>`);
  for (const t of m.tables) {
    out.push(`<h2>${escapeHtml(t.title)}</h2>`);
    if (t.rows.length === 0) {
      out.push(`<p>${escapeHtml(t.empty)}</p>`);
      continue;
    }
    out.push('<table><thead><tr>', ...t.columns.map((c) => `<th>${escapeHtml(c)}</th>`), '</tr></thead><tbody>');
    for (const r of t.rows) out.push(`<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    out.push('</tbody></table>');
    if (t.omitted > 0) out.push(`<p class="note">${escapeHtml(omittedNote(t.title.toLowerCase(), t.omitted))}</p>`);
  }
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
}
