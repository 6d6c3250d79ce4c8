// Item 3: SLID hashing of 10,000 realistic symbol names: the engine's AssemblyScript
// SHA-256 (one call per name, as the engine input builder uses it) against Node's
// crypto.createHash and WebCrypto's subtle.digest, per name.
import { createHash, webcrypto } from 'node:crypto';
import { freshInstance } from '../../wasm-core/src/wasm.js';
import { timeAsync, time, type Plan, type Timing } from './stats.js';
import exportsData from '../../wasm-core/data/exports.json' with { type: 'json' };

const SUBSYSTEMS = [
  'k',
  'bt',
  'net',
  'gpio',
  'i2c',
  'spi',
  'uart',
  'sensor',
  'flash',
  'usb',
  'log',
  'fs',
  'pm',
  'can',
  'adc',
  'pwm',
  'display',
  'settings',
  'shell',
  'mqtt',
  'coap',
  'lwm2m',
  'ieee802154',
  'lora',
  'modem',
  'regulator',
  'watchdog',
];
const OBJECTS = [
  'sem',
  'mutex',
  'thread',
  'work',
  'timer',
  'msgq',
  'pipe',
  'fifo',
  'conn',
  'gatt_attr',
  'pin',
  'bus',
  'dev',
  'channel',
  'buf',
  'pkt',
  'iface',
  'addr',
  'sock',
  'evt',
  'cb',
  'cfg',
  'stats',
  'mgmt',
  'queue',
  'poll',
  'stack',
];
const VERBS = [
  'init',
  'get',
  'set',
  'read',
  'write',
  'configure',
  'enable',
  'disable',
  'submit',
  'cancel',
  'take',
  'give',
  'lock',
  'unlock',
  'register',
  'unregister',
  'send',
  'recv',
  'alloc',
  'free',
  'start',
  'stop',
  'reset',
  'status_get',
  'flush',
];

/** 10,000 distinct names shaped like Zephyr's exports (z_impl_ system calls and subsystem APIs). */
export function symbolNames(count = 10_000): string[] {
  const names = new Set<string>((exportsData as { entries: { name: string }[] }).entries.map((e) => e.name));
  let i = 0;
  while (names.size < count) {
    const s = SUBSYSTEMS[i % SUBSYSTEMS.length]!,
      o = OBJECTS[Math.floor(i / SUBSYSTEMS.length) % OBJECTS.length]!;
    const v = VERBS[Math.floor(i / (SUBSYSTEMS.length * OBJECTS.length)) % VERBS.length]!;
    const name = `${s}_${o}_${v}`;
    names.add(i % 3 === 0 ? `z_impl_${name}` : name);
    i++;
  }
  return [...names].slice(0, count);
}

export interface SlidResult {
  wasm: Timing;
  node: Timing;
  webcrypto: Timing;
  agree: boolean;
}

export async function measureSlid(plan: Plan): Promise<SlidResult> {
  const names = symbolNames();
  const utf8 = new TextEncoder();
  const encoded = names.map((n) => utf8.encode(n));
  const wasm = await freshInstance();
  // The three must agree on the first 8 bytes of every digest.
  let agree = true;
  for (let i = 0; i < names.length; i += 97) {
    const a = BigInt.asUintN(64, wasm.slid(names[i]!, 8));
    const b = createHash('sha256').update(encoded[i]!).digest().readBigUInt64BE(0);
    const c = Buffer.from(await webcrypto.subtle.digest('SHA-256', encoded[i]!)).readBigUInt64BE(0);
    if (a !== b || b !== c) agree = false;
  }
  let sink = 0n;
  const wasmT = time(plan, () => {
    for (const n of names) sink ^= wasm.slid(n, 8);
  });
  // Each starts from the name as a string, as the engine input builder has it.
  const nodeT = time(plan, () => {
    for (const n of names) sink ^= BigInt(createHash('sha256').update(n).digest().readUInt32BE(0));
  });
  const webT = await timeAsync(plan, async () => {
    for (const n of names) sink ^= BigInt(new DataView(await webcrypto.subtle.digest('SHA-256', utf8.encode(n))).getUint32(0));
  });
  if (sink === -1n) throw new Error('unreachable');
  return { wasm: wasmT, node: nodeT, webcrypto: webT, agree };
}
