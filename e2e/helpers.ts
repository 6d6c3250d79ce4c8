// Shared steps for the end-to-end specs.
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';

export const SAMPLES = join(import.meta.dirname, '..', 'public', 'samples');

export function sampleBytes(path: string): Buffer {
  return readFileSync(join(SAMPLES, path));
}

/** Opens the page and waits until the default sample's run is on screen. */
export async function openPlayground(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
}

/** Picks a sample in the gallery and loads it. */
export async function loadSample(page: Page, title: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Samples…' }).click();
  await page.getByRole('navigation', { name: 'Samples' }).getByRole('button', { name: title }).click();
  await page.getByTestId('load-sample').click();
  await expect(page.getByRole('dialog')).toBeHidden();
}

/** Shows a view; on wide screens Memory is always shown beside the tabs. */
export async function showView(page: Page, name: 'Memory' | 'Sections' | 'Symbols' | 'Relocations' | 'Run'): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: new RegExp(`^${name}`) });
  if (name === 'Memory' && (await tab.count()) === 0) return;
  await tab.click();
}

export async function showConfig(page: Page, name: 'Options' | 'prj.conf' | 'Exports'): Promise<void> {
  await page
    .getByRole('tablist', { name: 'Configuration' })
    .getByRole('tab', { name: new RegExp(`^${name.replace('.', '\\.')}`) })
    .click();
}

/** The number input of an int option in the options panel. */
export function optionInput(page: Page, name: string) {
  return page.locator(`input[data-option="${name}"]`);
}

/** A session link (web/share/FORMAT.md) to the RV32 hello_world with printk exported at an
 * unmapped address and a call of test_entry: the call faults when it reaches printk. */
export function faultLink(): string {
  const doc = {
    v: 2,
    board: 'qemu_riscv32',
    sample: 'hello_world-riscv32-medlow',
    exports: { mode: 'merge', text: 'printk 0x00001000' },
    app: { calls: [{ ext: 'hello_world.riscv32-medlow', fn: 'test_entry', args: [] }] },
    view: 'run',
  };
  return `./#session=${Buffer.from(zlibSync(new TextEncoder().encode(JSON.stringify(doc)))).toString('base64url')}`;
}
