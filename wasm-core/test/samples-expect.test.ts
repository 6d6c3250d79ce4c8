// Every catalogue entry, run through the engine exactly as the playground runs
// it when the sample is picked (its board, its files in load order, its
// prjConf on top of the default image configuration), must end as the
// catalogue says: "loads" loads, "fails" fails with Zephyr's message and errno.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine.js';
import { readCatalogue, sessionFor } from './catalogue.js';

const catalogue = readCatalogue();

describe('catalogue expectations hold in the engine', () => {
  it('has failing samples for table order, interleaved regions, heap size, ranges and imports', () => {
    const errnos = new Map(catalogue.filter((e) => e.expect === 'fails').map((e) => [e.id, e.expectErrno]));
    expect(errnos.get('data_mix-clang')).toBe(8); // ENOEXEC
    expect(errnos.get('data_mix-arm64-clang')).toBe(8);
    expect(errnos.get('init_fini-O2')).toBe(8);
    expect(errnos.get('big_heap')).toBe(12); // ENOMEM
    expect(errnos.get('relative_calls-short-calls')).toBe(8);
    expect(errnos.get('consumer-alone')).toBe(61); // ENODATA
  });

  for (const entry of catalogue) {
    it(`${entry.id} (${entry.board}) ${entry.expect}`, async () => {
      const session = await sessionFor(entry);
      expect(
        session.diagnostics.filter((d) => d.severity === 'error'),
        'prj.conf problems',
      ).toEqual([]);
      const { document: doc } = await simulate({ files: session.files, config: session.config });
      if (entry.expect === 'loads') {
        expect(doc.ok, `${entry.id}: ${doc.message}`).toBe(true);
        expect(doc.actions.every((a) => a.ret === 0)).toBe(true);
        return;
      }
      expect(doc.ok).toBe(false);
      expect(doc.message).toBe(entry.expectMessage);
      expect(doc.errno).toBe(entry.expectErrno);
      // the same line is in Zephyr's log, as an error of the llext module or, when the
      // architecture's code refused the relocation, of its elf module
      expect(doc.log.filter((l) => l === `<err> llext: ${entry.expectMessage}` || l === `<err> elf: ${entry.expectMessage}`)).toHaveLength(
        1,
      );
    });
  }
});
