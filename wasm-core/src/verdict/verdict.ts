// The verdict of a run: did the extension load, and will its code work; if not, the root
// cause in plain words (cause before symptom, then Zephyr's own error line) and the fixes.
// Every fix the playground can apply is verified by running the engine again with it and is
// shown only when that run succeeds or gets strictly further; fixes that need a rebuild say
// so and are never marked verified. Computed here, beside the engine, for the CLI, the JSON
// document, the web UI and the report alike.
import { allBoards, DEFAULT_CPU_BUDGET, largerCpuBudget, type Board } from '../config/index.js';
import type { SimulationDocument } from '../document.js';
import { identifyFile, runQuiet, simulate, type FileIdentity, type InputFile } from '../engine.js';
import { prepareSession, type PreparedSession, type SessionRequest } from '../session.js';
import type { TraceEvent } from '../trace.js';
import { applyFix, type FixApply } from './apply.js';
import { hazardSites } from './hazards.js';
import { explainCall } from '../run/explain.js';
import { callCrashed } from '../run/calls.js';
export { causeLabel } from './labels.js';
import { solveHeap } from './heap.js';
import { describeBlocker, errnoText, furtherThan, progressOf, type RunProgress } from './progress.js';

export type { FixApply } from './apply.js';

export type VerdictStatus = 'loaded' | 'loaded-with-hazards' | 'failed';

/**
 * switch-board, reorder and set-options are applied by the playground (and verified);
 * export-symbols and rebuild need a new build of the image or the extension; application
 * needs a change to the application's code.
 */
export type FixKind = 'switch-board' | 'reorder' | 'set-options' | 'export-symbols' | 'rebuild' | 'application';

export interface VerdictFix {
  kind: FixKind;
  text: string;
  /** What the playground changes to apply the fix (empty for a rebuild). */
  apply: FixApply;
  /** True when the engine ran again with the fix applied and got further. */
  verified: boolean;
  /** What that run did ("with CONFIG_LLEXT_HEAP_SIZE=16 it loads"). */
  outcome?: string;
}

export interface Verdict {
  status: VerdictStatus;
  cause: string;
  causeCode: string;
  /** Alternatives: each one on its own addresses the cause. */
  fixes: VerdictFix[];
  /** For a file built for another target: the file and what it was built for ("riscv (ELF32, little-endian)"). */
  file?: { name: string; builtFor: string };
}

export interface VerdictRun {
  document: SimulationDocument;
  events: readonly TraceEvent[];
  /** False when the events were decoded with only some of the relocations (the CLI's text output). */
  relocsComplete?: boolean;
}

export interface VerdictOptions {
  /** Engine runs the verification of fixes may take (default 8). The heap search has its own bound. */
  maxReruns?: number;
}

const list = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** Zephyr's own line, quoted after the cause. */
function zephyrSays(doc: SimulationDocument): string {
  return doc.ok ? '' : ` Zephyr: "${doc.message}" (${errnoText(doc.errno)}).`;
}

const blocker = describeBlocker;

/** A re-run with a fix applied. */
interface Probe {
  ok: boolean;
  progress: RunProgress | null;
  doc: SimulationDocument | null;
}

class Reruns {
  constructor(
    private left: number,
    private readonly base: SessionRequest<InputFile>,
  ) {}

  /**
   * Runs the engine with `apply`. `recorded`: always record the run (its document is
   * needed); otherwise a quiet run first, recorded only when it fails. Null when the budget
   * is spent or the configuration rejects the fix.
   */
  async run(apply: FixApply, recorded = false, detail: 'full' | 'diagnostics' = 'full'): Promise<Probe | null> {
    if (this.left <= 0) return null;
    let s: PreparedSession<InputFile>;
    try {
      s = await prepareSession(applyFix(this.base, apply));
    } catch {
      return null;
    }
    if (s.diagnostics.some((d) => d.severity === 'error')) return null;
    const input = { files: s.files, config: s.config };
    if (!recorded) {
      this.left--;
      if ((await runQuiet(input)) === 0) return { ok: true, progress: null, doc: null };
      if (this.left <= 0) return { ok: false, progress: null, doc: null };
    }
    this.left--;
    // Recorded for its events and diagnostics, not its log: at the error log level, so that a
    // debug-level session does not decode a line per symbol and relocation again.
    const quietLog = await prepareSession(
      applyFix(this.base, { ...apply, defines: [...(apply.defines ?? []), 'CONFIG_LLEXT_LOG_LEVEL_ERR=y'] }),
    );
    const recordedInput = quietLog.diagnostics.some((d) => d.severity === 'error')
      ? input
      : { files: quietLog.files, config: quietLog.config };
    // 'diagnostics': the caller reads only whether it loads and the engine's diagnostics, so the
    // relocations Zephyr and the psABI agree on and sym_tab are not decoded.
    const few = detail === 'diagnostics';
    const r = await simulate(recordedInput, undefined, {
      images: false,
      lookups: 'imports',
      onLog: () => {},
      ...(few ? { relocations: 'quirks' as const, symbols: 'exports' as const } : {}),
    });
    return { ok: r.document.ok, progress: progressOf(r.events, r.document, !few), doc: r.document };
  }
}

/** Makes progress over the user's run: loads, or gets strictly further. */
function improves(p: Probe | null, base: RunProgress): p is Probe {
  if (!p) return false;
  if (p.ok) return true;
  return p.progress !== null && furtherThan(p.progress, base);
}

function outcome(prefix: string, p: Probe): string {
  if (p.ok && p.doc?.diagnostics.some((d) => d.code === 'zephyr-quirk')) {
    return `${prefix} it loads, but Zephyr writes some relocations differently from the psABI (hazards)`;
  }
  if (p.ok) return `${prefix} it loads`;
  return p.progress ? `${prefix} it gets further; next it stops on ${blocker(p.progress)}` : `${prefix} it gets further`;
}

async function bytesOf(f: InputFile): Promise<Uint8Array> {
  if (f instanceof Uint8Array) return f;
  const b = new Uint8Array(f.length);
  f.readInto(b);
  return b;
}

type ElfIdentity = Extract<FileIdentity, { elf: true }>;

const describeTarget = (arch: string, cls: number, endian: string): string => `${arch} (ELF${cls}, ${endian}-endian)`;

function mismatchOf(id: ElfIdentity, b: Board): 'arch-mismatch' | 'class-mismatch' | 'endian-mismatch' | null {
  if (id.arch !== b.arch) return 'arch-mismatch';
  if (id.elfClass !== b.elfClass) return 'class-mismatch';
  if (id.endian !== b.endian) return 'endian-mismatch';
  return null;
}

/** True when a file of `req` is an ELF built for another architecture, class or byte order
 * than `board` (a load Zephyr may complete all the same). */
export async function hasMismatchedFile(req: SessionRequest<InputFile>, board: Board): Promise<boolean> {
  for (const f of req.files) {
    const id = await identifyFile(await bytesOf(f.bytes));
    if (id.elf && mismatchOf(id, board) !== null) return true;
  }
  return false;
}

/** Architecture, class or byte order of a file not matching the board (Zephyr checks none of them). */
async function mismatchVerdict(
  req: SessionRequest<InputFile>,
  s: PreparedSession<InputFile>,
  doc: SimulationDocument,
  base: RunProgress,
  reruns: Reruns,
): Promise<Verdict | null> {
  if (!doc.diagnostics.some((d) => d.code === 'elf-machine' || d.code === 'elf-class' || d.code === 'elf-endian')) return null;
  const board = s.board;
  const ids: { name: string; id: ElfIdentity }[] = [];
  for (const f of req.files) {
    const id = await identifyFile(await bytesOf(f.bytes));
    if (id.elf) ids.push({ name: f.name, id });
  }
  const wrong = ids.filter((x) => mismatchOf(x.id, board) !== null);
  const first = wrong[0];
  if (!first) return null;
  const code = mismatchOf(first.id, board)!;
  const fileTarget = describeTarget(first.id.arch || `e_machine ${first.id.machine}`, first.id.elfClass, first.id.endian);
  const what = code === 'arch-mismatch' ? 'e_machine' : code === 'class-mismatch' ? 'EI_CLASS' : 'EI_DATA';
  const cause =
    `${first.name} was built for ${fileTarget}, but board ${board.id} is ${describeTarget(board.arch, board.elfClass, board.endian)}. ` +
    `Zephyr does not check ${what}` +
    (doc.ok
      ? ": it loaded the file, but the code cannot run on this CPU and its relocations were read as another architecture's."
      : `, so it fails later, on a symptom.${zephyrSays(doc)}`);
  const fixes: VerdictFix[] = [];
  // Every file must agree on the target for one board to suit them all.
  const agree = ids.every((x) => x.id.arch === first.id.arch && x.id.elfClass === first.id.elfClass && x.id.endian === first.id.endian);
  if (agree && first.id.arch !== '') {
    const candidates = allBoards().filter(
      (b) => b.arch === first.id.arch && b.elfClass === first.id.elfClass && b.endian === first.id.endian,
    );
    let best: { board: Board; probe: Probe } | null = null;
    for (const b of candidates.slice(0, 3)) {
      const p = await reruns.run({ board: b.id }, true);
      if (!p) continue;
      const better = doc.ok ? p.ok : improves(p, base);
      if (
        better &&
        (!best ||
          (p.ok && !best.probe.ok) ||
          (!best.probe.ok && p.progress && best.probe.progress && furtherThan(p.progress, best.probe.progress)))
      )
        best = { board: b, probe: p };
      if (best?.probe.ok) break;
    }
    if (best) {
      let apply: FixApply = { board: best.board.id };
      let probe = best.probe;
      // Switched, the load may stop on the new board's heap: size it as well.
      if (!probe.ok && probe.progress?.errno === 12) {
        const heap = await solveHeap(applyFix(req, apply));
        if (heap) {
          const p = await reruns.run({ ...apply, defines: heap.defines }, true);
          if (p && (p.ok || (p.progress && probe.progress && furtherThan(p.progress, probe.progress)))) {
            apply = { ...apply, defines: heap.defines };
            probe = p;
          }
        }
      }
      const withDefines = apply.defines ? ` with ${apply.defines.join(' ')}` : '';
      fixes.push({
        kind: 'switch-board',
        text: `Pick a board for ${first.id.arch}: ${best.board.name} (${best.board.id})${withDefines}`,
        apply,
        verified: true,
        outcome: outcome(`On ${best.board.id}${withDefines}`, probe),
      });
    }
  }
  fixes.push({
    kind: 'rebuild',
    text: `Rebuild ${first.name} for the board: ${describeTarget(board.arch, board.elfClass, board.endian)}, with the board's toolchain (needs a rebuild; not verified)`,
    apply: {},
    verified: false,
  });
  return { status: 'failed', cause, causeCode: code, fixes, file: { name: first.name, builtFor: fileTarget } };
}

/** Compiler output Zephyr cannot load, by the engine's diagnostic code. */
const COMPILER_CAUSES: { code: string; causeCode: string; cause: string; fix: string }[] = [
  {
    code: 'missing-tables',
    causeCode: 'table-order',
    cause:
      "The object's string table does not follow its symbol table (clang merges the string tables and lays them out differently), so Zephyr cannot find its tables.",
    fix: 'Rebuild with GCC, or link the object with ld -r (-Wl,-r) so that .strtab follows .symtab',
  },
  {
    code: 'interleaved-sections',
    causeCode: 'interleaved-sections',
    cause: 'Sections of different regions are interleaved in the file, so the regions Zephyr copies overlap.',
    fix: 'Rebuild without -ffunction-sections/-fdata-sections, or link with ld -r and a linker script that groups .text, .rodata and .data',
  },
  {
    code: 'rela-on-arm',
    causeCode: 'rela-on-arm',
    cause: "The object uses RELA relocation sections, which Zephyr's ARM loader does not handle (GNU toolchains for ARM emit REL).",
    fix: 'Rebuild with arm-none-eabi-gcc (REL relocations)',
  },
  {
    code: 'reloc-range',
    causeCode: 'reloc-out-of-range',
    cause: 'A branch or call in the object cannot reach its target from where the extension is loaded: it was built without long calls.',
    fix: 'Rebuild with long calls (-mlong-calls on ARM, -mlongcalls on Xtensa, -mcmodel=medany on RISC-V)',
  },
  {
    code: 'reloc-hint',
    causeCode: 'riscv-relax',
    cause:
      'The object was built with linker relaxation (RISC-V R_RISCV_RELAX), which Zephyr does not perform: relaxed sequences are left inconsistent.',
    fix: 'Rebuild with -mno-relax',
  },
  {
    code: 'arch-unsupported',
    causeCode: 'unsupported-relocation',
    cause: "The object uses a relocation type Zephyr's loader for this architecture does not support.",
    fix: "Rebuild with the flags of Zephyr's LLEXT build for this architecture (see the relocation type in the log)",
  },
  {
    code: 'multiple-nobits',
    causeCode: 'multiple-nobits',
    cause: 'The object has several NOBITS sections in one region, which Zephyr cannot place.',
    fix: 'Rebuild with -fno-common, or merge .bss sections with ld -r',
  },
  { code: 'bad-symtab', causeCode: 'bad-symtab', cause: "The object's symbol table is malformed.", fix: 'Rebuild the object' },
  {
    code: 'no-global-symbols',
    causeCode: 'no-global-symbols',
    cause: 'The object has no global symbols.',
    fix: 'Rebuild exporting at least one symbol',
  },
  {
    code: 'r-offset-range',
    causeCode: 'reloc-offset-range',
    cause: 'A relocation points outside the section it patches.',
    fix: 'Rebuild the object',
  },
  {
    code: 'unmapped-target',
    causeCode: 'unmapped-target',
    cause: 'A relocation patches a section Zephyr does not load.',
    fix: 'Rebuild the object',
  },
  {
    code: 'reloc-outside-memory',
    causeCode: 'reloc-outside-memory',
    cause: 'A relocation writes outside the memory of the extension.',
    fix: 'Rebuild the object',
  },
];

/** Plain words for a heap failure, naming the heap and the board's rounding. */
function heapCause(s: PreparedSession<InputFile>, doc: SimulationDocument): string {
  const r = s.resolved;
  let heap: string;
  if (r.isEnabled('CONFIG_LLEXT_HEAP_MEMBLK')) heap = 'The LLEXT block pools (CONFIG_LLEXT_HEAP_MEMBLK) are too small';
  else if (r.isEnabled('CONFIG_HARVARD'))
    heap = `The LLEXT instruction or data heap (CONFIG_LLEXT_INSTR_HEAP_SIZE=${r.int('CONFIG_LLEXT_INSTR_HEAP_SIZE')}, CONFIG_LLEXT_DATA_HEAP_SIZE=${r.int('CONFIG_LLEXT_DATA_HEAP_SIZE')} KiB) is too small`;
  else if (r.isEnabled('CONFIG_LLEXT_HEAP_DYNAMIC')) heap = 'The heap the application passed to llext_heap_init() is too small';
  else heap = `The LLEXT heap (CONFIG_LLEXT_HEAP_SIZE=${r.int('CONFIG_LLEXT_HEAP_SIZE')} KiB) is too small for this extension`;
  const aligned = / (\d+)-aligned/.exec(doc.message);
  const mmu = r.isEnabled('CONFIG_MMU')
    ? 'on this MMU board each region is page-aligned and rounded to whole pages'
    : r.isEnabled('CONFIG_ARM_MPU') || r.isEnabled('CONFIG_ARC_MPU')
      ? 'on this MPU board each region is aligned to its power-of-two size'
      : '';
  const note = aligned && Number(aligned[1]) > 64 && mmu !== '' ? ` (${mmu})` : '';
  return `${heap}${note}.${zephyrSays(doc)}`;
}

export async function computeVerdict(req: SessionRequest<InputFile>, run: VerdictRun, options: VerdictOptions = {}): Promise<Verdict> {
  const doc = run.document;
  const s = await prepareSession(req);
  const base = progressOf(run.events, doc, run.relocsComplete ?? true);
  const reruns = new Reruns(options.maxReruns ?? 8, req);
  const codes = new Set(doc.diagnostics.map((d) => d.code));

  const mismatch = await mismatchVerdict(req, s, doc, base, reruns);
  if (mismatch) return mismatch;

  const verify = async (kind: FixKind, text: string, apply: FixApply, prefix: string, recorded = false): Promise<VerdictFix | null> => {
    const p = await reruns.run(apply, recorded);
    return improves(p, base) ? { kind, text, apply, verified: true, outcome: outcome(prefix, p) } : null;
  };
  const push = (fixes: VerdictFix[], f: VerdictFix | null): void => {
    if (f) fixes.push(f);
  };

  if (!doc.ok) {
    const failed = (cause: string, causeCode: string, fixes: VerdictFix[]): Verdict => ({ status: 'failed', cause, causeCode, fixes });

    // SLIDs: the image and the extension disagree on how built-in symbols are named.
    if (codes.has('slid-missing')) {
      const fixes: VerdictFix[] = [
        {
          kind: 'rebuild',
          text: `Post-process ${base.failedExt || 'the extension'} with Zephyr's scripts/build/llext_inject_slids.py, as the LLEXT build does for images with SLIDs (needs a rebuild; not verified)`,
          apply: {},
          verified: false,
        },
      ];
      push(
        fixes,
        await verify(
          'set-options',
          'Link built-in symbols by name: CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=n (rebuilds the image)',
          { defines: ['CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=n'] },
          'With CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=n',
        ),
      );
      return failed(
        `The image exports its symbols by SLID (CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y), but ${base.failedExt || 'the extension'} was not processed by llext_inject_slids.py: its undefined symbols carry no SLID, so none of them can be found in the image.${zephyrSays(doc)}`,
        'slid-not-injected',
        fixes,
      );
    }
    if (codes.has('slid-mismatch')) {
      const text = doc.diagnostics.find((d) => d.code === 'slid-mismatch')!.text;
      return failed(
        `The SLIDs in ${base.failedExt || 'the extension'} are not those of this image: ${text}${zephyrSays(doc)}`,
        'slid-mismatch',
        [
          {
            kind: 'rebuild',
            text: `Inject the SLIDs again with llext_inject_slids.py for this image's pointer size (${s.board.elfClass}-bit) (needs a rebuild; not verified)`,
            apply: {},
            verified: false,
          },
        ],
      );
    }

    // Load order: a later extension exports what the failing one is missing.
    if (base.failedAction === 'load' && base.missing.length > 0) {
      // prepareSession names the extensions one per file, in file order.
      const failing = s.names.indexOf(base.failedExt);
      const laterExts = new Set(s.names.slice(failing + 1));
      const providers = new Map<string, Set<string>>();
      for (const e of doc.exports) {
        if (laterExts.has(e.ext) && base.missing.includes(e.name)) {
          const set = providers.get(e.ext) ?? new Set<string>();
          set.add(e.name);
          providers.set(e.ext, set);
        }
      }
      if (failing >= 0 && providers.size > 0) {
        const names = req.files.map((f) => f.name);
        const moved = s.names.map((n, i) => (i > failing && providers.has(n) ? i : -1)).filter((i) => i >= 0);
        const order = [
          ...names.slice(0, failing).map((_, i) => i),
          ...moved,
          ...names.map((_, i) => i).filter((i) => i >= failing && !moved.includes(i)),
        ].map((i) => names[i]!);
        const provided = new Set([...providers.values()].flatMap((x) => [...x]));
        const providerFiles = moved.map((i) => names[i]!);
        const fixes: VerdictFix[] = [];
        push(fixes, await verify('reorder', `Load ${list(providerFiles)} before ${names[failing]}`, { order }, 'In that order', true));
        const stillMissing = base.missing.filter((m) => !provided.has(m));
        if (stillMissing.length > 0) fixes.push(exportFix(stillMissing));
        const by = [...providers.entries()].map(([ext, syms]) => `${list([...syms])} from ${ext}`);
        return failed(
          `Load order: ${base.failedExt} needs ${list(by)}, which is loaded after it. Zephyr resolves an extension's undefined symbols when it loads it, from the image and the extensions already loaded.${zephyrSays(doc)}`,
          'load-order',
          fixes,
        );
      }
    }

    // A dynamic heap the application never initialised.
    if (codes.has('heap-not-initialised')) {
      const fixes: VerdictFix[] = [
        {
          kind: 'application',
          text: 'Call llext_heap_init() (or llext_heap_init_harvard()) with a buffer before llext_load() (llext-sim: --heap-init BYTES) (an application change; not verified)',
          apply: {},
          verified: false,
        },
      ];
      push(
        fixes,
        await verify(
          'set-options',
          'Use a static heap instead: CONFIG_LLEXT_HEAP_DYNAMIC=n',
          { defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=n'] },
          'With CONFIG_LLEXT_HEAP_DYNAMIC=n',
        ),
      );
      return failed(
        `CONFIG_LLEXT_HEAP_DYNAMIC=y, but the application did not call llext_heap_init() before loading: there is no heap to load into.${zephyrSays(doc)}`,
        'heap-not-initialised',
        fixes,
      );
    }

    // The heap: the engine's solver, then the re-run names what comes next.
    if (doc.errno === 12 || codes.has('heap-too-small') || codes.has('heap-size') || codes.has('memblk-map-full')) {
      const fixes: VerdictFix[] = [];
      const heap = await solveHeap(req);
      if (heap) {
        const set = heap.defines.join(' ');
        const p = await reruns.run({ defines: heap.defines }, !heap.loads);
        if (improves(p, base)) {
          const size = heap.kib !== undefined ? `${heap.kib} KiB` : set;
          fixes.push({
            kind: 'set-options',
            text: `Set ${set}`,
            apply: { defines: heap.defines },
            verified: true,
            outcome: p.ok
              ? `With ${set} it loads`
              : `With ${size} the heap is enough; next it stops on ${p.progress ? blocker(p.progress) : 'another failure'}`,
          });
        }
      } else if (s.resolved.isEnabled('CONFIG_LLEXT_HEAP_DYNAMIC')) {
        // The static heap that would load it says how large a buffer is enough.
        const staticReq = applyFix(req, { defines: ['CONFIG_LLEXT_HEAP_DYNAMIC=n'] });
        staticReq.actions = req.actions?.filter(
          (a) => a.kind !== 'heap_init' && a.kind !== 'heap_init_harvard' && a.kind !== 'heap_uninit',
        );
        const asStatic = await solveHeap(staticReq);
        const size =
          asStatic?.loads && asStatic.kib !== undefined ? ` of about ${asStatic.kib} KiB (what a static heap needs to load it)` : '';
        fixes.push({
          kind: 'application',
          text: `Pass a larger buffer${size} to llext_heap_init() (llext-sim: --heap-init BYTES) (an application change; not verified)`,
          apply: {},
          verified: false,
        });
      }
      return failed(heapCause(s, doc), 'heap-too-small', fixes);
    }

    // Compiler output Zephyr cannot load.
    const hint = doc.diagnostics.find((d) => d.code === 'reloc-hint');
    const relax = hint !== undefined && /-mno-relax/.test(hint.text);
    for (const c of COMPILER_CAUSES) {
      if (!codes.has(c.code)) continue;
      if (c.code === 'reloc-hint' && !relax) {
        // The engine's hint names the flag or construct that produced the relocation.
        return failed(
          `The object uses a relocation Zephyr's loader for ${s.board.arch} does not handle: ${hint!.text}.${zephyrSays(doc)}`,
          'unsupported-relocation',
          [
            {
              kind: 'rebuild',
              text: `${hint!.text.charAt(0).toUpperCase()}${hint!.text.slice(1)} (needs a rebuild; not verified)`,
              apply: {},
              verified: false,
            },
          ],
        );
      }
      const fixes: VerdictFix[] = [];
      if (c.code === 'reloc-range' && s.board.arch === 'arm') {
        push(
          fixes,
          await verify(
            'set-options',
            'Let Zephyr route long calls through veneers: CONFIG_LLEXT_VENEERS=y',
            { defines: ['CONFIG_LLEXT_VENEERS=y'] },
            'With CONFIG_LLEXT_VENEERS=y',
          ),
        );
      }
      fixes.push({ kind: 'rebuild', text: `${c.fix} (needs a rebuild; not verified)`, apply: {}, verified: false });
      return failed(`${c.cause}${zephyrSays(doc)}`, c.causeCode, fixes);
    }

    // Imports nothing provides. Device objects the image keeps to itself (the engine's
    // `missing-devices` diagnostic, after Zephyr's own warning) come from
    // CONFIG_LLEXT_EXPORT_DEVICES, never from EXPORT_SYMBOL().
    if (base.missing.length > 0) {
      const devices = unexportedDevices(doc).filter((n) => base.missing.includes(n));
      const others = base.missing.filter((n) => !devices.includes(n));
      const fixes: VerdictFix[] = [];
      if (devices.length > 0) {
        const option = 'CONFIG_LLEXT_EXPORT_DEVICES=y';
        const text = `Let the image export its devicetree device objects: ${option}`;
        const f = await verify('set-options', text, { defines: [option] }, `With ${option}`);
        fixes.push(
          f ?? {
            kind: 'set-options',
            text: `${text} (not verified: the run does not get further)`,
            apply: { defines: [option] },
            verified: false,
          },
        );
      }
      if (others.length > 0) fixes.push(exportFix(others));
      return failed(
        `${base.failedExt} uses ${list(base.missing)}, which neither the image nor an extension loaded before it exports.${zephyrSays(doc)}`,
        'missing-imports',
        fixes,
      );
    }

    const limit = doc.diagnostics.find(
      (d) =>
        d.severity === 'error' && ['step-budget', 'trace-limit', 'file-size-limit', 'past-end-of-file', 'memory-limit'].includes(d.code),
    );
    if (limit) return failed(`${limit.text}${zephyrSays(doc)}`, 'playground-limit', []);
    const firstError = doc.diagnostics.find((d) => d.severity === 'error' && !d.code.startsWith('config:'));
    const what = firstError ? firstError.text.replace(/\.?$/, '.') : `${base.failedAction} ${base.failedExt} failed.`;
    return failed(`${what}${zephyrSays(doc)}`, firstError?.code ?? 'load-failed', []);
  }

  // Loaded: did Zephyr write (or skip) anything that will misbehave? A call that crashed on the
  // emulated CPU confirms it (or is the first sign of it).
  const crash = crashOf(run.events, doc, s.config);
  const hazards = hazardSites(run.events, s.board.arch);
  if (hazards.length > 0) {
    const multi = new Set(hazards.map((h) => h.ext)).size > 1;
    const sites = hazards.map((h) => `in ${multi ? `${h.ext}: ` : ''}${h.where}, ${h.what}`);
    const shown = sites.slice(0, 4).join('; ') + (sites.length > 4 ? `; and ${sites.length - 4} more` : '');
    const skipped = hazards.filter((h) => h.skipped).length;
    const wrote = hazards.length - skipped;
    const counts = [
      wrote > 0 ? `wrote ${wrote} relocation${wrote === 1 ? '' : 's'} with a value that is not what the psABI gives` : '',
      skipped > 0 ? `skipped ${skipped} relocation${skipped === 1 ? '' : 's'} GNU ld would have applied` : '',
    ].filter((x) => x !== '');
    const fixes: VerdictFix[] = [];
    if (wrote > 0)
      fixes.push({
        kind: 'rebuild',
        text:
          s.board.arch === 'xtensa'
            ? "Rebuild with -mlongcalls (part of Zephyr's Xtensa LLEXT flags) (needs a rebuild; not verified)"
            : "Rebuild with the flags of Zephyr's LLEXT build for this architecture (needs a rebuild; not verified)",
        apply: {},
        verified: false,
      });
    if (hazards.some((h) => h.localLabel))
      fixes.push({
        kind: 'rebuild',
        text: 'Rebuild so that these relocations name a function, an object or a section rather than a local label (Zephyr skips entries whose symbol is a defined STT_NOTYPE one) (needs a rebuild; not verified)',
        apply: {},
        verified: false,
      });
    return {
      status: 'loaded-with-hazards',
      cause: `Loaded, but Zephyr ${counts.join(' and ')}: ${shown}. That code will not do what it says when it runs.${crash ? ` Running it shows it: ${crashOf(run.events, doc, s.config, false)}` : ''}`,
      causeCode: 'zephyr-quirk',
      fixes,
    };
  }
  // Loaded where the board's memory protection forbids execution: the engine decides
  // (cpu/protection.ts: checkTextExecutable()) and names a Kconfig assignment when one helps.
  const noExec = doc.diagnostics.filter((d) => d.code === 'text-not-executable');
  if (noExec.length > 0)
    return notExecutableVerdict(
      noExec.map((d) => d.text),
      reruns,
    );
  if (crash) {
    return {
      status: 'loaded-with-hazards',
      cause: `Loaded, but its code crashes when called: ${crash}`,
      causeCode: 'call-fault',
      fixes: [],
    };
  }
  if (codes.has('elf-type')) {
    const type = doc.diagnostics.find((d) => d.code === 'elf-type')!.text;
    const option = /shared library \(ET_DYN\)/.test(type) ? 'CONFIG_LLEXT_TYPE_ELF_SHAREDLIB=y' : 'CONFIG_LLEXT_TYPE_ELF_OBJECT=y';
    const fixes: VerdictFix[] = [];
    // Recorded, so that a fix that trades this warning for another (ELF_SHAREDLIB on ARM) is not shown.
    const p = await reruns.run({ defines: [option] }, true);
    const warnings = (d: SimulationDocument | null): string[] =>
      (d?.diagnostics ?? []).filter((x) => x.severity !== 'info').map((x) => x.code);
    const before = new Set(warnings(doc));
    if (p?.ok && warnings(p.doc).every((c) => before.has(c) && c !== 'elf-type'))
      fixes.push({
        kind: 'set-options',
        text: `Match the build type option to the file: ${option}`,
        apply: { defines: [option] },
        verified: true,
        outcome: `With ${option} it loads`,
      });
    return { status: 'loaded', cause: `Loaded. ${type}`, causeCode: 'elf-type-option', fixes };
  }
  const budget = await outOfBudgetVerdict(doc, s, req.options?.cpuBudget ?? DEFAULT_CPU_BUDGET, reruns);
  if (budget) return budget;
  const notEmulated = doc.calls.find((c) => c.fault?.kind === 'not-emulated' && c.instructions > 0);
  if (notEmulated)
    return {
      status: 'loaded',
      cause: `Loaded ${list(s.names)}; ${notEmulated.fn}(${notEmulated.args}) ran until it called a function the playground does not emulate (${notEmulated.fault!.detail.replace(/^not emulated: /, '')}), so what it does after that is not shown. That is the playground's limit, not a fault: on the device the call goes on into the function.`,
      causeCode: 'call-not-emulated',
      fixes: [],
    };
  return { status: 'loaded', cause: `Loaded ${list(s.names)} on board ${s.board.id}.`, causeCode: 'loaded', fixes: [] };
}

/** The largest budget the verdict verifies by running the calls again (about a tenth of a
 * second of emulation); a larger one is suggested without running it. */
const VERIFIED_BUDGET_MAX = 10 * DEFAULT_CPU_BUDGET;

/**
 * A call that did not return within the instruction budget: not a crash (on the device it
 * would still be running), but not an answer either. The fix is a larger budget, verified by
 * running the calls again when that stays quick.
 */
async function outOfBudgetVerdict(
  doc: SimulationDocument,
  s: PreparedSession<InputFile>,
  budget: number,
  reruns: Reruns,
): Promise<Verdict | null> {
  const c = doc.calls.find((x) => x.fault?.kind === 'step-budget');
  if (!c) return null;
  const larger = largerCpuBudget(budget) ?? budget;
  const cause = `Loaded ${list(s.names)}, but ${c.fn}(${c.args}) did not return within ${budget.toLocaleString('en-US')} instructions, the playground's budget for a call: an endless loop, or more work than the budget allows. On the device it would still be running.`;
  const fixes: VerdictFix[] = [];
  const text = `Let each call run up to ${larger.toLocaleString('en-US')} instructions (the Run view's budget; --cpu-budget ${larger} in the CLI)`;
  if (larger > budget && larger <= VERIFIED_BUDGET_MAX) {
    const p = await reruns.run({ cpuBudget: larger }, true);
    const again = p?.doc?.calls.find((x) => x.fn === c.fn && x.ext === c.ext && x.args === c.args);
    if (again && again.fault === null)
      fixes.push({
        kind: 'set-options',
        text,
        apply: { cpuBudget: larger },
        verified: true,
        outcome: `With ${larger.toLocaleString('en-US')} instructions ${c.fn}(${c.args}) returns ${again.ret} after ${again.instructions.toLocaleString('en-US')}`,
      });
  } else if (larger > budget)
    fixes.push({
      kind: 'set-options',
      text: `${text} (not verified: it would take seconds)`,
      apply: { cpuBudget: larger },
      verified: false,
    });
  return { status: 'loaded', cause, causeCode: 'call-budget', fixes };
}

/**
 * The first emulated call that faulted, in words: the playground's explanation (run/explain.ts:
 * where, and the relocation that put the bad address there) and Zephyr's fatal error line. Null
 * when every call returned, stopped on request or was not run.
 */
function crashOf(events: readonly TraceEvent[], doc: SimulationDocument, engineInput: string, withReloc = true): string | null {
  const i = doc.calls.findIndex(callCrashed);
  if (i < 0) return null;
  const c = doc.calls[i]!;
  const x = explainCall(events, doc, i, { engineInput });
  const fatal = /(>>> ZEPHYR FATAL ERROR[^\n]*)/.exec(c.fault!.text)?.[1];
  // The relocation sentence is left out where the verdict has named the relocations already.
  const details = x ? x.details.filter((d) => withReloc || !/relocation/.test(d)) : [];
  const words = x ? [x.headline, ...details].join(' ') : `${c.fn}(${c.args}) stopped: ${c.fault!.kind} at ${c.fault!.pc}.`;
  return `${words}${fatal ? ` Zephyr: "${fatal}".` : ''}`;
}

/** The verdict of a load whose text the MPU, MMU or PMP will not let run. `texts` are the
 * engine's text-not-executable diagnostics, one per extension. */
async function notExecutableVerdict(texts: readonly string[], reruns: Reruns): Promise<Verdict> {
  const fixes: VerdictFix[] = [];
  const option = texts.map((t) => /Setting (CONFIG_\w+=\w+) makes it executable\./.exec(t)?.[1]).find((o) => o !== undefined);
  if (option) {
    const p = await reruns.run({ defines: [option] }, true, 'diagnostics');
    if (p?.ok && !p.doc?.diagnostics.some((d) => d.code === 'text-not-executable'))
      fixes.push({
        kind: 'set-options',
        text: option.startsWith('CONFIG_ARM_MPU=')
          ? `Build the image without the MPU, as Zephyr's LLEXT shell_loader sample does: ${option}`
          : `Build the image without the memory protection that forbids it: ${option}`,
        apply: { defines: [option] },
        verified: true,
        outcome: `With ${option} it loads, and its text is executable`,
      });
  }
  if (texts.some((t) => /llext_add_domain\(\)/.test(t)))
    fixes.push({
      kind: 'application',
      text: 'Call the extension from a thread of a memory domain that holds its partitions: llext_add_domain(ext, &domain) and k_mem_domain_add_thread(&domain, thread) (a change to the application; not verified)',
      apply: {},
      verified: false,
    });
  else if (!option)
    fixes.push({
      kind: 'rebuild',
      text: 'Place the LLEXT heap in memory the board can execute from (needs a rebuild of the image; the playground cannot verify this advice)',
      apply: {},
      verified: false,
    });
  const cause = texts
    .map((t) => t.replace(/ (Setting CONFIG_\w+=\w+ makes it executable|No Kconfig option makes it executable)\.$/, ''))
    .join(' ');
  return {
    status: 'loaded-with-hazards',
    cause: `Loaded, but its code cannot run where it landed. ${cause}`,
    causeCode: 'text-not-executable',
    fixes,
  };
}

/** The device objects named by the engine's `missing-devices` diagnostic when the image
 * does not export devices (CONFIG_LLEXT_EXPORT_DEVICES off). */
function unexportedDevices(doc: SimulationDocument): string[] {
  const d = doc.diagnostics.find((x) => x.code === 'missing-devices' && x.text.includes('exports only with CONFIG_LLEXT_EXPORT_DEVICES'));
  const m = d ? /device objects? \(([^)]*)\)/.exec(d.text) : null;
  return m ? m[1]!.split(', ') : [];
}

function exportFix(names: readonly string[]): VerdictFix {
  return {
    kind: 'export-symbols',
    text: `Export them from the Zephyr application (needs a rebuild of the image; not verified): ${names.map((n) => `EXPORT_SYMBOL(${n});`).join(' ')}`,
    apply: {},
    verified: false,
  };
}
