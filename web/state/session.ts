// The session: what the user gave (board, files, prj.conf) and what the engine
// answered. prj.conf text is the single source of truth for Kconfig values: the
// panel edits it, the editor shows it.
import { create } from 'zustand';
import type { MinHeapAnswer } from '@core/engine.js';
import type { FixApply, Verdict } from '@core/verdict/verdict.js';
import { setOption } from '../config/prjConfEdit.js';
import type { ProgressPhase, RunFile, RunSpec, SimulationReply } from '../engine/protocol.js';
import { DEFAULT_APP_SETTINGS, type AppCall, type AppSettings } from '../config/appCallsModel.js';

export type ExportChanges = NonNullable<RunSpec['exports']>;

export type { AppSettings } from '../config/appCallsModel.js';

export interface SessionFile extends RunFile {
  id: number;
}

export type RunReason = 'load' | 'config';

export interface RunStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  phase: ProgressPhase | null;
  fraction: number;
  /** True once a run has taken long enough to show progress and a cancel button. */
  slow: boolean;
  error: string | null;
}

export type MinHeapStatus = { state: 'idle' } | { state: 'solving'; key: string } | { state: 'done'; key: string; answer: MinHeapAnswer };

/** The verdict of the run of session revision `revision` (computed in a worker after the run). */
export type VerdictState =
  { state: 'idle' } | { state: 'judging'; revision: number } | { state: 'done'; revision: number; verdict: Verdict };

export interface InputMessage {
  kind: 'error' | 'info';
  text: string;
}

export interface SessionState {
  boardId: string;
  sampleId: string | null;
  files: SessionFile[];
  prjConf: string;
  /** Export-table lines added to (merge) or replacing the board's built-in table. */
  exports: ExportChanges | null;
  /** Why the next run happens: a new load plays from the start, a config edit shows the end state. */
  reason: RunReason;
  /** Bumped on every change that needs a new engine run. */
  revision: number;
  result: SimulationReply | null;
  resultRevision: number;
  status: RunStatus;
  minHeap: MinHeapStatus;
  verdict: VerdictState;
  messages: InputMessage[];
  app: AppSettings;
  /** Stepping: every call stops after this many instructions (`option cpu-stop`); null: calls run to the end. Not shared. */
  cpuStop: number | null;

  loadSession: (s: {
    boardId: string;
    sampleId: string | null;
    files: RunFile[];
    prjConf?: string;
    exports?: ExportChanges | null;
    app?: AppSettings;
  }) => void;
  setFiles: (files: RunFile[]) => void;
  moveFile: (id: number, delta: -1 | 1) => void;
  removeFile: (id: number) => void;
  setBoard: (boardId: string) => void;
  setPrjConf: (text: string, reason?: RunReason) => void;
  setExports: (exports: ExportChanges | null) => void;
  setResult: (result: SimulationReply, revision: number) => void;
  setStatus: (status: Partial<RunStatus>) => void;
  setMinHeap: (m: MinHeapStatus) => void;
  setVerdict: (v: VerdictState) => void;
  /** Applies a fix of the verdict: board, prj.conf assignments and load order, as one change. */
  applyFix: (apply: FixApply) => void;
  say: (messages: InputMessage[]) => void;
  dismissMessages: () => void;
  setApp: (app: Partial<AppSettings>) => void;
  /** The Run view: makes `calls` the application's calls and sets stepping (and the
   * instruction budget, when given), as one change (one re-run). */
  setCalls: (calls: AppCall[], cpuStop: number | null, cpuBudget?: number) => void;
}

let nextFileId = 1;
const withIds = (files: RunFile[]): SessionFile[] => files.map((f) => ({ ...f, id: nextFileId++ }));

const IDLE: RunStatus = { state: 'idle', phase: null, fraction: 0, slow: false, error: null };

export const useSession = create<SessionState>()((set) => ({
  boardId: '',
  sampleId: null,
  files: [],
  prjConf: '',
  exports: null,
  reason: 'load',
  revision: 0,
  result: null,
  resultRevision: -1,
  status: IDLE,
  minHeap: { state: 'idle' },
  verdict: { state: 'idle' },
  messages: [],
  app: { ...DEFAULT_APP_SETTINGS },
  cpuStop: null,

  loadSession: ({ boardId, sampleId, files, prjConf, exports, app }) =>
    set((s) => ({
      boardId,
      sampleId,
      files: withIds(files),
      prjConf: prjConf ?? s.prjConf,
      exports: exports === undefined ? s.exports : exports,
      // Calls name the previous files' functions: a new load without its own calls drops them.
      app: app === undefined ? { ...s.app, calls: [] } : { ...app },
      cpuStop: null,
      reason: 'load',
      revision: s.revision + 1,
    })),
  setFiles: (files) =>
    set((s) => ({
      files: withIds(files),
      sampleId: null,
      app: { ...s.app, calls: [] },
      cpuStop: null,
      reason: 'load',
      revision: s.revision + 1,
    })),
  moveFile: (id, delta) =>
    set((s) => {
      const i = s.files.findIndex((f) => f.id === id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= s.files.length) return {};
      const files = [...s.files];
      [files[i], files[j]] = [files[j], files[i]];
      return { files, sampleId: null, reason: 'load', revision: s.revision + 1 };
    }),
  removeFile: (id) => set((s) => ({ files: s.files.filter((f) => f.id !== id), sampleId: null, reason: 'load', revision: s.revision + 1 })),
  setBoard: (boardId) => set((s) => (s.boardId === boardId ? {} : { boardId, reason: 'load', revision: s.revision + 1 })),
  setPrjConf: (text, reason = 'config') => set((s) => (s.prjConf === text ? {} : { prjConf: text, reason, revision: s.revision + 1 })),
  setExports: (exports) => set((s) => ({ exports, reason: 'config', revision: s.revision + 1 })),
  setResult: (result, revision) => set({ result, resultRevision: revision }),
  setStatus: (status) => set((s) => ({ status: { ...s.status, ...status } })),
  setMinHeap: (minHeap) => set({ minHeap }),
  setVerdict: (verdict) => set({ verdict }),
  applyFix: (apply) =>
    set((s) => {
      let prjConf = s.prjConf;
      for (const d of apply.defines ?? []) {
        const eq = d.indexOf('=');
        prjConf = setOption(prjConf, d.slice(0, eq), d.slice(eq + 1));
      }
      // apply.order names the extensions; a Zephyr image among the files keeps its place first.
      let files = s.files;
      if (apply.order) {
        const exts = apply.order.map((name) => s.files.find((f) => f.role === 'extension' && f.name === name));
        if (exts.every((f) => f !== undefined)) files = [...s.files.filter((f) => f.role !== 'extension'), ...(exts as SessionFile[])];
      }
      return {
        boardId: apply.board ?? s.boardId,
        prjConf,
        files,
        app: apply.cpuBudget !== undefined ? { ...s.app, cpuBudget: apply.cpuBudget } : s.app,
        sampleId: apply.order || apply.board ? null : s.sampleId,
        reason: 'load',
        revision: s.revision + 1,
      };
    }),
  say: (messages) => set({ messages }),
  dismissMessages: () => set({ messages: [] }),
  setApp: (app) => set((s) => ({ app: { ...s.app, ...app }, reason: 'config', revision: s.revision + 1 })),
  setCalls: (calls, cpuStop, cpuBudget) =>
    set((s) => ({
      app: { ...s.app, calls: calls.map((c) => ({ ...c, args: [...c.args] })), cpuBudget: cpuBudget ?? s.app.cpuBudget },
      cpuStop,
      reason: 'config',
      revision: s.revision + 1,
    })),
}));
