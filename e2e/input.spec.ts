import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPlayground, sampleBytes, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('a real ELF given through the file input loads', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'data_mix.llext',
    mimeType: 'application/octet-stream',
    buffer: sampleBytes('data_mix/data_mix.llext'),
  });
  await expect(page.getByTestId('files')).toContainText('data_mix.llext');
  await expect(page.getByTestId('files')).not.toContainText('hello_world.llext');
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension data_mix');
  await expect(page.getByTestId('run-result')).toContainText('data_mix loaded');
});

async function dropFiles(page: import('@playwright/test').Page, files: { name: string; base64: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
}

test('a real ELF dropped on the page loads; garbage is refused and the session stays', async ({ page }) => {
  await openPlayground(page);
  await dropFiles(page, [{ name: 'multi_file.llext', base64: sampleBytes('multi_file/multi_file.llext').toString('base64') }]);
  await expect(page.getByTestId('files')).toContainText('multi_file.llext');
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension multi_file');

  await dropFiles(page, [{ name: 'broken.llext', base64: Buffer.from('this is not an ELF file at all\u0000\u0001').toString('base64') }]);
  const messages = page.getByTestId('input-messages');
  await expect(messages).toContainText('broken.llext is not an ELF file');
  await expect(messages).toContainText('74 68 69 73'); // the first bytes it saw ("this")
  // The previous session is untouched: same file, same successful run.
  await expect(page.getByTestId('files')).toContainText('multi_file.llext');
  await expect(page.getByTestId('files')).not.toContainText('broken.llext');
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension multi_file');
});

test('a prj.conf and a hex string are recognised by their contents', async ({ page }) => {
  await openPlayground(page);
  await dropFiles(page, [
    {
      name: 'settings.txt',
      base64: Buffer.from('# mine\nCONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_LOG_LEVEL_INF=y\nCONFIG_LLEXT_HEAP_SIZE=20\n').toString(
        'base64',
      ),
    },
  ]);
  await expect(page.locator('input[data-option="CONFIG_LLEXT_HEAP_SIZE"]')).toHaveValue('20');

  const hex = sampleBytes('hello_world/hello_world.llext').toString('hex');
  await page.getByRole('button', { name: 'Paste hex…' }).click();
  await page.getByTestId('hex-input').fill(`llext load_hex pasted_hello ${hex}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('files')).toContainText('pasted_hello');
  await expect(page.getByTestId('run-result')).toContainText('pasted_hello loaded');
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension pasted_hello');
});

test('a zephyr.elf dropped with an extension gives the export table', async ({ page }) => {
  await openPlayground(page);
  const image = readFileSync(join(import.meta.dirname, '..', 'wasm-core', 'test', 'fixtures', 'zephyr_image', 'zephyr.elf'));
  await dropFiles(page, [
    { name: 'zephyr.elf', base64: image.toString('base64') },
    { name: 'hello_world.llext', base64: sampleBytes('hello_world/hello_world.llext').toString('base64') },
  ]);
  await expect(page.getByTestId('export-source')).toContainText('Export table: zephyr.elf');
  // printk is the first function of the stand-in image (Thumb, so bit 0 is set): 0x1001, not the default table's address.
  await expect(page.getByTestId('log')).toContainText('Loaded extension hello_world');
  await showView(page, 'Symbols');
  await expect(page.getByTestId('imports')).toContainText('0x00001001');
});

test('pasted hex with a bad character is refused inside the dialog, pointing at the character', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Paste hex…' }).click();
  const dialog = page.getByRole('dialog');
  await page.getByTestId('hex-input').fill('7f454c46zz');
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog.getByTestId('hex-error')).toHaveText("'z' at character 9 is not a hex digit (0–9, a–f).");
  await expect(page.getByTestId('hex-input')).toHaveAttribute('aria-invalid', 'true');
  // The bad character is selected in the text area, and nothing went to the sidebar behind the dialog.
  expect(
    await page
      .getByTestId('hex-input')
      .evaluate((el) => [(el as HTMLTextAreaElement).selectionStart, (el as HTMLTextAreaElement).selectionEnd]),
  ).toEqual([8, 9]);
  await expect(page.getByTestId('input-messages')).toHaveCount(0);
  // Valid hex that is not an ELF file: the reason is shown in the dialog too.
  await page.getByTestId('hex-input').fill('00112233');
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog.getByTestId('hex-error')).toContainText('instead of the ELF magic 7f 45 4c 46');
  await expect(page.getByTestId('input-messages')).toHaveCount(0);
  await expect(page.getByTestId('files')).toContainText('hello_world.llext');
});

test('a drop while extensions are loaded replaces them and offers to add instead, or undo', async ({ page }) => {
  await openPlayground(page);
  const files = page.getByTestId('files');
  await expect(files).toContainText('hello_world.llext');
  await dropFiles(page, [{ name: 'multi_file.llext', base64: sampleBytes('multi_file/multi_file.llext').toString('base64') }]);
  const offer = page.getByTestId('replace-offer');
  await expect(offer).toHaveText(/Replaced the loaded extension hello_world\.llext\./);
  await expect(files.getByRole('listitem')).toHaveCount(1);
  await offer.getByRole('button', { name: 'Add to it instead' }).click();
  await expect(files.getByRole('listitem')).toHaveText([/hello_world\.llext/, /multi_file\.llext/]);
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension multi_file');

  // Undo brings the previous files back.
  await dropFiles(page, [{ name: 'data_mix.llext', base64: sampleBytes('data_mix/data_mix.llext').toString('base64') }]);
  await expect(offer).toHaveText(/Replaced the 2 loaded extensions hello_world\.llext, multi_file\.llext\./);
  await offer.getByRole('button', { name: 'Undo' }).click();
  await expect(files.getByRole('listitem')).toHaveText([/hello_world\.llext/, /multi_file\.llext/]);
  await expect(page.getByTestId('log')).toContainText('<inf> llext: Loaded extension multi_file');
});
