// Loads capstone when a view first needs it; null until ready.
import { useEffect, useState } from 'react';
import type { CapstoneModule } from '@alexaltea/capstone-js';
import { loadCapstone, supportsArch } from './disasm.js';

export type CapstoneState = { state: 'loading' | 'unsupported' | 'failed'; cs: null } | { state: 'ready'; cs: CapstoneModule };

export function useCapstone(arch: string): CapstoneState {
  const [st, setSt] = useState<CapstoneState>({ state: 'loading', cs: null });
  useEffect(() => {
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
