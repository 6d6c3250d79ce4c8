// The page on phone, tablet, projector and desktop screens, in an embed frame
// and in presenter mode: nothing scrolls sideways, the player and the current
// view are on screen, axe finds nothing serious, and the lessons panel never
// covers the control its step asks for. Screenshots go to test-results/.
import { test, expect, type Page, type Locator, type TestInfo } from '@playwright/test';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPlayground } from './helpers.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test.use({ reducedMotion: 'reduce' });

const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, 'element is laid out').not.toBeNull();
  return b as Box;
}

async function expectInViewport(page: Page, l: Locator, what: string): Promise<void> {
  const b = await boxOf(l);
  const vp = page.viewportSize() ?? { width: 0, height: 0 };
  expect(b.x, `${what}: left edge`).toBeGreaterThanOrEqual(-0.5);
  expect(b.y, `${what}: top edge`).toBeGreaterThanOrEqual(-0.5);
  expect(b.x + b.width, `${what}: right edge`).toBeLessThanOrEqual(vp.width + 0.5);
  expect(b.y + b.height, `${what}: bottom edge`).toBeLessThanOrEqual(vp.height + 0.5);
}

const intersects = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: V[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
}

/** A first visit is over: the orientation is not shown again. */
async function pastFirstVisit(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('llext-welcome', 'dismissed'));
}

for (const size of SIZES) {
  test(`layout at ${size.width}x${size.height}`, async ({ page }, testInfo) => {
    await page.setViewportSize(size);
    await openPlayground(page);
    await snap(page, testInfo, `first-visit-${size.width}x${size.height}`);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.getByTestId('welcome').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('welcome')).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem('llext-welcome'))).toBe('dismissed');

    await expectNoSidewaysScroll(page);
    await expectInViewport(page, page.getByRole('group', { name: 'Player' }), 'player');
    await expectInViewport(page, page.locator('#views'), 'views');
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, testInfo, `playground-${size.width}x${size.height}`);

    // Log and Diagnostics sit side by side or one above the other, never over each other.
    const log = await boxOf(page.getByTestId('log'));
    const diag = await boxOf(page.getByTestId('diagnostics'));
    expect(intersects(log, diag)).toBe(false);

    // Where the sidebar is a drawer, its button opens it, and it closes again.
    const toggle = page.getByRole('button', { name: 'Inputs and options' });
    if (await toggle.isVisible()) {
      await toggle.click();
      await expect(page.getByTestId('kconfig-panel')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await snap(page, testInfo, `drawer-${size.width}x${size.height}`);
      await toggle.click();
      await expect(page.getByTestId('kconfig-panel')).toBeHidden();
    }
    await expectInViewport(page, page.locator('#views'), 'views after the drawer');
  });
}

test('the orientation is remembered after it is dismissed', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('welcome').getByRole('button', { name: 'Dismiss' }).click();
  await page.reload();
  await expect(page.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

test('the orientation starts lesson 1', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPlayground(page);
  await page
    .getByTestId('welcome')
    .getByRole('button', { name: /lesson 1/ })
    .click();
  await expect(page.getByTestId('lesson-step')).toContainText('Step 1 of', { timeout: 20_000 });
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

async function sessionLink(page: Page, mode: 'an embed' | 'a presentation'): Promise<string> {
  await pastFirstVisit(page);
  await openPlayground(page);
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  const link = await page.getByTestId('share-link').inputValue();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  return link;
}

test('an embed in a 700x420 frame opens at the top with the result and the player in view', async ({ page }, testInfo) => {
  const link = await sessionLink(page, 'an embed');
  await page.setViewportSize({ width: 800, height: 600 });
  await page.setContent(
    `<!doctype html><html lang="en"><title>Docs page</title><body style="margin:0">` +
      `<iframe title="LLEXT Playground" src="${link}" width="700" height="420" style="border:0"></iframe></body></html>`,
  );
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('run-result')).toContainText('hello_world loaded', { timeout: 20_000 });
  // Let the player settle on its first state, then look.
  await page.waitForTimeout(500);
  const inner = page.frames().find((f) => f.url().includes('view=embed'));
  expect(inner).toBeDefined();
  expect(await inner!.evaluate(() => ({ x: scrollX, y: scrollY }))).toEqual({ x: 0, y: 0 });
  const frameBox = await boxOf(page.locator('iframe'));
  const inFrame = async (l: Locator, what: string): Promise<Box> => {
    const b = await boxOf(l);
    expect(b.y, `${what}: top`).toBeGreaterThanOrEqual(frameBox.y - 0.5);
    expect(b.y + b.height, `${what}: bottom`).toBeLessThanOrEqual(frameBox.y + frameBox.height + 0.5);
    expect(b.x + b.width, `${what}: right`).toBeLessThanOrEqual(frameBox.x + frameBox.width + 0.5);
    return b;
  };
  await inFrame(frame.getByRole('heading', { name: 'LLEXT Playground' }), 'title');
  await inFrame(frame.getByTestId('run-result'), 'result');
  await inFrame(frame.getByRole('link', { name: 'Open in the playground' }), 'link');
  await inFrame(frame.getByRole('group', { name: 'Player' }), 'player');
  const views = await inFrame(frame.locator('#views'), 'views');
  const consoleBox = await boxOf(frame.locator('.console'));
  expect(consoleBox.height).toBeLessThan(frameBox.height / 3);
  expect(views.height).toBeGreaterThan(consoleBox.height);
  await snap(page, testInfo, 'embed-700x420');
});

test('present at 1280x720 gives the views 60% of the height, large key hints, and notes that fade', async ({ page, browser }, testInfo) => {
  const link = await sessionLink(page, 'a presentation');
  const ctx = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 720 } });
  const present = await ctx.newPage();
  await present.goto(link);
  await expect(present.getByTestId('run-result')).toBeVisible({ timeout: 20_000 });
  await snap(present, testInfo, 'present-1280x720');
  await expectNoSidewaysScroll(present);
  await expectInViewport(present, present.getByRole('group', { name: 'Player' }), 'player');
  await expectInViewport(present, present.locator('#views'), 'views');
  const views = await boxOf(present.locator('#views'));
  expect(views.height).toBeGreaterThanOrEqual(720 * 0.6);
  const hints = present.getByTestId('key-hints');
  await expect(hints).toContainText('PgUp');
  const hintStyle = await hints.evaluate((el) => ({ size: parseFloat(getComputedStyle(el).fontSize), color: getComputedStyle(el).color }));
  expect(hintStyle.size).toBeGreaterThanOrEqual(16);
  // "Opened the shared session." goes away by itself.
  const note = present.getByTestId('input-messages');
  await expect(note).toHaveCount(0, { timeout: 12_000 });
  expect(await axeViolations(present)).toEqual([]);
  await ctx.close();
});

for (const size of [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
]) {
  test(`the lessons panel at ${size.width}x${size.height} leaves the step's controls uncovered`, async ({ page }, testInfo) => {
    await pastFirstVisit(page);
    await page.setViewportSize(size);
    await page.goto('./#lesson=heap-sizing');
    const panel = page.getByTestId('lesson-panel');
    await expect(page.getByTestId('lesson-step')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    await expect(page.getByTestId('checkpoint')).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
    await expectNoSidewaysScroll(page);
    await expectInViewport(page, page.getByRole('group', { name: 'Player' }), 'player');
    await expectInViewport(page, page.locator('#views'), 'views');
    await expectInViewport(page, panel.getByRole('button', { name: 'Next' }), 'Next');

    // The Diagnostics fix this step is about.
    const fix = page.getByTestId('apply-min-heap');
    await fix.scrollIntoViewIfNeeded();
    await expect(fix).toBeVisible({ timeout: 20_000 });
    await snap(page, testInfo, `lesson-fix-${size.width}x${size.height}`);
    expect(intersects(await boxOf(fix), await boxOf(panel))).toBe(false);
    await expectInViewport(page, fix, 'the fix button');

    // "Show me where": the option the step asks for, opened, in view and marked.
    await panel.getByRole('button', { name: 'Show me where' }).click();
    const row = page.getByTestId('opt-CONFIG_LLEXT_HEAP_SIZE');
    await expect(row).toHaveClass(/revealed/);
    const input = page.locator('input[data-option="CONFIG_LLEXT_HEAP_SIZE"]');
    await expect(input).toBeVisible();
    await expect(input).toBeFocused();
    await expectInViewport(page, input, 'the option');
    expect(intersects(await boxOf(input), await boxOf(panel))).toBe(false);
    await snap(page, testInfo, `lesson-option-${size.width}x${size.height}`);
    await expectNoSidewaysScroll(page);
    expect(await axeViolations(page)).toEqual([]);
  });
}

const LESSONS = join(import.meta.dirname, '..', 'public', 'lessons');
interface LessonFile {
  steps: { title: string; checkpoint?: { solution: { config?: Record<string, unknown> } } }[];
}
const lessonIds = (JSON.parse(readFileSync(join(LESSONS, 'index.json'), 'utf8')) as { lessons: { id: string }[] }).lessons.map((l) => l.id);

for (const size of [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
]) {
  for (const id of lessonIds) {
    test(`lesson ${id} at ${size.width}x${size.height}: every step's option is shown uncovered`, async ({ page }) => {
      const lesson = JSON.parse(readFileSync(join(LESSONS, `${id}.json`), 'utf8')) as LessonFile;
      await pastFirstVisit(page);
      await page.setViewportSize(size);
      await page.goto(`./#lesson=${id}`);
      const panel = page.getByTestId('lesson-panel');
      const stepBox = page.getByTestId('lesson-step');
      for (const [i, step] of lesson.steps.entries()) {
        await expect(stepBox).toContainText(`Step ${i + 1} of ${lesson.steps.length}: ${step.title}`, { timeout: 20_000 });
        await expect(stepBox).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
        await expectNoSidewaysScroll(page);
        await expectInViewport(page, panel.getByRole('button', { name: 'Next' }), `step ${i + 1}: Next`);
        const option = Object.keys(step.checkpoint?.solution.config ?? {})[0];
        if (step.checkpoint) await expect(page.getByTestId('checkpoint')).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
        if (option) {
          await panel.getByRole('button', { name: 'Show me where' }).click();
          const control = page.locator('.opt.revealed').locator('input, select').first();
          await expect(control).toBeFocused();
          await expectInViewport(page, control, `step ${i + 1}: ${option}`);
          expect(intersects(await boxOf(control), await boxOf(panel)), `step ${i + 1}: ${option} is clear of the panel`).toBe(false);
          // Close the drawer again where the options are one, so the run is in view.
          const toggle = page.getByRole('button', { name: 'Inputs and options' });
          if (await toggle.isVisible()) await toggle.click();
        }
        if (step.checkpoint) {
          await page.getByTestId('checkpoint').getByText('Hint').click();
          await page.getByTestId('show-solution').click();
          await expect(page.getByTestId('checkpoint')).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });
        }
        await expectInViewport(page, page.locator('#views'), `step ${i + 1}: views`);
        if (i + 1 < lesson.steps.length) await panel.getByRole('button', { name: 'Next' }).click();
      }
    });
  }
}

test('every width from 360 px: no sideways scroll, the player and the views in view, with and without a lesson', async ({
  page,
}, testInfo) => {
  await pastFirstVisit(page);
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto('./#lesson=heap-sizing');
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
  for (const withLesson of [true, false]) {
    if (!withLesson) await page.getByRole('button', { name: 'Close the lessons' }).click();
    for (const width of [360, 420, 480, 600, 601, 700, 800, 900, 901, 1024, 1100, 1101, 1280, 1500, 1700]) {
      const height = width < 700 ? 740 : 768;
      await page.setViewportSize({ width, height });
      await expectNoSidewaysScroll(page);
      await expectInViewport(page, page.getByRole('group', { name: 'Player' }), `player at ${width}`);
      await expectInViewport(page, page.locator('#views'), `views at ${width}`);
      // Every view's tab, the last one too: the tab row wraps on a phone rather than scrolling.
      // Read in one go (the rows re-render while a run lands), the tabs laid out only.
      const edges = await page
        .getByRole('tablist', { name: 'Views' })
        .evaluate((list) =>
          [...list.querySelectorAll('[role="tab"]')]
            .map((t) => ({ name: t.textContent ?? '', right: t.getBoundingClientRect().right, w: t.getBoundingClientRect().width }))
            .filter((t) => t.w > 0),
        );
      expect(edges.length, `view tabs at ${width}`).toBeGreaterThan(0);
      for (const t of edges) expect(t.right, `tab ${t.name} at ${width}: right edge`).toBeLessThanOrEqual(width + 0.5);
      if (withLesson)
        await expectInViewport(page, page.getByTestId('lesson-panel').getByRole('button', { name: 'Next' }), `Next at ${width}`);
      if ([360, 700, 800, 1024].includes(width)) await snap(page, testInfo, `${withLesson ? 'lesson' : 'run'}-${width}x${height}`);
    }
  }
});

test('on a phone the lessons sheet folds to its Back/Next row', async ({ page }, testInfo) => {
  await pastFirstVisit(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./#lesson=heap-sizing');
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
  const panel = page.getByTestId('lesson-panel');
  const before = await boxOf(panel);
  await panel.getByRole('button', { name: 'Fold' }).click();
  const after = await boxOf(panel);
  expect(after.height).toBeLessThan(120);
  expect(after.height).toBeLessThan(before.height);
  await expectInViewport(page, panel.getByRole('button', { name: 'Next' }), 'Next');
  await expect(page.getByTestId('checkpoint')).toBeHidden();
  await snap(page, testInfo, 'lesson-folded-390x844');
  await panel.getByRole('button', { name: 'Show the step' }).click();
  await expect(page.getByTestId('checkpoint')).toBeVisible();
});
