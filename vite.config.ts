import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { serviceWorkerPlugin } from './web/offline/vitePlugin.js';

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  base: './',
  plugins: [react(), serviceWorkerPlugin('web/offline/sw.ts')],
  // web/ imports the engine's TypeScript side as @core/… (tsconfig.json "paths" says the same);
  // the site, its worker and the vitest run all resolve through here.
  resolve: { alias: { '@core': fileURLToPath(new URL('./wasm-core/src', import.meta.url)) } },
  // Monaco's chunk (about 4 MB) is only loaded when an editor is first shown.
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4500 },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
  test: {
    root: '.',
    include: ['wasm-core/test/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
    hookTimeout: 120000,
  },
});
