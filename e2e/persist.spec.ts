// Saved work: the open session, dropped files included, survives a reload;
// recent sessions can be reopened and deleted.
import { test, expect } from '@playwright/test';
import { loadSample, openPlayground, optionInput, sampleBytes } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('reload restores the session, dropped files and changed options included', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'dropped_mix.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('data_mix/data_mix.riscv32-medany.llext'),
  });
  await page.getByRole('combobox', { name: /board/i }).selectOption('qemu_riscv32');
  await expect(page.getByTestId('run-result')).toContainText('dropped_mix loaded');
  await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').fill('20');
  await expect(page.locator('#views')).toContainText('20 KiB');
  const log = await page.getByTestId('log').innerText();
  await page.waitForTimeout(1200); // the autosave delay

  await page.reload();
  await expect(page.getByTestId('run-result')).toContainText('dropped_mix loaded', { timeout: 20_000 });
  await expect(page.getByTestId('files')).toContainText('dropped_mix.llext');
  await expect(optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE')).toHaveValue('20');
  await expect(page.getByRole('combobox', { name: /board/i })).toHaveValue('qemu_riscv32');
  expect(await page.getByTestId('log').innerText()).toBe(log);
});

test('recent sessions can be reopened and deleted', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'first_work.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('init_fini/init_fini.llext'),
  });
  await expect(page.getByTestId('run-result')).toContainText('first_work loaded');
  await page.waitForTimeout(1000);
  await loadSample(page, /^Data, BSS and rodata/);
  await expect(page.getByTestId('run-result')).toContainText('data_mix loaded');
  await page.waitForTimeout(1000);

  await page.getByRole('button', { name: 'Recent…' }).click();
  const list = page.getByTestId('recent-list');
  await expect(list.locator('li')).toHaveCount(3); // the default sample, the dropped file, the sample
  await expect(list.locator('li').nth(0)).toContainText('data_mix on nrf52840dk');
  await expect(list.locator('li').nth(1)).toContainText('first_work.llext on nrf52840dk');
  await list.locator('li').nth(1).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('files')).toContainText('first_work.llext');
  await expect(page.getByTestId('run-result')).toContainText('first_work loaded');

  await page.getByRole('button', { name: 'Recent…' }).click();
  await list.getByRole('button', { name: 'Delete hello_world on nrf52840dk' }).click();
  await expect(list.locator('li')).toHaveCount(2);
  await expect(list).not.toContainText('hello_world on nrf52840dk');
});
