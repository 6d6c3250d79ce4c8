// The player keys work wherever the focus is, except in text fields, editors
// and dialogs; a tablist keeps ←/→/Home/End for itself (ARIA tabs pattern).
import { test, expect } from '@playwright/test';
import { openPlayground, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('player keys from a checkbox, the relocation grid and a tab; ? opens the list', async ({ page }) => {
  await openPlayground(page);
  const cursor = page.getByTestId('cursor');
  const total = (await cursor.innerText()).split(' / ')[1];

  // On an option's checkbox: Home goes to the start, End to the end.
  const box = page.locator('input[data-option="CONFIG_LLEXT_STORAGE_WRITABLE"]');
  await box.focus();
  await page.keyboard.press('Home');
  await expect(cursor).toHaveText(`0 / ${total}`);
  await page.keyboard.press('ArrowRight');
  await expect(cursor).toHaveText(`1 / ${total}`);
  await page.keyboard.press('End');
  await expect(cursor).toHaveText(`${total} / ${total}`);

  // In the relocation grid: ↑/↓ are the grid's, Home/End the player's.
  await showView(page, 'Relocations');
  await page.getByTestId('reloc-grid').getByRole('row').first().click();
  await page.keyboard.press('Home');
  await expect(cursor).toHaveText(`0 / ${total}`);
  await page.keyboard.press('End');
  await expect(cursor).toHaveText(`${total} / ${total}`);

  // On a tab, Home/End move between the tabs and leave the player alone; ] still steps.
  const tabs = page.getByRole('tablist', { name: 'Views' });
  await tabs.getByRole('tab', { selected: true }).focus();
  await page.keyboard.press('Home');
  await expect(tabs.getByRole('tab').first()).toBeFocused();
  await expect(cursor).toHaveText(`${total} / ${total}`);
  await page.keyboard.press('[');
  await expect(cursor).not.toHaveText(`${total} / ${total}`);

  // In a text field the keys are the field's.
  await page.keyboard.press('End');
  const heap = page.locator('input[data-option="CONFIG_LLEXT_HEAP_SIZE"]');
  await heap.focus();
  const before = await cursor.innerText();
  await page.keyboard.press('Home');
  await expect(cursor).toHaveText(before);

  // ? opens the shortcut list, which says where the keys work.
  await page.locator('h1').first().click();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('keys-where')).toContainText('On a row of tabs');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
