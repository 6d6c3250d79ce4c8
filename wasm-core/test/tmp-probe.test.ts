import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { simulate } from '../src/engine.js';
it('probe', async () => {
  const f = new Uint8Array(readFileSync(process.env.F ?? '/tmp/hw/hello.llext'));
  const config = `arch ${process.env.ARCH ?? 'arm'}\nclass 32\nendian little\nboard nrf52840dk\nheap llext_heap 0x20008000\nelfbuf 0 0x20020000\nkconfig CONFIG_LLEXT_LOG_LEVEL ${process.env.LVL ?? 3}\nexport printk 0x00012345\naction load hello 0\n`;
  const r = await simulate({ files: [f], config });
  console.log(r.document.log.join('\n'));
  const d = { ...r.document, log: undefined };
  console.log(JSON.stringify(d, null, 1).slice(0, +(process.env.N ?? 6000)));
});
