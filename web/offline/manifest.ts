// The precache manifest: which built files the service worker stores on the
// first visit, and a version that changes whenever any of their contents do,
// so a new deployment replaces the whole cache at once.
export interface PrecacheManifest {
  version: string;
  /** Paths relative to the service worker's scope (the app's base). */
  files: string[];
}

/** Files the app never needs offline. */
const SKIP = [/\.map$/, /(^|\/)\.[^/]*$/, /^sw\.js$/, /\.(md|txt)$/i, /(^|\/)README[^/]*$/i];

export function precacheFiles(paths: readonly string[]): string[] {
  const files = new Set<string>(['./']);
  for (const raw of paths) {
    const path = raw.replace(/\\/g, '/').replace(/^\.?\//, '');
    if (path === '' || SKIP.some((re) => re.test(path))) continue;
    files.add(path);
  }
  return [...files].sort();
}

/** FNV-1a over the paths and their content digests: cheap, stable, and changes with any byte. */
export function precacheVersion(entries: readonly { path: string; digest: string }[]): string {
  let h = 0x811c9dc5;
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    for (const ch of `${e.path}\0${e.digest}\0`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}

/** The token in the service worker's source that the build replaces with the manifest. */
export const MANIFEST_TOKEN = '__LLEXT_PRECACHE_MANIFEST__';

/** Replaces the quoted token in built code with the manifest as a JSON string literal. */
export function injectManifest(code: string, manifest: PrecacheManifest): string {
  const quoted = new RegExp(`(["'\`])${MANIFEST_TOKEN}\\1`);
  if (!quoted.test(code)) throw new Error(`service worker: ${MANIFEST_TOKEN} not found in the built code`);
  return code.replace(quoted, () => JSON.stringify(JSON.stringify(manifest)));
}
