// A shared session reproduces the run exactly: the engine document after a
// round trip through a link equals the one of the original prj.conf.
import { describe, expect, it } from 'vitest';
import { getBoard } from '@core/config/index.js';
import { simulate } from '@core/engine.js';
import { prepareSession, type SessionRequest } from '@core/session.js';
import { decodeSessionPayload, encodeSessionPayload } from './codec.js';
import { plainSession, type SharedSession } from './document.js';
import { kconfigChanges } from './kconfigChanges.js';
import { inLoadOrder, sessionFiles, sessionRequest } from './request.js';
import { catalogue, fetchSample, sampleBytes } from '../test-support/samples.js';

async function run(req: SessionRequest) {
  const prepared = await prepareSession(req);
  return (await simulate({ files: prepared.files, config: prepared.config })).document;
}

async function runShared(s: SharedSession) {
  const decoded = decodeSessionPayload(encodeSessionPayload(s), { samples: catalogue });
  if (!decoded.ok) throw new Error(decoded.error.message);
  return run(await sessionRequest(decoded.session, await sessionFiles(decoded.session, catalogue, fetchSample)));
}

describe('a shared session reproduces the run', () => {
  it('same log and addresses as the prj.conf it came from', async () => {
    const prjConf =
      'CONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_LOG_LEVEL_DBG=y\nCONFIG_LLEXT_HEAP_SIZE=12\nCONFIG_LLEXT_STORAGE_WRITABLE=y\n';
    const direct = await run({
      board: 'nrf52840dk',
      prjConf,
      files: [{ name: 'data_mix.llext', bytes: sampleBytes('data_mix/data_mix.llext') }],
    });
    const shared = await runShared({ ...plainSession('nrf52840dk', 'data_mix'), config: kconfigChanges(getBoard('nrf52840dk'), prjConf) });
    expect(direct.ok).toBe(true);
    expect(direct.log.some((l) => l.startsWith('<dbg> llext:'))).toBe(true);
    expect(shared.log).toEqual(direct.log);
    expect(shared.regions).toEqual(direct.regions);
    expect(shared.relocations).toEqual(direct.relocations);
    expect(shared.heaps).toEqual(direct.heaps);
  });

  it('loads two dropped extensions in the recorded order', async () => {
    const provider = { name: 'provider.llext', role: 'extension' as const, bytes: sampleBytes('provider_consumer/provider.llext') };
    const consumer = { name: 'consumer.llext', role: 'extension' as const, bytes: sampleBytes('provider_consumer/consumer.llext') };
    const files: SharedSession['source'] = { kind: 'files', files: [consumer, provider] };
    const ordered = await runShared({ ...plainSession('nrf52840dk', 'x'), source: files, loadOrder: ['provider', 'consumer'] });
    expect(ordered.ok).toBe(true);
    expect(ordered.actions.map((a) => [a.action, a.ext, a.ret])).toEqual([
      ['load', 'provider', 0],
      ['load', 'consumer', 0],
    ]);
    // In file order the consumer comes first and cannot link the provider's symbols: -ENODATA (61).
    const fileOrder = await runShared({ ...plainSession('nrf52840dk', 'x'), source: files });
    expect(fileOrder.ok).toBe(false);
    expect(fileOrder.actions[0]).toMatchObject({ action: 'load', ext: 'consumer' });
    expect(fileOrder.errno).toBe(61);
  });

  it('applies export-table changes', async () => {
    // Replacing the table with one that lacks printk leaves hello_world's import unresolved.
    const doc = await runShared({
      ...plainSession('nrf52840dk', 'hello_world'),
      exports: { mode: 'replace', text: 'not_printk 0x00001001\n' },
    });
    expect(doc.ok).toBe(false);
    expect(doc.imports.find((i) => i.name === 'printk')).toMatchObject({ resolvedFrom: 'unresolved', addr: null });
  });

  it('resolves sample files from the catalogue and orders by extension name', async () => {
    const files = await sessionFiles(plainSession('nrf52840dk', 'provider_consumer'), catalogue, fetchSample);
    expect(files.map((f) => f.name)).toEqual(['provider.llext', 'consumer.llext']);
    expect(inLoadOrder(files, ['consumer']).map((f) => f.name)).toEqual(['consumer.llext']);
    expect(() => inLoadOrder(files, ['nobody'])).toThrow('No file provides extension "nobody".');
    await expect(sessionFiles(plainSession('nrf52840dk', 'gone'), catalogue, fetchSample)).rejects.toThrow(
      'Sample "gone" is not in the catalogue.',
    );
  });
});
