import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { serviceWorkerPlugin } from './web/offline/vitePlugin';

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  base: './',
  plugins: [react(), serviceWorkerPlugin('web/offline/sw.ts')],
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
