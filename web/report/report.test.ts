import { describe, expect, it } from 'vitest';
import { simulate } from '@core/engine.js';
import { emptyDocument, type SimulationDocument } from '@core/document.js';
import { prepareSession } from '@core/session.js';
import { sampleBytes } from '../test-support/samples.js';
import { escapeHtml, renderHtml } from './html.js';
import { mdText, mdUrl, renderMarkdown } from './markdown.js';
import { CAPS, type ReportInput, buildReport } from './model.js';

async function helloWorld(): Promise<SimulationDocument> {
  const files = [{ name: 'hello_world.llext', bytes: sampleBytes('hello_world/hello_world.llext') }];
  // At debug level, so that the log has a line per relocation.
  const p = await prepareSession({ board: 'nrf52840dk', files, defines: ['CONFIG_LLEXT_LOG_LEVEL_DBG=y'] });
  return (await simulate({ files: p.files, config: p.config })).document;
}

const input = (document: SimulationDocument, over: Partial<ReportInput> = {}): ReportInput => ({
  title: 'hello_world on nrf52840dk',
  boardId: 'nrf52840dk',
  boardName: 'nRF52840 DK',
  files: [{ name: 'hello_world.llext', size: 1234 }],
  optionLines: ['CONFIG_LLEXT_HEAP_SIZE=12'],
  document,
  generatedAt: '2026-01-02T03:04:05.000Z',
  link: 'https://example.org/#session=abc',
  ...over,
});

describe('Markdown report', () => {
  it('has the board, the options, the log and a row for each relocation', async () => {
    const md = renderMarkdown(buildReport(input(await helloWorld())));
    expect(md).toContain('# hello\\_world on nrf52840dk\n');
    expect(md).toContain('- **Result**: every action succeeded\n');
    expect(md).toContain('- **Board**: nRF52840 DK \\(nrf52840dk\\), arm\n');
    expect(md).toContain('- **Files**: hello\\_world.llext \\(1234 bytes\\)\n');
    expect(md).toContain('## Options\n\n```text\nCONFIG_LLEXT_HEAP_SIZE=12\n```');
    expect(md).toContain('<dbg> llext: llext_link: writing relocation type 2 at 0x20002bdc with symbol printk (0x1219)');
    expect(md).toContain('| heap | base | size | used | free | largest free |');
    expect(md).toContain('| hello\\_world | TEXT | llext\\_heap | 0x20002bc4 | 40 | 40 | 4 | no |');
    expect(md).toContain('| hello\\_world | printk | — | zephyr | 0x00001219 |');
    // printk's address 0x00001219 written little-endian over the zero literal at .text+0x18 (P = 0x20002bdc).
    expect(md).toContain(
      '| hello\\_world | .text | 0x18 | R\\_ARM\\_ABS32 | printk | 0x00001219 | 0x0 | 0x20002bdc | 0x00001219 | 00000000 | 19120000 | 0 | — |',
    );
    // With the MPU on (the board's default), the text sits in execute-never SRAM.
    expect(md).toContain(
      '## Diagnostics\n\n| severity | code | text |\n| --- | --- | --- |\n| warning | text-not-executable | The text of hello\\_world \\(0x20002bc4-0x20002bec\\) lies in SRAM\\_0 \\(0x20000000-0x20040000\\),',
    );
  });

  it('gives extensions their whole names where Zephyr cut them, except in the log', () => {
    const doc: SimulationDocument = {
      ...emptyDoc(),
      log: ['<inf> llext: Loaded extension r_counter_jumpt'],
      actions: [{ action: 'load', ext: 'r_counter_jumpt', ret: 0 }],
    } as SimulationDocument;
    const md = renderMarkdown(buildReport(input(doc, { fullNames: new Map([['r_counter_jumpt', 'r_counter_jumptable']]) })));
    expect(md).toContain('| load | r\\_counter\\_jumptable | 0 |');
    expect(md).toContain('<inf> llext: Loaded extension r_counter_jumpt\n');
  });

  it('links the session with the URL as it is, so the copied link works', () => {
    const link = 'https://example.org/llext/?x=1&y_z=2#session=AbC-_d*e';
    const md = renderMarkdown(buildReport(input(emptyDoc(), { link })));
    expect(md).toContain(`\n[Open this session in the playground](${link})\n`);
    expect(mdUrl('https://e.org/a (b)<c>')).toBe('https://e.org/a%20%28b%29%3Cc%3E');
    const unsafe = renderMarkdown(buildReport(input(emptyDoc(), { link: 'javascript:alert(1)' })));
    expect(unsafe).not.toContain('javascript');
  });

  it('escapes Markdown and HTML in cells, and fences log lines that contain backquotes', () => {
    expect(mdText('a|b <i>x</i> `c` *d*\nnext')).toBe('a\\|b \\<i\\>x\\</i\\> \\`c\\` \\*d\\* next');
    const doc = { ...emptyDoc(), log: ['<err> llext: name ```evil``` here'] };
    const md = renderMarkdown(buildReport(input(doc)));
    expect(md).toContain('````text\n<err> llext: name ```evil``` here\n````');
  });
});

describe('HTML report', () => {
  it('is one self-contained page: inline style, no scripts, nothing loaded from anywhere', async () => {
    const html = renderHtml(buildReport(input(await helloWorld())));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import/i);
    // The one hyperlink is the session link, under the title, as a few words instead of the long URL.
    expect(html.match(/\bhref=/g)).toHaveLength(1);
    expect(html).toContain(
      '<h1>hello_world on nrf52840dk</h1>\n<p><a href="https://example.org/#session=abc">Open this session in the playground</a></p>',
    );
    expect(html).not.toContain('<dd>https://example.org/#session=abc</dd>');
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toContain('<dt>Board</dt><dd>nRF52840 DK (nrf52840dk), arm</dd>');
    expect(html).toContain('&lt;dbg&gt; llext: llext_link: writing relocation type 2 at 0x20002bdc with symbol printk (0x1219)');
    expect(html).toContain('<tr><td>hello_world</td><td>.text</td><td>0x18</td><td>R_ARM_ABS32</td><td>printk</td>');
  });

  it('escapes everything that comes from the session', () => {
    const hostile = '<script>alert("x")</script>&\'';
    const doc: SimulationDocument = {
      ...emptyDoc(),
      ok: false,
      errno: 61,
      message: hostile,
      log: [`<err> llext: ${hostile}`],
      imports: [{ ext: hostile, name: hostile, slid: null, resolvedFrom: 'unresolved', addr: null }],
    };
    const html = renderHtml(buildReport(input(doc, { title: hostile, files: [{ name: hostile, size: 1 }] })));
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<title>${escapeHtml(hostile)}</title>`);
    expect(escapeHtml(hostile)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html).toContain('<span class="err">&lt;err&gt; llext: &lt;script&gt;');
    expect(html).toContain('<dt>Result</dt><dd>failed: errno 61 (&lt;script&gt;');
  });
});

describe('long runs', () => {
  it('cap long tables and the log, and say how much was left out', () => {
    const reloc = (i: number): SimulationDocument['relocations'][number] => ({
      ext: 'big',
      section: '.text',
      relSection: 2,
      offset: `0x${(i * 4).toString(16)}`,
      type: 2,
      typeName: 'R_ARM_ABS32',
      symbol: `f${i}`,
      S: '0x1',
      A: '0x0',
      P: '0x2',
      value: '0x1',
      abiValue: '0x1',
      before: '00000000',
      after: '01000000',
      abiAfter: '01000000',
      ret: 0,
      abiRet: 0,
      quirk: null,
    });
    const doc: SimulationDocument = {
      ...emptyDoc(),
      relocations: Array.from({ length: 1000 }, (_, i) => reloc(i)),
      log: Array.from({ length: 2500 }, (_, i) => `<dbg> llext: line ${i}`),
    };
    const model = buildReport(input(doc));
    const relocs = model.tables.find((t) => t.title === 'Relocations');
    expect(relocs?.rows).toHaveLength(CAPS.relocations);
    expect(relocs?.omitted).toBe(700);
    expect(model.log).toMatchObject({ omitted: 500 });
    const md = renderMarkdown(model);
    expect(md).toContain("700 more relocations not shown; the session link or the CLI's --json output has them all.");
    expect(md).toContain('500 more log lines not shown');
    expect(md).toContain('| big | .text | 0x4ac | R\\_ARM\\_ABS32 | f299 |');
    expect(md).not.toContain('| f300 |');
    expect(renderHtml(model)).toContain('<p class="note">700 more relocations not shown;');
  });
});

function emptyDoc(): SimulationDocument {
  return { ...emptyDocument(), zephyr: '4.4', board: 'nrf52840dk', arch: 'arm' };
}
