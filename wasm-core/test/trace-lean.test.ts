// The CLI's text output decodes only what it prints (DecodeOptions): the events it keeps
// must be exactly those of a full decode, although the skipped relocation records carry
// the delta state (index, P) that the kept ones depend on.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshInstance } from '../src/wasm.js';
import { decodeTrace, type TraceEvent } from '../src/trace.js';
import { buildDocument } from '../src/document.js';
import { prepareSession } from '../src/session.js';

const samples = join(import.meta.dirname, '..', '..', 'public', 'samples');
interface Entry {
  id: string;
  board: string;
  files: { path: string }[];
  loadOrder?: string[];
}
const catalogue = JSON.parse(readFileSync(join(samples, 'index.json'), 'utf8')) as Entry[];

async function trace(entry: Entry, abiStrict = false): Promise<{ raw: Uint8Array; ptr: number }> {
  const paths = entry.loadOrder ?? entry.files.map((f) => f.path);
  const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(samples, p))) }));
  const s = await prepareSession({ board: entry.board, files, options: { abiStrict } });
  const wasm = await freshInstance();
  for (const f of s.files) wasm.addInputFile(f);
  return { raw: wasm.simulate(s.config), ptr: s.board.elfClass === 64 ? 8 : 4 };
}

const isImport = (e: TraceEvent) => e.kind !== 'lookup' || ['builtin', 'extension', 'missing', 'own'].includes(e.source);
const isKept = (e: TraceEvent) => (e.kind !== 'reloc' || e.quirk !== '') && isImport(e);

describe('lean decoding', () => {
  it('keeps relocations with a quirk in some sample (else this test proves little)', async () => {
    let quirks = 0;
    for (const entry of catalogue) {
      const { raw } = await trace(entry);
      quirks += decodeTrace(raw).filter((e) => e.kind === 'reloc' && e.quirk !== '').length;
    }
    expect(quirks).toBeGreaterThan(0);
  });

  for (const entry of catalogue) {
    it(`gives the full decode's events and summary for ${entry.id}`, async () => {
      const { raw, ptr } = await trace(entry);
      const full = decodeTrace(raw);
      const lean = decodeTrace(raw, { relocations: 'quirks', lookups: 'imports' });
      expect(lean).toEqual(full.filter(isKept));
      const opts = { relocations: 'quirks', lookups: 'imports', images: false } as const;
      const a = buildDocument(full, ptr),
        b = buildDocument(lean, ptr, opts);
      expect(b.relocations).toEqual(a.relocations.filter((r) => r.quirk !== null));
      expect({ ...b, relocations: [] }).toEqual({ ...a, relocations: [], image: {}, abiImage: {}, images: [] });
    });
  }
});

describe('the trace handed over raw', () => {
  it('decodes to what simulate() returns (the web worker transfers the trace, the page decodes it)', async () => {
    const { runEngine, resultOfTrace, simulate } = await import('../src/engine.js');
    const entry = catalogue.find((e) => e.id === 'data_mix')!;
    const paths = entry.loadOrder ?? entry.files.map((f) => f.path);
    const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(samples, p))) }));
    const s = await prepareSession({ board: entry.board, files });
    const raw = await runEngine({ files: s.files, config: s.config });
    expect(resultOfTrace(raw, s.config)).toEqual(await simulate({ files: s.files, config: s.config }));
  });
});
