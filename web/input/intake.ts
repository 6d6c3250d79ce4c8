// Applies files the user gave (dropped, picked or pasted) to the session:
// extensions replace the extension list in the order given (with an offer to
// add them instead, or undo: replaceOffer.ts), a Zephyr image
// replaces the export table source, a prj.conf replaces the options. Anything
// unrecognised is reported and changes nothing.
import { recognise, type Identify, type Recognized } from './recognize.js';
import { inspector } from '../engine/runner.js';
import { isSessionFile } from '../share/sessionFile.js';
import { openSessionFile } from '../sessions/fromFile.js';
import { useSession, type InputMessage } from '../state/session.js';
import type { RunFile } from '../engine/protocol.js';
import { combineFiles, useReplaceOffer } from './replaceOffer.js';

export interface RawInput {
  name: string;
  bytes: Uint8Array;
}

interface Accepted {
  extensions: RunFile[];
  zephyr: RunFile | null;
  prjConf: string | null;
  messages: InputMessage[];
}

function accept(acc: Accepted, name: string, r: Recognized): void {
  switch (r.kind) {
    case 'extension':
      acc.extensions.push({ name, role: 'extension', bytes: r.bytes });
      break;
    case 'zephyr-elf':
      acc.zephyr = { name, role: 'zephyr-elf', bytes: r.bytes };
      break;
    case 'prj-conf':
      acc.prjConf = r.text;
      break;
    case 'hex':
      accept(acc, r.name ?? name.replace(/\.(hex|txt)$/i, ''), r.inner);
      return;
    case 'rejected':
      acc.messages.push({ kind: 'error', text: r.reason });
      return;
  }
  if (r.note) acc.messages.push({ kind: 'info', text: r.note });
}

const identify: Identify = (bytes) => inspector.identify(bytes);

/** Starts the inspector's worker and engine ahead of the first drop (one byte to identify), so
 * that a dropped file is not kept waiting for a worker and a compile. */
export function warmUpInspector(): void {
  inspector.identify(new Uint8Array(1)).catch(() => undefined);
}

// One intake at a time, in the order the user gave the files: the engine answers for each
// file before the next drop is looked at.
let previous: Promise<unknown> = Promise.resolve();

/** Resolves to true when something was applied. */
export function intake(inputs: RawInput[]): Promise<boolean> {
  const run = previous.then(() => intakeNow(inputs));
  previous = run.catch(() => undefined);
  return run;
}

async function intakeNow(inputs: RawInput[]): Promise<boolean> {
  // A session file replaces the whole session, so it is opened on its own.
  const session = inputs.find((i) => isSessionFile(i.bytes));
  if (session) {
    void openSessionFile(session.name, session.bytes);
    return true;
  }
  const acc: Accepted = { extensions: [], zephyr: null, prjConf: null, messages: [] };
  for (const i of inputs) {
    let r: Recognized;
    try {
      r = await recognise(i.name, i.bytes, identify);
    } catch (e) {
      r = { kind: 'rejected', reason: `${i.name} could not be examined: ${e instanceof Error ? e.message : String(e)}` };
    }
    accept(acc, i.name, r);
  }
  const s = useSession.getState();
  const applied = acc.extensions.length > 0 || acc.zephyr !== null || acc.prjConf !== null;
  if (acc.prjConf !== null) s.setPrjConf(acc.prjConf, 'load');
  const offers = useReplaceOffer.getState();
  offers.setOffer(null);
  if (acc.extensions.length > 0 || acc.zephyr) {
    const before: RunFile[] = s.files.map(({ name, role, bytes }) => ({ name, role, bytes }));
    const sampleId = s.sampleId;
    s.setFiles(combineFiles(before, acc.extensions, acc.zephyr, 'replace'));
    if (acc.extensions.length > 0 && before.some((f) => f.role === 'extension')) {
      offers.setOffer({ before, sampleId, added: acc.extensions, zephyr: acc.zephyr, after: useSession.getState().files });
    }
  }
  if (!applied && acc.messages.length === 0) acc.messages.push({ kind: 'error', text: 'Nothing to load.' });
  if (applied && acc.messages.every((m) => m.kind === 'info')) {
    const what = [
      acc.extensions.length > 0 ? `${acc.extensions.length} extension${acc.extensions.length > 1 ? 's' : ''}` : '',
      acc.zephyr ? 'a Zephyr image' : '',
      acc.prjConf !== null ? 'a prj.conf' : '',
    ]
      .filter(Boolean)
      .join(', ');
    acc.messages.unshift({ kind: 'info', text: `Loaded ${what}.` });
  }
  s.say(acc.messages);
  return applied;
}

export async function readFiles(list: FileList | File[]): Promise<RawInput[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}
