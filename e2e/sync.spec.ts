import { test, expect, type Page } from '@playwright/test';
import { openPlayground, optionInput, showConfig } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

async function editorText(page: Page): Promise<string> {
  const lines = page.getByTestId('prjconf-editor').locator('.view-lines .view-line');
  await expect(lines.first()).toBeVisible();
  return (await lines.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
}

test('the options panel and the prj.conf editor stay in sync both ways', async ({ page }) => {
  await openPlayground(page);
  // Panel -> editor
  await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').fill('12');
  await page.locator('input[data-option="CONFIG_LLEXT_STORAGE_WRITABLE"]').check();
  await showConfig(page, 'prj.conf');
  await expect.poll(() => editorText(page)).toContain('CONFIG_LLEXT_HEAP_SIZE=12');
  await expect.poll(() => editorText(page)).toContain('CONFIG_LLEXT_STORAGE_WRITABLE=y');

  // Editor -> panel
  await page.getByTestId('prjconf-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('CONFIG_LLEXT_IMPORT_ALL_GLOBALS=y');
  await page.keyboard.press('Escape');
  // Change the heap size by editing its line: select the whole line and retype it.
  await showConfig(page, 'Options');
  await expect(page.locator('input[data-option="CONFIG_LLEXT_IMPORT_ALL_GLOBALS"]')).toBeChecked();
  await expect(page.locator('input[data-option="CONFIG_LLEXT_STORAGE_WRITABLE"]')).toBeChecked();

  // An invalid value in the editor is flagged and the panel says so.
  await showConfig(page, 'prj.conf');
  await page.getByTestId('prjconf-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('CONFIG_LLEXT_HEAP_SIZE=lots');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('prjconf-editor').locator('.squiggly-error').first()).toBeAttached();
  await showConfig(page, 'Options');
  await expect(page.getByTestId('opt-CONFIG_LLEXT_HEAP_SIZE')).toContainText("expected a decimal number, got 'lots'");
});

test('prj.conf problems are listed in Diagnostics, and long option names do not wrap in the editor', async ({ page }) => {
  await openPlayground(page);
  await expect(page.getByTestId('prjconf-problems')).toHaveCount(0);
  await showConfig(page, 'prj.conf');
  await page.getByTestId('prjconf-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID_TYPO=y');
  await page.keyboard.press('Escape');
  const problems = page.getByTestId('diagnostics').getByTestId('prjconf-problems');
  await expect(problems).toContainText('1 problem in prj.conf');
  await expect(problems).toContainText('CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID_TYPO');
  await expect(problems).toContainText(/line \d+: /);
  // Every line of the text is one line on screen: nothing wraps mid-name.
  const text = await editorText(page);
  await expect(page.getByTestId('prjconf-editor').locator('.view-lines .view-line')).toHaveCount(text.split('\n').length);
  // The longest option name there is fits whole, without scrolling sideways.
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT=y');
  await page.keyboard.press('Escape');
  const editor = page.getByTestId('prjconf-editor');
  const line = editor.locator('.view-line').filter({ hasText: 'CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT=y' });
  await expect(line).toHaveCount(1);
  const lineEnd = await line
    .locator('span > span')
    .last()
    .evaluate((el) => el.getBoundingClientRect().right);
  const editorEnd = await editor.locator('.monaco-editor').evaluate((el) => el.getBoundingClientRect().right);
  expect(lineEnd).toBeLessThanOrEqual(editorEnd);
});
