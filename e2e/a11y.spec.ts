import { test, expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { openPlayground, showConfig, showView } from './helpers.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const ALL_RULES = { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] };
/** The dark theme changes colours only, so its scans check contrast (much faster than every rule). */
const CONTRAST_ONLY = { type: 'rule', values: ['color-contrast'] };

async function scan(page: Page, runOnly: object = ALL_RULES): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async (only) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: only });
    return r.violations;
  }, runOnly);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

test.use({ reducedMotion: 'reduce' });

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations (${theme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    const seriousViolations = (p: Page): Promise<string[]> => scan(p, theme === 'dark' ? CONTRAST_ONLY : ALL_RULES);
    await openPlayground(page);
    expect(await seriousViolations(page)).toEqual([]);
    await showView(page, 'Relocations');
    await page.locator('[role="row"]').first().click();
    expect(await seriousViolations(page)).toEqual([]);
    await showView(page, 'Sections');
    await showConfig(page, 'prj.conf');
    await expect(
      page
        .getByTestId('prjconf-editor')
        .locator(`.monaco-editor.${theme === 'dark' ? 'vs-dark' : 'vs'} .view-line`)
        .first(),
    ).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Samples…' }).click();
    await expect(
      page
        .getByRole('dialog')
        .locator(`.monaco-editor.${theme === 'dark' ? 'vs-dark' : 'vs'} .view-line`)
        .first(),
    ).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test.describe('on a wide screen', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  test('axe finds no serious or critical violations with Memory beside the other views', async ({ page }) => {
    await openPlayground(page);
    await expect(page.getByRole('heading', { name: 'Memory' })).toBeVisible();
    await showView(page, 'Symbols');
    expect(await scan(page)).toEqual([]);
  });
});
