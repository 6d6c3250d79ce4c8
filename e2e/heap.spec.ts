import { test, expect } from '@playwright/test';
import { loadSample, openPlayground, optionInput } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

// On qemu_x86_64 every region is page-aligned (CONFIG_MMU), so hello_world needs
// a heap far bigger than the 8 KiB default: the engine's solver says how big.
test('a heap below what the sample needs fails with ENOMEM, and the one-click fix makes it load', async ({ page }) => {
  await openPlayground(page);
  await loadSample(page, /^Hello world \(x86-64\)/);
  const heap = optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE');
  await heap.fill('16');
  const diag = page.getByTestId('diagnostics');
  await expect(diag).toContainText('returned -12 (ENOMEM)');
  await expect(page.getByTestId('log')).toContainText('<err> llext:');
  const fix = page.getByTestId('min-heap');
  await expect(fix).toContainText(/CONFIG_LLEXT_HEAP_SIZE=\d+/, { timeout: 20_000 });
  const kib = Number(/CONFIG_LLEXT_HEAP_SIZE=(\d+)/.exec(await fix.innerText())?.[1]);
  expect(kib).toBeGreaterThan(16);

  await page.getByTestId('apply-min-heap').click();
  await expect(heap).toHaveValue(String(kib));
  await expect(page.getByTestId('run-result')).toContainText('loaded');
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension hello_world');

  // The answer is the smallest: one KiB less fails again.
  await heap.fill(String(kib - 1));
  await expect(diag).toContainText('returned -12 (ENOMEM)');
});

test('the heap size commits after a pause, on Enter or on blur, not on every keystroke', async ({ page }) => {
  await openPlayground(page);
  const heap = optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE');
  const head = page.locator('[data-heap] .heap-head .mono').first();
  const before = await head.innerText();
  await heap.fill('');
  await heap.pressSequentially('1');
  // Within the pause nothing runs: the heap is still the old one, not 1 KiB.
  await page.waitForTimeout(300);
  await expect(head).toHaveText(before);
  await heap.pressSequentially('6');
  await heap.press('Enter');
  await expect(head).toContainText('16 KiB');
  // A pause alone commits too.
  await heap.fill('24');
  await expect(head).toContainText('24 KiB');
  await expect(page.getByTestId('log')).not.toContainText('heap of 1 KiB');
});
