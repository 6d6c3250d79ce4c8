// Says what a dropped or pasted file is from its contents, never from its name:
// an extension (ELF ET_REL or ET_DYN), a Zephyr image to take the export table
// from (ELF ET_EXEC carrying the llext_const_symbol_area section), a prj.conf,
// or a hex string in the `llext load_hex` format. Whether a file is ELF, its type
// and its sections are the engine's answer (`identify`); this module only decides
// what the playground does with each kind.
import type { FileIdentity } from '@core/engine.js';
import { parseHexText } from './hex.js';

/** The engine's identification of a file (wasm-core identifyFile, through a worker in the page). */
export type Identify = (bytes: Uint8Array) => Promise<FileIdentity>;

export type Recognized =
  | { kind: 'extension'; bytes: Uint8Array; elfType: 'ET_REL' | 'ET_DYN'; note: string | null }
  | { kind: 'zephyr-elf'; bytes: Uint8Array; note: string | null }
  | { kind: 'prj-conf'; text: string; note: string | null }
  | { kind: 'hex'; name: string | null; inner: Recognized }
  | { kind: 'rejected'; reason: string };

const EXPORT_SECTION = 'llext_const_symbol_area';

function decodeText(b: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

/** What the name suggests, to warn when the contents disagree. */
function claimedKind(name: string): 'elf' | 'conf' | 'hex' | null {
  const n = name.toLowerCase();
  if (/\.(llext|o|obj|so|elf)$/.test(n)) return 'elf';
  if (/\.conf$/.test(n) || n === 'prj.conf') return 'conf';
  if (/\.(hex|txt)$/.test(n)) return 'hex';
  return null;
}

function startOf(b: Uint8Array): string {
  return Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

function recogniseElf(name: string, b: Uint8Array, id: Extract<FileIdentity, { elf: true }>): Recognized {
  const claimed = claimedKind(name);
  const type = id.typeName;
  if (type === 'ET_REL' || type === 'ET_DYN') {
    const note = /zephyr\.elf$/i.test(name)
      ? `${name} is an extension (${type === 'ET_REL' ? 'relocatable object' : 'shared library'}), not a Zephyr image: it was added as an extension.`
      : null;
    return { kind: 'extension', bytes: b, elfType: type, note };
  }
  if (type === 'ET_EXEC') {
    if (!id.exportArea) {
      return {
        kind: 'rejected',
        reason: `${name} is a linked executable (ET_EXEC) without a ${EXPORT_SECTION} section: it is neither an extension nor a Zephyr image built with CONFIG_LLEXT, so there is no export table to take from it.`,
      };
    }
    const note =
      claimed === 'elf' && !/\.elf$/i.test(name)
        ? `${name} is a Zephyr image (ET_EXEC), not an extension: its export table is used instead.`
        : null;
    return { kind: 'zephyr-elf', bytes: b, note };
  }
  return {
    kind: 'rejected',
    reason: `${name} is an ELF file of type ${type || id.type} (not ET_REL, ET_DYN or ET_EXEC): the loader cannot use it.`,
  };
}

async function recogniseText(name: string, text: string, depth: number, identify: Identify): Promise<Recognized> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length > 0 && lines.every((l) => /^CONFIG_[A-Za-z0-9_]+\s*=/.test(l))) {
    const note =
      claimedKind(name) === 'elf' ? `${name} is a Kconfig fragment (prj.conf text), not an ELF file: its options were applied.` : null;
    return { kind: 'prj-conf', text, note };
  }
  const hex = parseHexText(text);
  if (hex && depth === 0) {
    const inner = await recognise(hex.name ?? name, hex.bytes, identify, depth + 1);
    if (inner.kind === 'rejected')
      return { kind: 'rejected', reason: `${name} is a hex string, but the bytes it holds are not usable: ${inner.reason}` };
    return { kind: 'hex', name: hex.name, inner };
  }
  if (claimedKind(name) === 'elf') return { kind: 'rejected', reason: `${name} is not an ELF file: it is text.` };
  return {
    kind: 'rejected',
    reason: `${name} is text, but neither a prj.conf (CONFIG_…=… lines) nor a hex string in the format of 'llext load_hex'.`,
  };
}

export async function recognise(name: string, bytes: Uint8Array, identify: Identify, depth = 0): Promise<Recognized> {
  if (bytes.length === 0) return { kind: 'rejected', reason: `${name} is empty.` };
  const id = await identify(bytes);
  if (id.elf) return recogniseElf(name, bytes, id);
  const text = decodeText(bytes);
  if (text !== null) return recogniseText(name, text, depth, identify);
  const what = claimedKind(name) === 'elf' ? 'an ELF file' : 'an extension, a Zephyr image, a prj.conf or a hex string';
  return {
    kind: 'rejected',
    reason: `${name} is not ${what}: it starts with bytes ${startOf(bytes)} instead of the ELF magic 7f 45 4c 46.`,
  };
}
