import { test, expect } from '@playwright/test';
import { openPlayground, sampleBytes } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('a file for another architecture: the verdict is above the fold, one click switches the board', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'hello_world.riscv32-medlow.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('hello_world/hello_world.riscv32-medlow.llext'),
  });
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-cause', 'arch-mismatch', { timeout: 20_000 });
  await expect(verdict).toBeInViewport();
  await expect(verdict).toContainText('was built for riscv');
  await expect(page.getByTestId('file-mismatch')).toContainText('built for riscv');
  await page.screenshot({ path: '.shots/verdict-arch-mismatch.png' });
  const fix = page.getByTestId('verdict-fix').filter({ hasText: 'qemu_riscv32' });
  await expect(fix).toContainText('verified: On qemu_riscv32 it loads');
  await fix.getByTestId('apply-fix').click();
  await expect(page.getByTestId('run-result')).toContainText('loaded', { timeout: 20_000 });
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-status', 'loaded', { timeout: 20_000 });
  await page.screenshot({ path: '.shots/verdict-after-switch.png' });
});

test('an Xtensa object: switched to an Xtensa board, it loads with hazards', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'data_mix.lx106.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('data_mix/data_mix.lx106.llext'),
  });
  // The Xtensa object on the default ARM board, then on an Xtensa board: loaded, but with hazards.
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-cause', 'arch-mismatch', { timeout: 20_000 });
  const fix = page.getByTestId('verdict-fix').filter({ hasText: 'esp32s3_devkitc' });
  await expect(fix).toContainText('it loads, but');
  await fix.getByTestId('apply-fix').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-status', 'loaded-with-hazards', { timeout: 20_000 });
  await expect(page.getByTestId('verdict-header')).toContainText('loaded, but');
  await expect(page.getByTestId('verdict')).toBeInViewport();
  await page.screenshot({ path: '.shots/verdict-hazards.png' });
});
