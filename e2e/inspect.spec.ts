// The load parameters (struct llext_load_param) under Application calls, and what the
// inspection API (llext_get_region_info(), llext_get_section_info()) returns, in the Sections
// view; the parameters travel with a share link.
import { expect, test } from '@playwright/test';
import { openPlayground, showView } from './helpers.js';

test('keep_section_info makes llext_get_section_info() answer in the Sections view, and travels with the link', async ({
  page,
  browser,
}) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Go to the end' }).click();
  await showView(page, 'Sections');
  const inspection = page.getByTestId('inspection');
  await inspection.locator('summary').click();
  // hello_world on nrf52840dk: TEXT and RODATA hold something; the section map was freed.
  const regions = inspection.getByRole('table', { name: 'llext_get_region_info()' });
  await expect(regions.getByRole('row', { name: /^0 TEXT/ })).toBeVisible();
  await expect(inspection).toContainText('return -ENOTSUP: the loader freed the section map');

  await page
    .getByTestId('load-params')
    .getByRole('switch', { name: /keep_section_info/ })
    .check();
  await page.getByRole('button', { name: 'Go to the end' }).click();
  const sections = page.getByTestId('inspection').getByRole('table', { name: 'llext_get_section_info()' });
  await expect(sections.getByRole('row', { name: /^1 \.text TEXT 0x0$/ })).toBeVisible();

  await page.getByRole('button', { name: 'Share…' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  const fresh = await browser.newContext({ reducedMotion: 'reduce' });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
  await expect(other.getByTestId('load-params').getByRole('switch', { name: /keep_section_info/ })).toBeChecked();
  await fresh.close();
});
