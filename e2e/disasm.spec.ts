// The Relocations view disassembles Xtensa and ARC sites with the core's decoders (capstone 5
// has neither): the patched instruction before and after, as objdump prints it.
import { test, expect } from '@playwright/test';
import { loadSample, openPlayground, showView } from './helpers.js';

test.use({ reducedMotion: 'reduce' });

test('Xtensa relocation sites show their L32R before and after', async ({ page }, info) => {
  await openPlayground(page);
  await loadSample(page, /Data mix \(Xtensa, object file\)/);
  await showView(page, 'Relocations');
  const grid = page.getByTestId('reloc-grid');
  await expect(page.getByText('Disassembly as objdump prints it')).toBeVisible();
  // .text+0x19: l32r a13 to .literal+0x8, the literal the relocation points it at.
  const row = grid.getByRole('row').filter({ hasText: '.text+0x19' });
  await expect(row).toContainText('l32r a13, 600c0064');
  await expect(row).toContainText('l32r a13, 6010003c');
  await expect(grid).not.toContainText('No disassembler');
  await row.click();
  await grid.evaluate((el) => (el.scrollTop = 5 * 50));
  await page.screenshot({ path: info.outputPath('relocations-xtensa.png') });
});

test('ARC relocation sites show the instruction that holds a patched long immediate', async ({ page }, info) => {
  await openPlayground(page);
  await loadSample(page, /Data mix \(ARC HS\)/);
  await showView(page, 'Relocations');
  const grid = page.getByTestId('reloc-grid');
  await expect(page.getByText('Disassembly as objdump prints it')).toBeVisible();
  // R_ARC_32_ME at .text+0x16: the LIMM of mov_s r13 at .text+0x14, written middle-endian.
  const limm = grid.getByRole('row').filter({ hasText: '.text+0x16' });
  await expect(limm).toContainText('mov_s r13,0');
  await expect(limm).toContainText('mov_s r13,0x8002b5e4');
  // R_ARC_S25W_PCREL at .text+0x54: bl.d to the imported function.
  const bl = grid.getByRole('row').filter({ hasText: '.text+0x54' });
  await expect(bl).toContainText(/bl\.d 0 ;8002b5a8.*bl\.d /);
  await bl.click();
  await page.screenshot({ path: info.outputPath('relocations-arc.png') });
});
