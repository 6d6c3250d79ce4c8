// The Run view: calling test_entry of the RV32 hello_world on the emulated CPU, reading its
// console output and return value, stepping one instruction, and an axe scan of the view.
import { test, expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { zlibSync } from 'fflate';
import { faultLink, loadSample, openPlayground, showView } from './helpers.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test.use({ reducedMotion: 'reduce' });

async function openRun(page: Page): Promise<void> {
  await openPlayground(page);
  await loadSample(page, /^Hello world \(RV32, medlow\)/);
  await expect(page.getByTestId('run-result')).toBeVisible();
  await showView(page, 'Run');
}

test('runs test_entry, shows its console output and return value, then steps once', async ({ page }) => {
  await openRun(page);
  const view = page.locator('#view-panel-run');
  await expect(view.getByLabel('Exported symbol')).toHaveValue(/test_entry/);
  await expect(view.getByLabel('Call')).toHaveValue('test_entry()');
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  const call = view.getByRole('region', { name: /test_entry\(\)/ });
  await expect(call.getByLabel('Console output of test_entry')).toContainText('hello world');
  await expect(call).toContainText('returned');
  await expect(call.getByText('Return value')).toBeVisible();
  await expect(call.locator('.run-facts')).toContainText('0x00000000 (0)');
  await expect(view.getByRole('status')).toContainText('test_entry() returned 0x00000000 (0) after 15 instructions.');

  // The same call, stopped after one instruction.
  await view.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(call).toContainText('stopped');
  await expect(view.getByRole('status')).toContainText('Stopped after 1 instruction; the next instruction is at 0x8002c878.');
  const regs = call.getByLabel('Registers');
  await expect(regs.locator('div', { hasText: /^sp/ })).toContainText('0x800ff000');
  // lui a0, 0x80018: the high half of the first string's address, which R_RISCV_HI20 patched in.
  await expect(regs.locator('div', { hasText: /^a0/ })).toContainText('0x80018000');
  await expect(regs.locator('div', { hasText: /^pc/ })).toContainText('0x8002c878');
  await expect(call.locator('.run-disasm li[aria-current="true"]')).toContainText('0x8002c878');
  await expect(view.getByRole('button', { name: 'Step back' })).toBeDisabled();
  await view.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(view.getByRole('status')).toContainText('Stopped after 2 instructions; the next instruction is at 0x8002c87a.');
  await view.getByRole('button', { name: 'Step back' }).click();
  await expect(view.getByRole('status')).toContainText('Stopped after 1 instruction;');
  // Run to the end drops the stop again.
  await view.getByRole('button', { name: 'Run to the end' }).click();
  await expect(call).toContainText('returned');
});

test('a call that runs out of its budget offers ten times as many, and returns with them', async ({ page }) => {
  await openRun(page);
  const view = page.locator('#view-panel-run');
  const budget = view.getByLabel('Budget (instructions)');
  await expect(budget).toHaveValue('1,000,000');
  await budget.fill('10');
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  const call = view.getByRole('region', { name: /test_entry\(\)/ });
  await expect(call).toContainText('out of budget');
  // Not a fault: the Run tab is not marked.
  await expect(page.getByRole('tab', { name: /^Run/ })).toHaveText('Run');
  await expect(view.getByRole('status')).toContainText('still running after 10 instructions: an endless loop?');
  // Not a crash: the header stays green, and the verdict offers the larger budget.
  await expect(page.getByTestId('run-result')).toContainText('✓ hello_world');
  await call.getByRole('button', { name: 'Run again with 100 instructions' }).click();
  await expect(call).toContainText('returned');
  await expect(budget).toHaveValue('100');
  await expect(view.getByRole('status')).toContainText('test_entry() returned 0x00000000 (0) after 15 instructions.');
  // A budget that is not a whole number says so and runs nothing.
  await budget.fill('lots');
  await budget.press('Enter');
  await expect(view.getByRole('alert')).toHaveText(
    'The instruction budget must be a whole number of instructions from 1 to 1,000,000,000.',
  );
  await expect(budget).toHaveAttribute('aria-invalid', 'true');
  await expect(call).toContainText('returned');
});

test('a typed call with a bad argument says what is wrong and keeps the last result', async ({ page }) => {
  await openRun(page);
  const view = page.locator('#view-panel-run');
  await view.getByLabel('Call').fill('test_entry(two)');
  await view.getByLabel('Call').press('Enter');
  await expect(view.getByRole('alert')).toHaveText('Argument 1: "two" is not an integer (write 42, -1 or 0x2a).');
  await expect(view.getByLabel('Call')).toHaveAttribute('aria-invalid', 'true');
  await view.getByLabel('Call').fill('ext_count(2)');
  await view.getByLabel('Call').press('Enter');
  await expect(view.getByRole('alert')).toHaveText('No loaded extension exports "ext_count". Exported: test_entry.');
});

test('a shared link with a call opens on the fault, explained, with links to the relocation and Memory', async ({ page }) => {
  await page.goto(faultLink());
  const view = page.locator('#view-panel-run');
  const call = view.getByRole('region', { name: /test_entry\(\)/ });
  await expect(call).toContainText('fault: fetch-unmapped', { timeout: 20_000 });
  await expect(call.locator('.run-headline')).toHaveText(
    'The CPU jumped to an address where no memory is mapped: 0x00001000, the address the export table gives printk.',
  );
  await expect(call.getByLabel("Zephyr's fatal error text")).toContainText('>>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0');
  await call.getByRole('button', { name: 'Show 0x00001000 in Memory' }).click();
  await expect(page.getByRole('tab', { name: /^Memory/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#view-panel-memory')).toContainText('The selected address 0x00001000 is outside the LLEXT heaps');
  // Key 5 brings the Run view back.
  await page.locator('body').press('5');
  await expect(page.getByRole('tab', { name: /^Run/ })).toHaveAttribute('aria-selected', 'true');
  await call.getByRole('button', { name: /^Show relocation #2 \(R_RISCV_CALL_PLT at \.text\+0xc\)/ }).click();
  await expect(page.getByRole('tab', { name: /^Relocations/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.reloc-details')).toContainText('R_RISCV_CALL_PLT in .text');
});

test('a link with absurd call arguments says why and keeps the session and its call', async ({ page }) => {
  await page.goto(faultLink());
  const view = page.locator('#view-panel-run');
  await expect(view.locator('.run-call')).toContainText('fault: fetch-unmapped', { timeout: 20_000 });
  const hostile = {
    v: 2,
    board: 'qemu_riscv32',
    sample: 'hello_world-riscv32-medlow',
    app: { calls: [{ ext: 'hello_world.riscv32-medlow', fn: 'test_entry', args: ['9'.repeat(100)] }] },
  };
  const payload = Buffer.from(zlibSync(new TextEncoder().encode(JSON.stringify(hostile)))).toString('base64url');
  await page.evaluate((p) => {
    location.hash = `session=${p}`;
  }, payload);
  const messages = page.getByTestId('input-messages');
  await expect(messages).toContainText('"app.calls[0].args[0]": "999999999999999999999999…" is not an integer');
  await expect(messages).toContainText('Your current session was kept.');
  await expect(view.locator('.run-call')).toContainText('fault: fetch-unmapped');
  await expect(view.getByLabel('Call')).toHaveValue('test_entry()');
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations in the Run view (${theme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(faultLink());
    const view = page.locator('#view-panel-run');
    await expect(view.locator('.run-fatal')).toBeVisible({ timeout: 20_000 });
    expect(await scan(page, theme)).toEqual([]);
    await view.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(view.locator('.run-disasm')).toBeVisible();
    expect(await scan(page, theme)).toEqual([]);
  });
}

/** Serious and critical axe violations inside the Run view (contrast only in the dark theme). */
async function scan(page: Page, theme: 'light' | 'dark'): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const runOnly =
    theme === 'dark'
      ? { type: 'rule', values: ['color-contrast'] }
      : { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] };
  return page.evaluate(async (only) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Element,
            opts: object,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document.querySelector('#view-panel-run')!, { runOnly: only });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, runOnly);
}
