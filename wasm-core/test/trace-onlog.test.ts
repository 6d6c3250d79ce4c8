// DecodeOptions.onLog (the CLI's text output): every log line reaches the sink in the order
// of the document's log, and the document built beside it is the same but for its log.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine.js';
import { LogBytes } from '../src/log-bytes.js';
import { readCatalogue, sessionFor } from './catalogue.js';

describe('decoding with a log sink', () => {
  it("gives every sample's log lines in order and keeps the failure message", async () => {
    let failing = 0;
    for (const entry of readCatalogue()) {
      const s = await sessionFor(entry);
      const options = { relocations: 'quirks', lookups: 'imports', images: false } as const;
      const { document: plain } = await simulate({ files: s.files, config: s.config }, undefined, options);
      const lines: string[] = [];
      const { document: sunk } = await simulate({ files: s.files, config: s.config }, undefined, {
        ...options,
        onLog: (line) => lines.push(line),
      });
      expect(lines, entry.id).toEqual(plain.log);
      expect(sunk.log, entry.id).toEqual([]);
      expect({ ...sunk, log: plain.log }, entry.id).toEqual(plain);
      if (!plain.ok) failing++;
    }
    // The message of a failed load comes from its <err> line: failures must be among the samples.
    expect(failing).toBeGreaterThan(5);
  });

  it("gives the same lines as bytes (logBytes), with the same document (and without sym_tab's symbols)", async () => {
    for (const entry of readCatalogue()) {
      for (const defines of [[], ['CONFIG_LLEXT_LOG_LEVEL_DBG=y']]) {
        const s = await sessionFor(entry, defines);
        const config = s.config;
        const options = { relocations: 'quirks', lookups: 'imports', images: false } as const;
        const lines: string[] = [];
        const { document: sunk } = await simulate({ files: s.files, config }, undefined, { ...options, onLog: (line) => lines.push(line) });
        const logBytes = new LogBytes(16);
        const { document: asBytes } = await simulate({ files: s.files, config }, undefined, { ...options, symbols: 'exports', logBytes });
        expect(new TextDecoder().decode(logBytes.bytes()), entry.id).toBe(lines.map((l) => l + '\n').join(''));
        expect(asBytes, entry.id).toEqual(sunk);
      }
    }
  });

  it('the message of a failure is its <err> line', async () => {
    const entry = readCatalogue().find((e) => e.id === 'missing_import')!;
    const s = await sessionFor(entry);
    const { document } = await simulate({ files: s.files, config: s.config }, undefined, { onLog: () => undefined });
    expect(document.ok).toBe(false);
    expect(document.errno).toBe(61); // ENODATA
    expect(document.message).toBe('Undefined symbol with no entry in symbol table board_secret_init, offset 36, link section 10');
  });
});
