// A run that records nothing (simulateQuiet: the CLI's --quiet, the min-heap solver, the
// benchmarks) takes shortcuts: cached symbol answers, no psABI half for relocations when
// nothing can observe it. It must still end every sample exactly as the recorded run does.
import { describe, expect, it } from 'vitest';
import { addFiles, simulate } from '../src/engine.js';
import { withEngine } from '../src/wasm.js';
import { prepareSession } from '../src/session.js';
import { readCatalogue, sessionFor, loadOrderOf, prjConfOf, SAMPLES_DIR } from './catalogue.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function quietResult(files: Uint8Array[], config: string): Promise<number> {
  return withEngine((wasm) => {
    addFiles(wasm, files);
    return wasm.simulateQuiet(config);
  });
}

function firstFailure(actions: { ret: number }[]): number {
  return actions.find((a) => a.ret < 0)?.ret ?? 0;
}

describe('quiet runs end as recorded runs do', () => {
  const catalogue = readCatalogue();

  for (const abiStrict of [false, true]) {
    it(`every sample${abiStrict ? ', ABI-strict' : ''}`, async () => {
      let failing = 0;
      for (const entry of catalogue) {
        const files = loadOrderOf(entry).map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, p))) }));
        const s = abiStrict
          ? await prepareSession({ board: entry.board, files, prjConf: prjConfOf(entry), options: { abiStrict: true } })
          : await sessionFor(entry);
        const { document: doc } = await simulate({ files: s.files, config: s.config });
        const recorded = firstFailure(doc.actions);
        if (recorded < 0) failing++;
        expect(await quietResult(s.files, s.config), entry.id).toBe(recorded);
      }
      // The catalogue has failing samples, so both outcomes are compared.
      expect(failing).toBeGreaterThan(5);
    });
  }
});
