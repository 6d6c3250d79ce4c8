import { test, expect } from '@playwright/test';
import { openPlayground, optionInput } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('a crashed engine worker is replaced and the session is kept', async ({ page }) => {
  await openPlayground(page);
  const text = (id: string) => page.getByTestId(id).textContent();
  // The run's verdict first: it changes the header's words when it arrives.
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-status', /.+/, { timeout: 20_000 });
  const files = await text('files');
  const result = await text('run-result');
  const engine = page.workers().find((w) => /\/worker-[^/]*\.js$/.test(w.url()));
  expect(
    engine,
    `engine worker among ${page
      .workers()
      .map((w) => w.url())
      .join(', ')}`,
  ).toBeDefined();

  // An uncaught exception in the worker: the page sees the worker's error event.
  const gone = new Promise<void>((resolve) => engine!.once('close', () => resolve()));
  await engine!.evaluate(() => {
    setTimeout(() => {
      throw new Error('killed by the test');
    });
  });
  await gone; // the engine client terminated the crashed worker

  // Nothing of the session was lost ...
  expect(await text('files')).toBe(files);
  expect(await text('run-result')).toBe(result);
  // ... and the next run gets a new worker and completes.
  await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').fill('12');
  await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').press('Enter'); // commit now, not after the typing pause
  await expect.poll(() => page.workers().filter((w) => /\/worker-[^/]*\.js$/.test(w.url())).length).toBe(1);
  await expect(page.getByTestId('run-result')).toContainText('loaded');
  expect(await text('files')).toBe(files);
});
