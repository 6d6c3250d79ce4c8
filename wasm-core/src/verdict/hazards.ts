// Hazards of a load that succeeded: relocations where Zephyr left bytes that differ from
// what the psABI (GNU ld) gives, either because it wrote another value (a Zephyr quirk) or
// because it skipped the entry (llext_link_plt() and the arch code leave the bytes as they
// were). Each one is named by the function or object that contains it, from the extension's
// own symbols as the engine recorded them (sym_tab), so the cause points at call sites.
import type { RelocEvent, TraceEvent } from '../trace.js';

export interface HazardSite {
  ext: string;
  /** "test_entry+0x12 (.text)", or ".text+0x12" when no symbol of the extension contains it. */
  where: string;
  /** "the call to printk targets 0x0 where the psABI gives 0x60000618". */
  what: string;
  /** Zephyr skipped the entry (it wrote nothing). */
  skipped: boolean;
  /** Skipped by llext_link_plt() because its symbol is a defined STT_NOTYPE one (a local label). */
  localLabel: boolean;
}

const hex = (v: bigint): string => '0x' + v.toString(16);
const bytesHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Zephyr's result differs from the psABI's (even where GNU ld would refuse the value: the
 * code is broken either way). */
function isHazard(ev: RelocEvent): boolean {
  if (ev.quirk === '') return false;
  // Written, but not what GNU ld writes: another value, or one GNU ld rejects outright.
  if (ev.written) return ev.value !== ev.abiValue || (ev.abiRet !== 0 && ev.ret === 0);
  // Not written (skipped, or a type Zephyr ignores): a hazard when bytes would have changed.
  return ev.ret === 0 && ev.after.length > 0 && !sameBytes(ev.after, ev.abiAfter);
}

function targetName(ev: RelocEvent): string {
  const name = ev.symbol || '?';
  return ev.A === 0n ? name : ev.A > 0n ? `${name}+${hex(ev.A)}` : `${name}-${hex(-ev.A)}`;
}

function describe(ev: RelocEvent): string {
  const call = /CALL|PLT|JUMP|JMP|BRANCH|JAL/i.test(ev.typeName) || /CALLn/.test(ev.quirk);
  const ref = `the ${call ? 'call' : 'reference'} to ${targetName(ev)}`;
  if (!ev.written) {
    const w = ev.after.length === 4 ? 'word stays' : 'bytes stay';
    return `${ref} was skipped (its ${w} ${bytesHex(ev.after)} where GNU ld writes ${bytesHex(ev.abiAfter)})`;
  }
  // The architectures that compute a target apart from the encoded value name it in the quirk.
  const target = /Zephyr's target [^=]*= (0x[0-9a-f]+) differs from the symbol's address(?: \+ A)? = (0x[0-9a-f]+)/.exec(ev.quirk);
  if (target) return `${ref} targets ${target[1]} where the psABI gives ${target[2]}`;
  if (ev.value === ev.abiValue && ev.abiRet !== 0)
    return `${ref} was written with ${hex(ev.value)}, which GNU ld rejects (${ev.quirk.replace(/\.$/, '')})`;
  return `${ref} was written as ${hex(ev.value)} where the psABI gives ${hex(ev.abiValue)}`;
}

/** The hazards of the run's relocations, in trace order, each named by its containing symbol. */
export function hazardSites(events: readonly TraceEvent[], arch: string): HazardSite[] {
  const out: HazardSite[] = [];
  let ext = '';
  // Per extension: its sections as placed, and its symbols (sym_tab) by address.
  const places = new Map<string, Map<number, { name: string; addr: bigint; size: bigint }>>();
  const symbols = new Map<string, { name: string; addr: bigint }[]>();
  for (const ev of events) {
    if (ev.kind === 'step') ext = ev.ext;
    else if (ev.kind === 'place') {
      const m = places.get(ext) ?? new Map();
      m.set(ev.section, { name: ev.name, addr: ev.addr, size: ev.size });
      places.set(ext, m);
    } else if (ev.kind === 'symbol') {
      // sym_tab (every global symbol) and exp_tab (the exported ones, all a run decoded for
      // some callers) name the same addresses.
      const l = symbols.get(ext) ?? [];
      // Thumb functions carry bit 0 in their address.
      l.push({ name: ev.name, addr: arch === 'arm' ? ev.addr & ~1n : ev.addr });
      symbols.set(ext, l);
    } else if (ev.kind === 'reloc' && isHazard(ev)) {
      const sect = places.get(ext)?.get(ev.target);
      const sectName = sect?.name ?? String(ev.target);
      let where = `${sectName}+${hex(ev.offset)}`;
      if (sect && ev.P >= sect.addr && ev.P < sect.addr + sect.size) {
        let best: { name: string; addr: bigint } | null = null;
        for (const s of symbols.get(ext) ?? []) {
          if (s.addr >= sect.addr && s.addr <= ev.P && (best === null || s.addr > best.addr)) best = s;
        }
        if (best) where = `${best.name}+${hex(ev.P - best.addr)} (${sectName})`;
      }
      out.push({
        ext,
        where,
        what: describe(ev),
        skipped: !ev.written,
        localLabel: !ev.written && /defined STT_NOTYPE symbol/.test(ev.quirk),
      });
    }
  }
  return out;
}
