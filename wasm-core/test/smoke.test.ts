import { describe, expect, it } from 'vitest';
import { freshInstance } from '../src/wasm.js';

describe('engine module', () => {
  it('instantiates and answers', async () => {
    const e = await freshInstance();
    expect(e.addInputFile(new Uint8Array([1, 2, 3]))).toBe(0);
  });
});
