// Playback of the current trace: a cursor over its events (cursor = number of
// events applied), play/pause, speed, and the thing selected in any view.
import { create } from 'zustand';

export type Selection =
  | { kind: 'heap'; heap: number }
  | { kind: 'chunk'; heap: number; offset: bigint }
  | { kind: 'region'; ext: string; region: number }
  | { kind: 'section'; ext: string; index: number }
  | { kind: 'symbol'; ext: string; name: string }
  | { kind: 'reloc'; n: number }
  /** One address (the Run view: a faulting instruction or the address it used). */
  | { kind: 'addr'; addr: bigint };

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

export interface PlayerState {
  length: number;
  cursor: number;
  playing: boolean;
  speed: number;
  selection: Selection | null;
  reset: (length: number, play: boolean) => void;
  seek: (cursor: number) => void;
  stepBy: (delta: number) => void;
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: number) => void;
  select: (selection: Selection | null) => void;
}

const clamp = (v: number, n: number): number => Math.max(0, Math.min(n, v));

export const usePlayer = create<PlayerState>()((set) => ({
  length: 0,
  cursor: 0,
  playing: false,
  speed: 1,
  selection: null,
  reset: (length, play) => set({ length, cursor: play ? 0 : length, playing: play && length > 0, selection: null }),
  seek: (cursor) => set((s) => ({ cursor: clamp(cursor, s.length), playing: false })),
  stepBy: (delta) => set((s) => ({ cursor: clamp(s.cursor + delta, s.length), playing: false })),
  setPlaying: (playing) => set((s) => ({ playing, cursor: playing && s.cursor >= s.length ? 0 : s.cursor })),
  setSpeed: (speed) => set({ speed }),
  select: (selection) => set({ selection }),
}));
