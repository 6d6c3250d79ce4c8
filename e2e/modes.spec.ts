// Embed and presenter modes: read-only views of a session, stepped by key.
import { test, expect } from '@playwright/test';
import { openPlayground } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

async function presentLink(page: import('@playwright/test').Page, mode: 'an embed' | 'a presentation'): Promise<string> {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  const link = await page.getByTestId('share-link').inputValue();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  return link;
}

test('?view=embed shows the run read-only and steps by key', async ({ page, browser }) => {
  const link = await presentLink(page, 'an embed');
  expect(new URL(link).searchParams.get('view')).toBe('embed');
  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const embed = await ctx.newPage();
  await embed.goto(link);
  await expect(embed.getByTestId('run-result')).toContainText('hello_world loaded', { timeout: 20_000 });
  // Read-only: no inputs, no configuration, no sharing or saving controls.
  await expect(embed.getByTestId('files')).toHaveCount(0);
  await expect(embed.getByRole('tablist', { name: 'Configuration' })).toHaveCount(0);
  await expect(embed.getByRole('button', { name: 'Share…' })).toHaveCount(0);
  await expect(embed.getByRole('link', { name: 'Open in the playground' })).toHaveAttribute(
    'href',
    /^http:\/\/127\.0\.0\.1:\d+\/#session=/,
  );
  const cursor = embed.getByTestId('cursor');
  const [, total] = (await cursor.innerText()).split(' / ');
  await embed.locator('body').press('Home');
  await expect(cursor).toHaveText(`0 / ${total}`);
  await embed.locator('body').press('ArrowRight');
  await expect(cursor).toHaveText(`1 / ${total}`);
  await embed.locator('body').press('PageDown');
  await expect(cursor).not.toHaveText(`1 / ${total}`);
  // The embed saves nothing in this browser: it is a view of someone else's session.
  expect(await embed.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('llext-playground');
  await ctx.close();
});

test('?view=present uses large type and keeps the link in the address', async ({ page, browser }) => {
  const link = await presentLink(page, 'a presentation');
  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const present = await ctx.newPage();
  await present.goto(link);
  await expect(present.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
  await expect(present.locator('.app')).toHaveClass(/mode-present/);
  const zoom = await present.locator('.main').evaluate((el) => getComputedStyle(el).zoom);
  expect(Number(zoom)).toBeGreaterThan(1.2);
  // Reloading a presentation shows the same session: the fragment stays.
  expect(present.url()).toContain('#session=');
  await ctx.close();
});
