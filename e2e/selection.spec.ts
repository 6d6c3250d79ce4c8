// A selection in any of Memory, Sections, Symbols and Relocations highlights its
// counterparts in the other three, and the selected row stays in view.
import { test, expect, type Page } from '@playwright/test';
import { loadSample, openPlayground, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

const blockRow = (page: Page, purpose: string) =>
  page
    .getByTestId('heap-blocks')
    .locator('tbody tr')
    .filter({ has: page.getByRole('button', { name: purpose, exact: true }) });
const sectionRow = (page: Page, name: string) =>
  page.locator('.sections-view table tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
const symbolRow = (page: Page, name: string) =>
  page.locator('.symbols-view table tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
const relocRow = (page: Page, symbol: string) => page.getByTestId('reloc-grid').getByRole('row').filter({ hasText: symbol });

async function openSectionTable(page: Page): Promise<void> {
  const details = page.getByTestId('section-table');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

test('Memory -> Sections, Symbols, Relocations: the TEXT block selects .text, test_entry and its relocations', async ({ page }) => {
  await openPlayground(page);
  await showView(page, 'Memory');
  await blockRow(page, 'region TEXT').getByRole('button').click();
  await expect(blockRow(page, 'region TEXT')).toHaveClass(/selected/);
  await showView(page, 'Sections');
  await expect(page.locator('.sections-view .region-box.selected .region-name')).toHaveText('TEXT');
  await openSectionTable(page);
  await expect(sectionRow(page, '.text')).toHaveClass(/selected/);
  await expect(sectionRow(page, '.rodata')).not.toHaveClass(/selected/);
  await showView(page, 'Symbols');
  await expect(symbolRow(page, 'test_entry').first()).toHaveClass(/selected/);
  await showView(page, 'Relocations');
  await expect(relocRow(page, 'printk')).toHaveClass(/related/);
});

test('Sections -> Memory, Symbols, Relocations', async ({ page }) => {
  await openPlayground(page);
  await showView(page, 'Sections');
  await openSectionTable(page);
  await sectionRow(page, '.text').getByRole('button').click();
  await showView(page, 'Memory');
  await expect(blockRow(page, 'region TEXT')).toHaveClass(/selected/);
  await expect(blockRow(page, 'region EXPORT')).not.toHaveClass(/selected/);
  await showView(page, 'Symbols');
  await expect(symbolRow(page, 'test_entry').first()).toHaveClass(/selected/);
  await showView(page, 'Relocations');
  await expect(relocRow(page, 'printk')).toHaveClass(/related/);
});

test('Symbols -> Memory, Sections, Relocations', async ({ page }) => {
  await openPlayground(page);
  await showView(page, 'Symbols');
  await symbolRow(page, 'test_entry').first().getByRole('button').click();
  await showView(page, 'Memory');
  await expect(blockRow(page, 'region TEXT')).toHaveClass(/selected/);
  await showView(page, 'Sections');
  await openSectionTable(page);
  await expect(sectionRow(page, '.text')).toHaveClass(/selected/);
  await showView(page, 'Relocations');
  await expect(relocRow(page, 'test_entry')).toHaveClass(/related/);
  await expect(relocRow(page, 'printk')).not.toHaveClass(/related/);
});

test('Relocations -> Memory, Sections, Symbols; the selected row stays in view above the details', async ({ page }) => {
  await openPlayground(page);
  await showView(page, 'Relocations');
  const row = relocRow(page, 'test_entry');
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('reloc-grid')).toBeVisible();
  // The details pane shrank the grid; the selected row is still fully inside it.
  await expect
    .poll(async () => {
      const grid = await page.getByTestId('reloc-grid').boundingBox();
      const r = await row.boundingBox();
      return !!grid && !!r && r.y >= grid.y && r.y + r.height <= grid.y + grid.height + 1;
    })
    .toBe(true);
  await showView(page, 'Memory');
  await expect(blockRow(page, 'region EXPORT')).toHaveClass(/selected/);
  await showView(page, 'Sections');
  await openSectionTable(page);
  await expect(sectionRow(page, '.exported_sym')).toHaveClass(/selected/);
  await showView(page, 'Symbols');
  await expect(symbolRow(page, 'test_entry').first()).toHaveClass(/selected/);
});

test('a relocation selected at the bottom of the table stays in view when the details open', async ({ page }) => {
  await openPlayground(page);
  await loadSample(page, /^Data, BSS and rodata with pointers/);
  await showView(page, 'Relocations');
  const grid = page.getByTestId('reloc-grid');
  await expect(grid.getByRole('row')).not.toHaveCount(0);
  // The lowest row wholly inside the table before anything is selected.
  const box = await grid.boundingBox();
  if (!box) throw new Error('no grid');
  const rows = grid.getByRole('row');
  let pick = -1;
  for (let i = 0; i < (await rows.count()); i++) {
    const r = await rows.nth(i).boundingBox();
    if (r && r.y + r.height <= box.y + box.height) pick = i;
  }
  expect(pick).toBeGreaterThan(2);
  const row = rows.nth(pick);
  const n = await row.getAttribute('aria-rowindex');
  await row.click();
  const selected = grid.locator(`[role="row"][aria-rowindex="${n}"]`);
  await expect(selected).toHaveAttribute('aria-selected', 'true');
  await expect
    .poll(async () => {
      const g = await grid.boundingBox();
      const r = await selected.boundingBox();
      return !!g && !!r && r.y >= g.y && r.y + r.height <= g.y + g.height + 1;
    })
    .toBe(true);
});
