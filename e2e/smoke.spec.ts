import { test, expect } from '@playwright/test';

test('the page loads and the default sample loads with its success line', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'LLEXT Playground' })).toBeVisible();
  // The default sample plays from the start; the line appears when the player reaches it.
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension hello_world', { timeout: 30_000 });
  expect(errors).toEqual([]);
});
