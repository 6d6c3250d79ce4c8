// New extensions given while others are loaded replace them (the common case:
// trying another build of the same extension), and the file list then offers to
// add them to the previous ones instead, or to undo, so nothing is replaced
// without the user seeing it and being able to take it back.
import { create } from 'zustand';
import type { RunFile } from '../engine/protocol.js';

export type Combine = 'replace' | 'add';

/** The session's new file list: extensions first in load order, then the Zephyr image if any. */
export function combineFiles(current: RunFile[], added: RunFile[], zephyr: RunFile | null, how: Combine): RunFile[] {
  const keptExts = current.filter((f) => f.role === 'extension');
  const keptZephyr = current.filter((f) => f.role === 'zephyr-elf');
  const exts = added.length === 0 ? keptExts : how === 'add' ? [...keptExts, ...added] : added;
  return [...exts, ...(zephyr ? [zephyr] : keptZephyr)].map(({ name, role, bytes }) => ({ name, role, bytes }));
}

export interface ReplaceOffer {
  /** The files and sample before the replacement, for Undo. */
  before: RunFile[];
  sampleId: string | null;
  /** The extensions that replaced them, for "Add instead". */
  added: RunFile[];
  zephyr: RunFile | null;
  /** The session's file list right after the replacement: the offer holds only while it is current. */
  after: unknown;
}

interface OfferState {
  offer: ReplaceOffer | null;
  setOffer: (offer: ReplaceOffer | null) => void;
}

export const useReplaceOffer = create<OfferState>()((set) => ({
  offer: null,
  setOffer: (offer) => set({ offer }),
}));
