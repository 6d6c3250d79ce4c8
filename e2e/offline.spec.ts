// Offline use: after one visit the service worker has stored the app, the wasm
// engine, the editor chunks, the samples and the lessons; with the network
// gone, a reload still runs the playground and loads samples.
import { test, expect } from '@playwright/test';
import { loadSample, openPlayground } from './helpers.js';

test.use({ reducedMotion: 'reduce', serviceWorkers: 'allow' });

test('the playground and its samples work offline after the first visit', async ({ page, context }) => {
  await openPlayground(page);
  // Wait until the service worker has stored everything and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('llext-playground-')) ?? '');
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toContain('/samples/big_heap/big_heap.llext');
  expect(cached).toContain('/lessons/index.json');
  expect(cached.some((p) => /\/assets\/engine-.*\.wasm$/.test(p))).toBe(true);
  expect(cached.some((p) => /\/assets\/MonacoEditor-.*\.js$/.test(p))).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('run-result')).toContainText('hello_world loaded', { timeout: 20_000 });
  await loadSample(page, /^Larger than the default heap/);
  await expect(page.getByTestId('log')).toContainText('Failed allocating 12288 bytes');
  // A file the service worker did not store cannot be fetched: the server really is out of reach
  // (online, the preview server would answer it with a 404).
  const reached = await page.evaluate(() =>
    fetch('./not-stored.json').then(
      () => true,
      () => false,
    ),
  );
  expect(reached).toBe(false);
});
