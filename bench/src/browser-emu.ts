// emuMips: the emulated CPU's speed in a browser web worker (Debian's Chromium through
// Playwright), on the product's engine module: bench/browser-emu/worker.ts (wasm-core/src/engine.ts
// and engine.wasm, bundled here with rolldown) runs the emu.ts workloads' engine input, as the
// playground's worker runs a session with a call.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { EMU_WORKLOADS, emuSession } from './emu.js';
import { median } from './stats.js';
import type { Row } from './report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

interface WorkerAnswer {
  times?: number[];
  instructions?: number;
  error?: string;
}

async function bundle(root: string, out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const { build } = await import('rolldown');
  await build({
    input: join(root, 'bench', 'browser-emu', 'worker.ts'),
    platform: 'browser',
    logLevel: 'warn',
    output: { file: join(out, 'worker.js'), format: 'esm', codeSplitting: false },
  });
  copyFileSync(join(root, 'wasm-core', 'build', 'engine.wasm'), join(out, 'engine.wasm'));
  writeFileSync(join(out, 'index.html'), '<!doctype html><title>emu</title>');
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'));
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })),
  );
}

export async function measureBrowserEmu(root: string, quick: boolean, log: (s: string) => void): Promise<{ mips: number; rows: Row[] }> {
  const dir = join(root, 'bench', 'out', 'browser-emu');
  await bundle(root, dir);
  const { server, url } = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  const rows: Row[] = [];
  const figures: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(url);
    for (const w of EMU_WORKLOADS) {
      const input = await emuSession(root, w);
      const answer = await page.evaluate(
        ({ files, config, runs, warmup }) =>
          new Promise<WorkerAnswer>((resolve) => {
            const worker = new Worker('./worker.js', { type: 'module' });
            worker.onmessage = (e: MessageEvent<WorkerAnswer>) => {
              worker.terminate();
              resolve(e.data);
            };
            worker.onerror = (e) => resolve({ error: e.message });
            worker.postMessage({ files: files.map((f) => Uint8Array.from(f)), config, runs, warmup });
          }),
        { files: input.files.map((f) => Array.from(f)), config: input.config, runs: quick ? 3 : 7, warmup: quick ? 1 : 2 },
      );
      if (answer.error || !answer.times || !answer.instructions)
        throw new Error(`${w.object} in the browser worker: ${answer.error ?? 'no answer'}`);
      const ms = median(answer.times);
      const mips = answer.instructions / ms / 1000;
      figures.push(mips);
      log(`  ${w.core} in a browser worker: ${answer.instructions.toLocaleString('en')} instructions in ${ms.toFixed(1)} ms`);
      rows.push({
        metric: `  emulated ${w.core}, browser worker`,
        value: `${mips.toFixed(1)} M instructions/s`,
        target: '≥ 20',
        met: mips >= 20,
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { mips: Math.min(...figures), rows };
}
