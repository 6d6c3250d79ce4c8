// Applies files the user gave (dropped, picked or pasted) to the session:
// extensions replace the extension list in the order given, a Zephyr image
// replaces the export table source, a prj.conf replaces the options. Anything
// unrecognised is reported and changes nothing.
import { recognise, type Recognized } from './recognize';
import { isSessionFile } from '../share/sessionFile';
import { openSessionFile } from '../sessions/fromFile';
import { useSession, type InputMessage } from '../state/session';
import type { RunFile } from '../engine/protocol';

export interface RawInput { name: string; bytes: Uint8Array }

interface Accepted { extensions: RunFile[]; zephyr: RunFile | null; prjConf: string | null; messages: InputMessage[] }

function accept(acc: Accepted, name: string, r: Recognized): void {
  switch (r.kind) {
    case 'extension': acc.extensions.push({ name, role: 'extension', bytes: r.bytes }); break;
    case 'zephyr-elf': acc.zephyr = { name, role: 'zephyr-elf', bytes: r.bytes }; break;
    case 'prj-conf': acc.prjConf = r.text; break;
    case 'hex': accept(acc, r.name ?? name.replace(/\.(hex|txt)$/i, ''), r.inner); return;
    case 'rejected': acc.messages.push({ kind: 'error', text: r.reason }); return;
  }
  if (r.note) acc.messages.push({ kind: 'info', text: r.note });
}

/** Returns true when something was applied. */
export function intake(inputs: RawInput[]): boolean {
  // A session file replaces the whole session, so it is opened on its own.
  const session = inputs.find((i) => isSessionFile(i.bytes));
  if (session) {
    void openSessionFile(session.name, session.bytes);
    return true;
  }
  const acc: Accepted = { extensions: [], zephyr: null, prjConf: null, messages: [] };
  for (const i of inputs) accept(acc, i.name, recognise(i.name, i.bytes));
  const s = useSession.getState();
  const applied = acc.extensions.length > 0 || acc.zephyr !== null || acc.prjConf !== null;
  if (acc.prjConf !== null) s.setPrjConf(acc.prjConf, 'load');
  if (acc.extensions.length > 0 || acc.zephyr) {
    const keptZephyr = s.files.filter((f) => f.role === 'zephyr-elf');
    const keptExts = s.files.filter((f) => f.role === 'extension');
    const exts = acc.extensions.length > 0 ? acc.extensions : keptExts;
    const zephyr = acc.zephyr ? [acc.zephyr] : keptZephyr;
    s.setFiles([...exts, ...zephyr].map(({ name, role, bytes }) => ({ name, role, bytes })));
  }
  if (!applied && acc.messages.length === 0) acc.messages.push({ kind: 'error', text: 'Nothing to load.' });
  if (applied && acc.messages.every((m) => m.kind === 'info')) {
    const what = [
      acc.extensions.length > 0 ? `${acc.extensions.length} extension${acc.extensions.length > 1 ? 's' : ''}` : '',
      acc.zephyr ? 'a Zephyr image' : '', acc.prjConf !== null ? 'a prj.conf' : '',
    ].filter(Boolean).join(', ');
    acc.messages.unshift({ kind: 'info', text: `Loaded ${what}.` });
  }
  s.say(acc.messages);
  return applied;
}

export async function readFiles(list: FileList | File[]): Promise<RawInput[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}
