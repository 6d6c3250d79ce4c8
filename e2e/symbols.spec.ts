import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { loadSample, openPlayground, sampleBytes, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

/** Zephyr's SLID on a 32-bit target: the first 4 bytes of SHA-256(name), big-endian. */
function slid32(name: string): string {
  return `0x${createHash('sha256').update(name).digest().subarray(0, 4).toString('hex')}`;
}

test('turning SLID on shows the hash each import is looked up by', async ({ page }) => {
  await openPlayground(page);
  await loadSample(page, /^Hello world with SLIDs/);
  await showView(page, 'Symbols');
  const imports = page.getByTestId('imports');
  await expect(imports).toContainText('printk');
  await expect(page.getByTestId('slid')).toHaveCount(0);

  await page.locator('input[data-option="CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID"]').check();
  await expect(page.getByTestId('slid')).toHaveText(slid32('printk'));
  expect(slid32('printk')).toBe('0x87b31052'); // the value llext_inject_slids.py wrote into the sample
  await expect(imports).toContainText('Zephyr built-in export table');
});

test('a sample with missing imports lists every missing symbol with the EXPORT_SYMBOL lines to add', async ({ page }) => {
  await openPlayground(page);
  await loadSample(page, /^Missing imports/);
  await showView(page, 'Symbols');
  const box = page.getByTestId('missing-imports');
  await expect(box).toContainText('2 unresolved imports');
  await expect(page.getByTestId('export-lines')).toHaveText('EXPORT_SYMBOL(board_secret_init);\nEXPORT_SYMBOL(undefined_helper);');
  await expect(page.getByTestId('diagnostics')).toContainText('ENODATA');
});

test('a long extension name is whole in the pickers and cut, with a note, in Zephyr log', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'r_counter_jumptable.llext', mimeType: 'application/octet-stream', buffer: sampleBytes('hello_world/hello_world.llext') },
    { name: 'multi_file.llext', mimeType: 'application/octet-stream', buffer: sampleBytes('multi_file/multi_file.llext') },
  ]);
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension r_counter_jumpt\n');
  await expect(page.getByTestId('name-limit-note')).toContainText(
    "Zephyr keeps 15 characters of an extension's name (LLEXT_MAX_NAME_LEN, the size of struct llext's name), so its log says r_counter_jumpt for r_counter_jumptable.",
  );
  for (const view of ['Symbols', 'Sections'] as const) {
    await showView(page, view);
    const picker = page.getByRole('group', { name: 'Extension' });
    await expect(picker.getByRole('button')).toHaveText(['r_counter_jumptable', 'multi_file']);
  }
  await showView(page, 'Symbols');
  await page.getByRole('group', { name: 'Extension' }).getByRole('button', { name: 'r_counter_jumptable' }).click();
  await expect(page.getByRole('heading', { name: /^Imports of r_counter_jumptable/ })).toBeVisible();
});
