/// <reference lib="webworker" />
// The service worker: on install it stores the app shell, the wasm engine, the
// Monaco chunks, the samples and the lessons (the list is written into this
// file at build time, see vitePlugin.ts); afterwards the playground works with
// no network. Stored files are served cache-first: they belong to one build,
// and a new build comes with a new list and a new cache, used from the next
// visit after every tab of the old build is closed.
import type { PrecacheManifest } from './manifest.js';

const sw = self as unknown as ServiceWorkerGlobalScope;
const MANIFEST: PrecacheManifest = JSON.parse('__LLEXT_PRECACHE_MANIFEST__') as PrecacheManifest;
const PREFIX = 'llext-playground-';
const CACHE = `${PREFIX}${MANIFEST.version}`;
const scope = (): string => sw.registration.scope;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload' skips the HTTP cache, so the stored copy is the deployed one.
      await cache.addAll(MANIFEST.files.map((f) => new Request(new URL(f, scope()).href, { cache: 'reload' })));
      // No skipWaiting(): a new build takes over once every tab of the old one is closed, so an
      // open tab never loses the lazily loaded chunks (the editor, say) of the build it runs.
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(scope())) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Every page address (?view=embed, ?view=present…) is the same app shell.
      const key = req.mode === 'navigate' ? new URL('./', scope()).href : req.url;
      const hit = await cache.match(key, { ignoreSearch: req.mode === 'navigate' });
      if (hit) return hit;
      try {
        return await fetch(req);
      } catch (err) {
        const fallback = await cache.match(req.url, { ignoreSearch: true });
        if (fallback) return fallback;
        throw err;
      }
    })(),
  );
});
