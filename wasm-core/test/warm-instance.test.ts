// Runs reuse a warm engine instance (wasm.ts withEngine). A run on a warm instance must
// record exactly the trace a fresh instance records: nothing a run leaves behind
// (file-static state, input files, memory contents) may reach the next one.
import { describe, expect, it } from 'vitest';
import { runEngine } from '../src/engine.js';
import { freshInstance, withEngine } from '../src/wasm.js';
import { readCatalogue, sessionFor } from './catalogue.js';

async function freshTrace(files: Uint8Array[], config: string): Promise<Uint8Array> {
  const wasm = await freshInstance();
  for (const f of files) wasm.addInputFile(f);
  return wasm.simulate(config);
}

describe('warm engine instance', () => {
  const catalogue = readCatalogue();

  it('records, for every sample run after every other sample, the trace of a fresh instance', async () => {
    const sessions = await Promise.all(catalogue.map((entry) => sessionFor(entry)));
    const fresh = await Promise.all(sessions.map((s) => freshTrace(s.files, s.config)));
    // Warm runs in catalogue order, then in reverse: every sample follows a different one.
    for (const order of [sessions.map((_, i) => i), sessions.map((_, i) => sessions.length - 1 - i)]) {
      for (const i of order) {
        const warm = await runEngine({ files: sessions[i]!.files, config: sessions[i]!.config });
        expect(warm.length, catalogue[i]!.id).toBe(fresh[i]!.length);
        expect(Buffer.from(warm).equals(Buffer.from(fresh[i]!)), catalogue[i]!.id).toBe(true);
      }
    }
  });

  it('keeps the same instance between runs and frees what a run allocated', async () => {
    const entry = catalogue.find((e) => e.expect === 'loads')!;
    const s = await sessionFor(entry);
    const seen = new Set<unknown>();
    let memoryAfterFirst = 0;
    for (let i = 0; i < 30; i++) {
      await withEngine((wasm) => {
        seen.add(wasm);
        for (const f of s.files) wasm.addInputFile(f);
        wasm.simulate(s.config);
      });
      await withEngine((wasm) => {
        if (i === 0) memoryAfterFirst = wasm.memory.buffer.byteLength;
      });
    }
    expect(seen.size).toBe(1);
    // Thirty runs fit in the memory the first one grew to: the collector reclaims each run.
    expect(await withEngine((wasm) => wasm.memory.buffer.byteLength)).toBe(memoryAfterFirst);
  });

  it('drops an instance whose run threw and starts the next run on a fresh one', async () => {
    const first = await withEngine((wasm) => wasm);
    await expect(
      withEngine(() => {
        throw new Error('trap');
      }),
    ).rejects.toThrow('trap');
    const next = await withEngine((wasm) => wasm);
    expect(next).not.toBe(first);
  });
});
