import { describe, expect, it } from 'vitest';
import { MANIFEST_TOKEN, injectManifest, precacheFiles, precacheVersion } from './manifest.js';

describe('precache manifest', () => {
  it('lists the app shell and every built and public file, without maps, dot files, notes or itself', () => {
    expect(
      precacheFiles([
        'index.html',
        'assets/index-abc.js',
        'assets/index-abc.js.map',
        'assets/engine-123.wasm',
        'sw.js',
        'samples/index.json',
        'samples/hello_world/hello_world.llext',
        'samples/.gitkeep',
        'lessons/README.md',
        './lessons/first-load.json',
        'samples\\x\\y.c',
      ]),
    ).toEqual([
      './',
      'assets/engine-123.wasm',
      'assets/index-abc.js',
      'index.html',
      'lessons/first-load.json',
      'samples/hello_world/hello_world.llext',
      'samples/index.json',
      'samples/x/y.c',
    ]);
  });

  it('versions the list by content: any changed byte or file gives a new version', () => {
    const a = [
      { path: 'index.html', digest: 'aa' },
      { path: 'x.js', digest: 'bb' },
    ];
    expect(precacheVersion(a)).toBe(precacheVersion([...a].reverse()));
    expect(precacheVersion(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(
      precacheVersion([
        { path: 'index.html', digest: 'aa' },
        { path: 'x.js', digest: 'bc' },
      ]),
    ).not.toBe(precacheVersion(a));
    expect(precacheVersion([...a, { path: 'y.js', digest: 'cc' }])).not.toBe(precacheVersion(a));
    // FNV-1a of nothing is its offset basis.
    expect(precacheVersion([])).toBe('811c9dc5');
  });

  it('writes the manifest into the built service worker as a string JSON.parse reads back', () => {
    const manifest = { version: '0123abcd', files: ['./', 'assets/a "quoted".js'] };
    for (const q of ['"', "'", '`']) {
      const code = `const m=JSON.parse(${q}${MANIFEST_TOKEN}${q});`;
      const out = injectManifest(code, manifest);
      const literal = out.slice('const m=JSON.parse('.length, -2);
      expect(JSON.parse(JSON.parse(literal) as string)).toEqual(manifest);
    }
    expect(() => injectManifest('nothing here', manifest)).toThrow(`service worker: ${MANIFEST_TOKEN} not found in the built code`);
  });
});
