import { test, expect } from '@playwright/test';
import { openPlayground, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('stepping the player back and forth changes the memory view', async ({ page }) => {
  await openPlayground(page);
  await showView(page, 'Memory');
  const cursor = page.getByTestId('cursor');
  const end = await cursor.innerText();
  const total = Number(end.split('/')[1]);
  expect(end).toBe(`${total} / ${total}`); // reduced motion: the run is shown finished

  const figures = page.getByTestId('heap-figures');
  const blocks = page.getByTestId('heap-blocks').locator('tbody tr');
  const finalFigures = await figures.innerText();
  const finalBlocks = await blocks.count();
  expect(finalBlocks).toBeGreaterThan(0);

  // Back to the start: no heap exists yet.
  await page.getByRole('button', { name: 'Go to the start' }).click();
  await expect(cursor).toHaveText(`0 / ${total}`);
  await expect(page.getByText('No LLEXT heap exists yet')).toBeVisible();

  // Forward event by event until the first allocation shows up in the block list.
  const forward = page.getByRole('button', { name: 'Forward one event' });
  let steps = 0;
  while ((await blocks.count()) === 0 && steps < total) {
    await forward.click();
    steps++;
  }
  await expect(blocks).toHaveCount(1);
  await expect(blocks.first()).toContainText('struct llext');
  const early = await figures.innerText();
  expect(early).not.toBe(finalFigures);

  // Keyboard: End jumps to the end state again, ← steps back one event.
  await page.locator('body').press('End');
  await expect(cursor).toHaveText(`${total} / ${total}`);
  await expect(figures).toHaveText(finalFigures);
  await expect(blocks).toHaveCount(finalBlocks);
  await page.locator('body').press('Shift+ArrowLeft');
  await expect(cursor).not.toHaveText(`${total} / ${total}`);
});
