// Builds the engine input document (wasm-core/assembly/config/FORMAT.md) for a
// session. Placeholder until the configuration module (boards, Kconfig schema,
// export table) is available: it knows one board only.
import type { RunSpec } from './protocol';

export interface BuiltInput {
  config: string;
  files: Uint8Array[];
}

export function buildEngineInput(spec: RunSpec): BuiltInput {
  const exts = spec.files.filter((f) => f.role === 'extension');
  const lines = ['arch arm', 'class 32', 'endian little', `board ${spec.boardId}`, 'heap llext_heap 0x20002a48', 'heap dynamic 0x20003b10'];
  exts.forEach((_, i) => lines.push(`elfbuf ${i} 0x${(0xc000 + i * 0x1000).toString(16)}`));
  for (const raw of spec.prjConf.split('\n')) {
    const m = /^\s*(CONFIG_\w+)\s*=\s*"?([^"#]*)"?/.exec(raw);
    if (m) lines.push(`kconfig ${m[1]} ${m[2].trim()}`);
  }
  lines.push('export printk 0x00001001');
  exts.forEach((f, i) => lines.push(`action load ${f.name.replace(/\.[^.]*$/, '').replace(/[^\w]/g, '_')} ${i}`));
  return { config: lines.join('\n') + '\n', files: exts.map((f) => f.bytes) };
}
