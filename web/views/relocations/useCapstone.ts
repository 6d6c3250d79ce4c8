// Loads capstone when a view first needs it; null until ready. Xtensa and ARC need no capstone:
// the core decodes them ('core').
import { useEffect, useState } from 'react';
import type { CapstoneModule } from '@alexaltea/capstone-js';
import { coreDecodes, loadCapstone, supportsArch } from './disasm.js';

export type CapstoneState = { state: 'loading' | 'unsupported' | 'failed' | 'core'; cs: null } | { state: 'ready'; cs: CapstoneModule };

export function useCapstone(arch: string): CapstoneState {
  const [st, setSt] = useState<CapstoneState>({ state: 'loading', cs: null });
  useEffect(() => {
    if (coreDecodes(arch)) {
      setSt({ state: 'core', cs: null });
      return;
    }
    if (!supportsArch(arch)) {
      setSt({ state: 'unsupported', cs: null });
      return;
    }
    let live = true;
    loadCapstone().then(
      (cs) => {
        if (live) setSt({ state: 'ready', cs });
      },
      () => {
        if (live) setSt({ state: 'failed', cs: null });
      },
    );
    return () => {
      live = false;
    };
  }, [arch]);
  return st;
}
