import { describe, expect, it } from 'vitest';
import { actionText, describeEvent } from './describe.js';

describe('describeEvent wording', () => {
  it('names the Zephyr call an application action makes', () => {
    expect(actionText('load h_counter 0')).toBe('llext_load() for h_counter');
    expect(actionText('heap_init 16384')).toBe('llext_heap_init() with a 16 KiB buffer');
    expect(actionText('call h_counter counter_get')).toBe('llext_call_fn() for counter_get of h_counter');
    expect(actionText('heap_uninit')).toBe('llext_heap_uninit()');
    expect(describeEvent({ kind: 'action', index: 0, text: 'load h_counter 0' } as never, String)).toBe(
      'The application calls llext_load() for h_counter',
    );
    expect(describeEvent({ kind: 'result', action: 'load', ext: 'h_counter', ret: -12 } as never, String)).toBe(
      'llext_load() for h_counter failed with ENOMEM (-12)',
    );
    expect(describeEvent({ kind: 'result', action: 'heap_uninit', ext: '', ret: 0 } as never, String)).toBe(
      'llext_heap_uninit() succeeded',
    );
  });
});
