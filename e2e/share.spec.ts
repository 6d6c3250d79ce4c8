// Share by link: the link reproduces the run (log, addresses, step) in a fresh
// browser; dropped files travel inside it; broken links change nothing.
import { test, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { unzlibSync, zlibSync } from 'fflate';
import { openPlayground, optionInput, sampleBytes, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share…' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await expect(page.getByTestId('share-size')).toHaveText(/^\d+(\.\d)? (B|KB)$/);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  return link;
}

/** What must be identical after opening the link: the player position, the log, the sections view (addresses). */
async function runState(page: Page): Promise<{ cursor: string; log: string; sections: string }> {
  await showView(page, 'Sections');
  return {
    cursor: await page.getByTestId('cursor').innerText(),
    log: await page.getByTestId('log').innerText(),
    sections: await page.locator('#views .view-body').innerText(),
  };
}

test('a shared link opens the same run at the same step in a fresh browser', async ({ page, browser }) => {
  await openPlayground(page);
  await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').fill('12');
  await showView(page, 'Memory');
  await expect(page.locator('#views')).toContainText('12 KiB');
  // Stop part-way: the link must land on this step, not at the start or the end.
  await page.getByRole('button', { name: 'Go to the end' }).click();
  for (let i = 0; i < 9; i++) await page.getByRole('button', { name: 'Back one event' }).click();
  const before = await runState(page);
  const [at, total] = before.cursor.split(' / ').map(Number);
  expect(at).toBe(total - 9);
  const link = await shareLink(page);
  expect(link).toContain('#session=');

  const fresh = await browser.newContext({ reducedMotion: 'reduce' });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
  await expect(other.getByTestId('cursor')).toHaveText(before.cursor);
  await expect(optionInput(other, 'CONFIG_LLEXT_HEAP_SIZE')).toHaveValue('12');
  expect(await runState(other)).toEqual(before);
  await expect(other.getByTestId('input-messages')).toContainText('Opened the shared session.');
  await fresh.close();
});

test('the application calls travel with the link: unloading everything after the load', async ({ page, browser }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Go to the end' }).click();
  const loadOnly = await page.getByTestId('cursor').innerText();
  await page.getByTestId('app-calls').getByRole('switch', { name: 'Then unload everything' }).check();
  // The run now goes on past the load: more events.
  await expect(page.getByTestId('cursor')).not.toHaveText(loadOnly);
  await page.getByRole('button', { name: 'Go to the end' }).click();
  const before = await runState(page);
  const link = await shareLink(page);

  const fresh = await browser.newContext({ reducedMotion: 'reduce' });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
  await expect(other.getByTestId('app-calls').getByRole('switch', { name: 'Then unload everything' })).toBeChecked();
  expect(await runState(other)).toEqual(before);
  await fresh.close();
});

test('a dropped (non-sample) ELF travels inside the link', async ({ page, browser }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'my_data_mix.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('data_mix/data_mix.llext'),
  });
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension my_data_mix');
  const before = await runState(page);
  const link = await shareLink(page);

  const fresh = await browser.newContext({ reducedMotion: 'reduce' });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('files')).toContainText('my_data_mix.llext');
  await expect(other.getByTestId('run-result')).toContainText('my_data_mix loaded');
  expect(await runState(other)).toEqual(before);
  await fresh.close();
});

test('truncated, garbled and oversized links show a message and keep the current session', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'multi_file.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('multi_file/multi_file.llext'),
  });
  await expect(page.getByTestId('log')).toContainText('Loaded extension multi_file');
  const good = (await shareLink(page)).split('#session=')[1];
  const log = await page.getByTestId('log').innerText();

  // A JSON document padded to 40 MB: a 40 KB link that would expand without bound.
  const bomb = Buffer.from(zlibSync(new TextEncoder().encode(`{"v":1,${' '.repeat(40 * 1024 * 1024)}}`), { level: 9 })).toString(
    'base64url',
  );
  const broken: [string, string][] = [
    ['truncated', good.slice(0, good.length - 10)],
    ['garbled', `${good.slice(0, 20)}*!$${good.slice(23)}`],
    ['oversized', bomb],
  ];
  for (const [what, payload] of broken) {
    await page.evaluate((p) => {
      location.hash = `session=${p}`;
    }, payload);
    const messages = page.getByTestId('input-messages');
    await expect(messages, what).toContainText("This link's session cannot be opened");
    await expect(messages, what).toContainText('Your current session was kept.');
    await expect(page.getByTestId('files')).toContainText('multi_file.llext');
    expect(await page.getByTestId('log').innerText()).toBe(log);
    await page.getByRole('button', { name: 'Dismiss messages' }).click();
  }
  await expect(page.getByTestId('run-result')).toContainText('multi_file loaded');
});

test('a link to a sample whose files have changed since opens with a warning', async ({ page, browser }) => {
  await openPlayground(page);
  const payload = (await shareLink(page)).split('#session=')[1];
  const doc = JSON.parse(new TextDecoder().decode(unzlibSync(Buffer.from(payload, 'base64url')))) as Record<string, unknown>;
  // The link names the sample and carries the check of its file (Adler-32, eight hex digits).
  expect(doc.sample).toBe('hello_world');
  expect(doc.sampleCheck).toMatch(/^[0-9a-f]{8}$/);

  const fresh = await browser.newContext({ reducedMotion: 'reduce' });
  const other = await fresh.newPage();
  const altered = Buffer.from(zlibSync(new TextEncoder().encode(JSON.stringify({ ...doc, sampleCheck: '00000001' })))).toString(
    'base64url',
  );
  await other.goto(`./#session=${altered}`);
  await expect(other.getByTestId('input-messages')).toContainText('The sample "hello_world" has changed since this session was saved');
  await expect(other.getByTestId('run-result')).toContainText('hello_world loaded', { timeout: 20_000 });
  await fresh.close();
});

test('a broken link on a fresh load says so and opens the saved session instead', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'init_fini.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('init_fini/init_fini.llext'),
  });
  await expect(page.getByTestId('run-result')).toContainText('init_fini loaded');
  await page.waitForTimeout(1000); // autosave settles
  await page.goto('about:blank');
  await page.goto('./#session=eNqrVipTsjLUUUrKTyxKUbJSyitKMz');
  await expect(page.getByTestId('input-messages')).toContainText("This link's session cannot be opened");
  await expect(page.getByTestId('files')).toContainText('init_fini.llext');
  await expect(page.getByTestId('run-result')).toContainText('init_fini loaded');
});

test('the session file downloads and can be dropped back in', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'relative_calls.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('relative_calls/relative_calls.llext'),
  });
  await expect(page.getByTestId('run-result')).toContainText('relative_calls loaded');
  await page.getByRole('button', { name: 'Share…' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-session').click()]);
  expect(download.suggestedFilename()).toBe('nrf52840dk.llext-session.json');
  const path = await download.path();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'other.llext', mimeType: 'application/octet-stream', buffer: sampleBytes('hello_world/hello_world.llext') });
  await expect(page.getByTestId('run-result')).toContainText('other loaded');
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('input-messages')).toContainText('Opened the session file');
  await expect(page.getByTestId('files')).toContainText('relative_calls.llext');
  await expect(page.getByTestId('run-result')).toContainText('relative_calls loaded');
});

test('the report of the run downloads as Markdown and as self-contained HTML', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Share…' }).click();
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-md').click()]);
  expect(md.suggestedFilename()).toBe('llext-report-hello_world-nrf52840dk.md');
  const mdText = (await import('node:fs')).readFileSync(await md.path(), 'utf8');
  expect(mdText).toContain('- **Board**: nRF52840 DK \\(nrf52840dk\\), arm');
  expect(mdText).toContain('| hello\\_world | printk | — | zephyr | 0x00001219 |');
  // The session link is a Markdown link whose URL is copied as it is (no backslashes), and it opens the run.
  const mdLink = /^\[Open this session in the playground\]\((http[^)\s\\]+)\)$/m.exec(mdText)?.[1];
  expect(mdLink).toContain('#session=');
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-html').click()]);
  const htmlText = (await import('node:fs')).readFileSync(await html.path(), 'utf8');
  expect(htmlText).toContain('&lt;inf&gt; llext: Loaded extension hello_world');
  expect(htmlText).not.toMatch(/<script|\bsrc=/);
  // One short link at the top instead of the raw URL.
  expect(htmlText.match(/\bhref=/g)).toHaveLength(1);
  expect(htmlText).toContain(`<p><a href="${(mdLink ?? '').replace(/&/g, '&amp;')}">Open this session in the playground</a></p>`);
  const other = await page.context().newPage();
  await other.goto(mdLink ?? '');
  await expect(other.getByTestId('log')).toContainText('<inf> llext: Loaded extension hello_world');
});

test('the Share dialog warns about long links and sends very long ones to the session file', async ({ page }) => {
  await openPlayground(page);
  // An extension padded with bytes that do not compress: the link grows with them.
  const noise = (n: number): Buffer => randomBytes(n);
  const elf = sampleBytes('hello_world/hello_world.llext');
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'padded.llext', mimeType: 'application/octet-stream', buffer: Buffer.concat([elf, noise(9000)]) });
  await expect(page.getByTestId('files')).toContainText('padded.llext');
  await page.getByRole('button', { name: 'Share…' }).click();
  await expect(page.getByTestId('share-warning')).toContainText('chat tools and issue trackers may cut links longer than 8 KB');
  await expect(page.getByTestId('copy-link')).toBeEnabled();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'huge.llext', mimeType: 'application/octet-stream', buffer: Buffer.concat([elf, noise(30000)]) });
  await expect(page.getByTestId('files')).toContainText('huge.llext');
  await page.getByRole('button', { name: 'Share…' }).click();
  await expect(page.getByTestId('share-warning')).toContainText('Download the session file and share that instead.');
  await expect(page.getByTestId('copy-link')).toBeDisabled();
  await expect(page.getByTestId('download-session')).toBeEnabled();
});
