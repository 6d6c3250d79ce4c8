// Vite plugin: builds web/offline/sw.ts into dist/sw.js and writes into it the
// list of every file of the build (hashed assets, wasm, Monaco chunks) and of
// public/ (samples, lessons), with a version derived from their contents.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { injectManifest, precacheFiles, precacheVersion } from './manifest.js';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

const digest = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export function serviceWorkerPlugin(swSource: string): Plugin {
  let config: ResolvedConfig;
  let swRef = '';
  return {
    name: 'llext-service-worker',
    apply: 'build',
    // After Vite's own plugins, so index.html is in the bundle when the list is made.
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      swRef = this.emitFile({ type: 'chunk', id: swSource, fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const swFile = this.getFileName(swRef);
      const entries: { path: string; digest: string }[] = [];
      for (const [fileName, item] of Object.entries(bundle)) {
        if (fileName === swFile) continue;
        entries.push({ path: fileName, digest: digest(item.type === 'chunk' ? item.code : item.source) });
      }
      const publicDir = config.publicDir;
      if (publicDir) {
        for (const file of walk(publicDir))
          entries.push({ path: relative(publicDir, file).replace(/\\/g, '/'), digest: digest(readFileSync(file)) });
      }
      const files = precacheFiles(entries.map((e) => e.path));
      const kept = entries.filter((e) => files.includes(e.path));
      const sw = bundle[swFile];
      if (!sw || sw.type !== 'chunk') throw new Error('service worker chunk missing from the bundle');
      sw.code = injectManifest(sw.code, { version: precacheVersion(kept), files });
    },
  };
}
