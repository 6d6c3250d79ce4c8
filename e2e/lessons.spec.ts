// Every lesson can be completed by following its steps: each checkpoint is
// open when the step starts and reached once its change is made, by the
// learner's own controls or by "Show me".
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionInput, showConfig } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

const LESSONS = join(import.meta.dirname, '..', 'public', 'lessons');
interface LessonFile {
  id: string;
  title: string;
  steps: { title: string; checkpoint?: unknown }[];
}
const index = (JSON.parse(readFileSync(join(LESSONS, 'index.json'), 'utf8')) as { lessons: { id: string }[] }).lessons;
const lessonFile = (id: string): LessonFile => JSON.parse(readFileSync(join(LESSONS, `${id}.json`), 'utf8')) as LessonFile;

/** Waits until the step's own session is open (changes made before that would be replaced by it). */
async function stepOpened(page: Page): Promise<void> {
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
}

async function openLesson(page: Page, id: string): Promise<void> {
  await page.goto(`./#lesson=${id}`);
  await expect(page.getByTestId('lesson-step')).toBeVisible({ timeout: 20_000 });
  await stepOpened(page);
}

async function nextStep(page: Page): Promise<void> {
  await page.getByTestId('lesson-step').getByRole('button', { name: 'Next' }).click();
  await stepOpened(page);
}

const checkpoint = (page: Page) => page.getByTestId('checkpoint');

test('the lessons panel lists the lessons and opens one', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = page.getByTestId('lesson-panel');
  for (const { id } of index) await expect(panel).toContainText(lessonFile(id).title);
  await panel.getByRole('button', { name: /^Storage: copy or use in place/ }).click();
  await expect(page.getByTestId('lesson-step')).toContainText('Step 1 of 2: A read-only buffer');
});

for (const { id } of index) {
  test(`lesson ${id} can be completed step by step`, async ({ page }) => {
    const lesson = lessonFile(id);
    await openLesson(page, id);
    for (const [i, step] of lesson.steps.entries()) {
      await expect(page.getByTestId('lesson-step')).toContainText(`Step ${i + 1} of ${lesson.steps.length}: ${step.title}`);
      if (step.checkpoint) {
        await expect(checkpoint(page)).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
        await expect(checkpoint(page)).toContainText('Not reached yet');
        await checkpoint(page).getByText('Hint').click();
        await page.getByTestId('show-solution').click();
        await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });
        await expect(checkpoint(page)).toContainText('Reached ✓');
      }
      if (i + 1 < lesson.steps.length) await nextStep(page);
    }
    await expect(page.getByTestId('lesson-step').getByRole('button', { name: 'Next' })).toBeDisabled();
  });
}

test("a learner reaches checkpoints with the playground's own controls", async ({ page }) => {
  // Heap sizing: raise the heap in the options panel.
  await openLesson(page, 'heap-sizing');
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
  await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').fill('16');
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });

  // Harvard heaps: change the board.
  await openLesson(page, 'harvard-heaps');
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
  await page.getByTestId('board').selectOption('esp32s3_devkitc');
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });

  // Debugging a failed load: add both exports in the export-table editor.
  await openLesson(page, 'debug-failed-load');
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
  await showConfig(page, 'Exports');
  await page.getByTestId('exports-input').fill('board_secret_init 0x00002001\n');
  await page.getByTestId('exports-apply').click();
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });
  await nextStep(page);
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
  await expect(page.getByTestId('log')).toContainText('Undefined symbol with no entry in symbol table undefined_helper');
  await page.getByTestId('exports-input').fill('board_secret_init 0x00002001\nundefined_helper 0x00002041\n');
  await page.getByTestId('exports-apply').click();
  await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('run-result')).toContainText('missing_import loaded');
});

test('a lesson link opens the lesson at the step it names', async ({ page }) => {
  await page.goto('./#lesson=slid-vs-names&step=2');
  await expect(page.getByTestId('lesson-step')).toContainText('Step 2 of 2: When the extension has no SLIDs');
  await expect(page.getByTestId('run-result')).toContainText('ENODATA', { timeout: 20_000 });
});

test.describe('with the network only', () => {
  // The offline cache would answer the sample's fetch before the page's route sees it.
  test.use({ serviceWorkers: 'block' });

  test('"Show me" clicked while the next step\'s session is still arriving patches that step\'s session', async ({ page }) => {
    await openLesson(page, 'heap-sizing');
    await expect(checkpoint(page)).toHaveAttribute('data-reached', 'false', { timeout: 20_000 });
    await optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE').fill('16');
    await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });
    // Step 2's sample arrives late, as on a slow network.
    let release = (): void => undefined;
    const arrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/samples/big_heap/**', async (route) => {
      await arrived;
      await route.continue();
    });
    await page.getByTestId('lesson-step').getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('lesson-step')).toContainText('Step 2 of 3');
    // Until the step's session is open there is nothing to patch: no "Show me".
    await expect(checkpoint(page)).toContainText('Waiting for the run…');
    await expect(page.getByTestId('show-solution')).toHaveCount(0);
    await expect(page.getByTestId('lesson-step')).toHaveAttribute('aria-busy', 'true');
    release();
    await checkpoint(page).getByText('Hint').click();
    await page.getByTestId('show-solution').click();
    await expect(checkpoint(page)).toHaveAttribute('data-reached', 'true', { timeout: 20_000 });
    await expect(optionInput(page, 'CONFIG_LLEXT_HEAP_SIZE')).toHaveValue('64');
  });
});
