import { test, expect } from '@playwright/test';
import { openPlayground, showConfig, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('Monaco and capstone load only when needed, from this site', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openPlayground(page);
  await expect(page.getByTestId('log')).toContainText('Loaded extension hello_world');
  const origin = new URL(baseURL ?? '').origin;
  const foreign = () => requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(requests.filter((u) => /MonacoEditor|capstone/.test(u))).toEqual([]);

  await showConfig(page, 'prj.conf');
  await expect(page.getByTestId('prjconf-editor').locator('.monaco-editor')).toBeVisible();
  expect(requests.some((u) => /MonacoEditor-.*\.js$/.test(u))).toBe(true);

  await showView(page, 'Relocations');
  await expect(page.getByTestId('reloc-grid')).toContainText('R_ARM_ABS32');
  await expect(page.getByText('Disassembly by capstone')).toBeVisible();
  expect(requests.some((u) => /capstone-.*\.wasm$/.test(u))).toBe(true);
  expect(foreign()).toEqual([]);
});
