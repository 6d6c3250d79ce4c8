// Item 5, in Debian's Chromium through Playwright against `vite preview` of a fresh build:
// the JavaScript shipped before Monaco loads (gzip), the time from dropping a 100 KB and a
// 1 MB extension on the page to the first frame that shows its result, and the frame rate
// while the player animates a 10,000-relocation trace.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { generateThumb } from '../gen/thumb.js';
import { median } from './stats.js';
import type { Row } from './report.js';

export interface BrowserResult {
  results: Record<string, number | null>;
  rows: Row[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A board with room for a megabyte of extension: 4 MiB of flash for the ELF buffer, 4 MiB of SRAM. */
const BOARD = 'mps2_an385';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('vite preview did not start within 30 s');
}

/** Drops `bytes` as a file on the page and returns the time to the first frame showing its result. */
async function dropAndTime(page: Page, name: string, bytes: Uint8Array): Promise<number> {
  const ext = name.replace(/\.llext$/, '');
  return page.evaluate(
    async ({ name, ext, base64 }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name));
      const target = document.querySelector('main') ?? document.body;
      const result = document.querySelector('[data-testid="run-result"]');
      const t0 = performance.now();
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      return new Promise<number>((resolve, reject) => {
        const deadline = t0 + 60_000;
        const frame = (now: number) => {
          const text = document.querySelector('[data-testid="run-result"]')?.textContent ?? '';
          // The run's result for this file is in the DOM: this frame is the first to show it.
          if (text.includes(`${ext} loaded`) || (text.includes(ext) && text.includes('failed'))) {
            resolve(now - t0);
            return;
          }
          if (now > deadline) {
            reject(new Error(`no result for ${name}: ${text} ${result ? '' : '(no run-result)'}`));
            return;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    { name, ext, base64: Buffer.from(bytes).toString('base64') },
  );
}

/** Frames per second over `ms` while the player plays from the start. */
async function playFps(page: Page, ms: number): Promise<number> {
  await page.getByRole('button', { name: 'Go to the start' }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const fps = await page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const t0 = performance.now();
        const frame = (now: number) => {
          frames++;
          if (now - t0 >= ms) resolve((frames - 1) / ((now - t0) / 1000));
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    ms,
  );
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isVisible()) await pause.click();
  return fps;
}

/** About `bytes` of generated Thumb extension (some 14 bytes per relocation). */
function extensionOf(bytes: number): Uint8Array {
  return generateThumb(Math.round(bytes / 14)).bytes;
}

export async function measureBrowser(root: string, quick: boolean, log: (s: string) => void): Promise<BrowserResult> {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('vite build failed');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const server = spawn(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: root, stdio: 'ignore' },
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    await waitForServer(url, server);
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();

    // JavaScript requested until the first run is on screen (Monaco is meant to come later, on
    // demand); sizes are the built files' gzip -9 sizes.
    const requested: string[] = [];
    context.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\.m?js$/.test(path) && !requested.includes(path)) requested.push(path);
    });
    await page.goto(url);
    await page.getByTestId('run-result').waitFor({ timeout: 30_000 });
    const atFirstRun = [...requested];
    await page.waitForLoadState('networkidle');
    const gz = (path: string) => gzipSync(readFileSync(join(root, 'dist', decodeURIComponent(path))), { level: 9 }).length;
    const monaco = (p: string) => /monaco|editor\.worker/i.test(p);
    // Up to the first Monaco request, or the first run if Monaco is requested after it.
    const firstMonaco = atFirstRun.findIndex(monaco);
    const early = (firstMonaco < 0 ? atFirstRun : atFirstRun.slice(0, firstMonaco))
      .filter((p) => !monaco(p))
      .map((p): [string, number] => [p, gz(p)]);
    const gzipKB = early.reduce((a, [, n]) => a + n, 0) / 1024;
    log(
      `  JavaScript before Monaco: ${early.length} files, ${gzipKB.toFixed(1)} KB gzip (${early.map(([u, n]) => `${u.split('/').pop()} ${(n / 1024).toFixed(1)}`).join(', ')})`,
    );
    const untilRun = atFirstRun.filter((p) => !monaco(p)).reduce((a, p) => a + gz(p), 0) / 1024;
    log(`  all JavaScript but Monaco's until the first run shows: ${untilRun.toFixed(1)} KB gzip`);
    const monacoBefore = atFirstRun.some(monaco);
    const monacoLater = requested.filter(monaco);
    if (monacoLater.length > 0)
      log(
        `  Monaco requested ${monacoBefore ? 'before' : 'after'} the first run was shown: ${monacoLater.map((p) => p.split('/').pop()).join(', ')}`,
      );

    await page.getByTestId('board').selectOption(BOARD);
    await page.locator('input[data-option="CONFIG_LLEXT_HEAP_SIZE"]').fill('1500');
    await page.getByTestId('run-result').waitFor();

    const runs = quick ? 2 : 5;
    const timeDrops = async (label: string, bytes: Uint8Array): Promise<number> => {
      await dropAndTime(page, `warmup-${label}.llext`, bytes);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await dropAndTime(page, `gen${label}-${i}.llext`, bytes));
      const m = median(times);
      log(`  drop to first frame, ${label} (${bytes.length} bytes): ${m.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
      return m;
    };
    const first100k = await timeDrops('100k', extensionOf(100_000));
    const first1M = await timeDrops('1M', extensionOf(1_000_000));

    const tenK = generateThumb(10_000);
    await dropAndTime(page, 'player10k.llext', tenK.bytes);
    const fpsRuns: number[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) fpsRuns.push(await playFps(page, 3000));
    const fps = median(fpsRuns);
    log(
      `  player on a ${tenK.relocations}-relocation trace: ${fps.toFixed(1)} frames per second (${fpsRuns.map((f) => f.toFixed(1)).join(', ')})`,
    );

    const rows: Row[] = [
      {
        metric: 'initial JavaScript before Monaco (gzip)',
        value: `${gzipKB.toFixed(1)} KB${monacoBefore ? ' (Monaco loads before the first run shows)' : ''}`,
        target: '≤ 300 KB',
        met: gzipKB <= 300,
      },
      { metric: 'drop to first frame, 100 KB extension', value: `${first100k.toFixed(0)} ms`, target: '≤ 200 ms', met: first100k <= 200 },
      { metric: 'drop to first frame, 1 MB extension', value: `${first1M.toFixed(0)} ms` },
      { metric: 'player on a 10,000-relocation trace', value: `${fps.toFixed(1)} fps`, target: '≥ 55 fps', met: fps >= 55 },
    ];
    return {
      rows,
      results: {
        firstFrameMs100k: Math.round(first100k),
        firstFrameMs1M: Math.round(first1M),
        animationFps10k: Math.round(fps * 10) / 10,
        initialJsGzipKB: Math.round(gzipKB * 10) / 10,
      },
    };
  } finally {
    await browser.close();
    server.kill();
  }
}
