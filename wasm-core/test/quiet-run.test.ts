// runQuiet (the loader recording nothing, what `llext-sim load --quiet` runs) must end every
// catalogue sample as the recorded run does, and input files given as readers must reach
// the engine byte for byte. A quiet run takes shortcuts (cached symbol answers, no psABI
// half for relocations when nothing can observe it), so ABI-strict runs are compared too.
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, runEngine, runQuiet, simulate, type InputFileReader } from '../src/engine.js';
import { prepareSession } from '../src/session.js';
import { readCatalogue, sessionFor, loadOrderOf, prjConfOf, SAMPLES_DIR } from './catalogue.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A reader over bytes, counting how often the engine asked for them. */
function readerOf(bytes: Uint8Array): InputFileReader & { reads: number } {
  return {
    length: bytes.length,
    reads: 0,
    readInto(dest: Uint8Array) {
      this.reads++;
      dest.set(bytes);
    },
  };
}

describe('runQuiet', () => {
  const catalogue = readCatalogue();

  it('returns 0 for every sample that loads and minus the errno of every sample that fails', async () => {
    for (const entry of catalogue) {
      const s = await sessionFor(entry);
      const ret = await runQuiet({ files: s.files, config: s.config });
      expect(ret, entry.id).toBe(entry.expect === 'loads' ? 0 : -entry.expectErrno!);
      const { document } = await simulate({ files: s.files, config: s.config });
      expect(ret, entry.id).toBe(document.ok ? 0 : -document.errno);
    }
  });

  it('takes files as readers that write straight into engine memory', async () => {
    const s = await sessionFor(catalogue.find((e) => e.id === 'provider_consumer')!);
    const readers = s.files.map(readerOf);
    expect(await runQuiet({ files: readers, config: s.config })).toBe(0);
    // The recorded trace holds every relocated word: the same trace means the same bytes went in.
    const fromReaders = await runEngine({ files: readers, config: s.config });
    const fromBytes = await runEngine({ files: s.files, config: s.config });
    expect(fromReaders.length).toBeGreaterThan(1000);
    expect(Buffer.from(fromReaders).equals(Buffer.from(fromBytes))).toBe(true);
    // Every run reads its files again: a run consumes them (in-place patches land in them).
    expect(readers.map((r) => r.reads)).toEqual([2, 2]);
  });

  it('refuses a reader larger than the input limit before reading it', async () => {
    const s = await sessionFor(catalogue.find((e) => e.id === 'hello_world')!);
    const huge = {
      length: MAX_INPUT_BYTES + 1,
      reads: 0,
      readInto() {
        this.reads++;
      },
    };
    await expect(runQuiet({ files: [huge], config: s.config })).rejects.toThrow(
      `input file 0 is ${MAX_INPUT_BYTES + 1} bytes; the playground loads files of at most 256 MiB`,
    );
    expect(huge.reads).toBe(0);
  });
});

describe('runQuiet in ABI-strict mode', () => {
  it('ends every sample as the recorded ABI-strict run does', async () => {
    let failing = 0;
    for (const entry of readCatalogue()) {
      const files = loadOrderOf(entry).map((p) => ({
        name: p.split('/').pop()!,
        bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, p))),
      }));
      const s = await prepareSession({ board: entry.board, files, prjConf: prjConfOf(entry), options: { abiStrict: true } });
      const { document: doc } = await simulate({ files: s.files, config: s.config });
      const recorded = doc.actions.find((a) => a.ret < 0)?.ret ?? 0;
      if (recorded < 0) failing++;
      expect(await runQuiet({ files: s.files, config: s.config }), entry.id).toBe(recorded);
    }
    // The catalogue has failing samples, so both outcomes are compared.
    expect(failing).toBeGreaterThan(5);
  });
});
