// Text output of llext-sim load: the Zephyr log, then a summary.
import type { CallDoc, DiagnosticDoc, SimulationDocument } from '../document.js';
import type { Verdict } from '../verdict/index.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function diagnosticLine(d: DiagnosticDoc): string {
  return `${d.severity}: [${d.code}] ${d.text}`;
}

/** The verdict, printed above everything else: status and cause, then each fix with what
 * the engine did when it ran again with it. */
export function textVerdict(v: Verdict): string {
  const out = [`Verdict: ${v.status} [${v.causeCode}]`, `  ${v.cause}`];
  if (v.fixes.length > 0) out.push('  Fixes (each one on its own):');
  v.fixes.forEach((f, i) => {
    out.push(`    ${i + 1}. ${f.text}`);
    if (f.verified) out.push(`       verified: ${f.outcome ?? 'it gets further'}`);
  });
  return out.join('\n') + '\n\n';
}

/** The line above the log. */
export function textHeader(doc: SimulationDocument): string {
  return `# ${doc.zephyr}, board ${doc.board} (${doc.arch})\n`;
}

/** What follows the log: regions, heaps, imports, quirks, diagnostics and the result. */
export function textSummary(doc: SimulationDocument): string {
  const out: string[] = [];
  out.push('');
  if (doc.regions.length > 0) {
    out.push('Regions:');
    // Columns as wide as their longest entry: 64-bit addresses take 18 characters.
    const w = (xs: string[], min: number): number => Math.max(min, ...xs.map((x) => x.length + 2));
    const extW = w(
        doc.regions.map((r) => r.ext),
        16,
      ),
      addrW = w(
        doc.regions.map((r) => r.addr),
        12,
      );
    const sizeW = w(
        doc.regions.map((r) => String(r.size)),
        8,
      ),
      alignW = w(
        doc.regions.map((r) => String(r.align)),
        7,
      );
    out.push(`  ${pad('ext', extW)}${pad('region', 10)}${pad('address', addrW)}${pad('size', sizeW)}${pad('align', alignW)}where`);
    for (const r of doc.regions) {
      const where = r.inPlace ? 'in place (ELF buffer)' : `${r.heap ?? '?'}, ${r.allocSize} bytes allocated`;
      out.push(
        `  ${pad(r.ext, extW)}${pad(r.name, 10)}${pad(r.addr, addrW)}${pad(String(r.size), sizeW)}${pad(String(r.align), alignW)}${where}`,
      );
    }
    out.push('');
  }
  if (doc.heaps.length > 0) {
    out.push('Heaps:');
    for (const h of doc.heaps) {
      out.push(`  ${pad(h.name, 18)} ${h.base}  ${h.size} bytes: ${h.used} used, ${h.free} free, largest free block ${h.largestFree}`);
    }
    out.push('');
  }
  if (doc.imports.length > 0) {
    out.push('Imports:');
    const extW = Math.max(16, ...doc.imports.map((i) => i.ext.length + 2));
    for (const i of doc.imports) {
      const from = i.resolvedFrom === 'unresolved' ? 'UNRESOLVED' : `${i.addr} from ${i.resolvedFrom}`;
      out.push(`  ${pad(i.ext, extW)}${pad(i.name, 28)}${i.slid ? `SLID ${i.slid}  ` : ''}${from}`);
    }
    out.push('');
  }
  const quirks = doc.relocations.filter((r) => r.quirk !== null);
  if (quirks.length > 0) {
    out.push(`Relocations where Zephyr differs from the psABI (${quirks.length}):`);
    for (const r of quirks.slice(0, 20)) out.push(`  ${r.section}+${r.offset} ${r.typeName} ${r.symbol}: ${r.quirk}`);
    if (quirks.length > 20) out.push(`  ... and ${quirks.length - 20} more (see --json)`);
    out.push('');
  }
  for (const d of doc.diagnostics) out.push(diagnosticLine(d));
  out.push(doc.ok ? 'Result: loaded' : `Result: failed with -${doc.errno} (${doc.message})`);
  return out.join('\n') + '\n';
}

/** The emulated calls (--call, --bringup, --teardown), after the summary: each one's console
 * output, then how it ended. */
export function textCalls(calls: CallDoc[], explanations: (string | null)[] = []): string {
  if (calls.length === 0) return '';
  const out: string[] = ['', 'Calls:'];
  calls.forEach((c, i) => {
    out.push(`  ${c.ext}: ${c.fn}(${c.args})`);
    const lines = c.console.replace(/\n$/, '').split('\n');
    if (c.console !== '') for (const l of lines) out.push(`    | ${l}`);
    if (c.fault === null) out.push(`    returned ${c.ret} after ${c.instructions} instructions`);
    else if (c.fault.kind === 'not-emulated' && c.instructions === 0 && c.fault.text === '') out.push(`    not run: ${c.fault.detail}`);
    else {
      out.push(
        `    stopped after ${c.instructions} instructions: ${c.fault.kind} at ${c.fault.pc}${c.fault.detail ? ` (${c.fault.detail})` : ''}`,
      );
      for (const l of c.fault.text.replace(/\n$/, '').split('\n')) if (l !== '') out.push(`    ${l}`);
      const why = explanations[i];
      if (why) out.push(`    Why: ${why}`);
    }
  });
  return out.join('\n') + '\n';
}

/** True when a call did not return: its code faulted (the device halts there), or the
 * playground stopped it (its instruction budget, a function it does not emulate). */
export function callFaulted(calls: CallDoc[]): boolean {
  return calls.some((c) => c.fault !== null && c.fault.kind !== 'stopped' && !(c.fault.kind === 'not-emulated' && c.instructions === 0));
}
