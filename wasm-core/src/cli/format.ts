// Text output of llext-sim load: the Zephyr log, then a summary.
import type { DiagnosticDoc, SimulationDocument } from '../document.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function diagnosticLine(d: DiagnosticDoc): string {
  return `${d.severity}: [${d.code}] ${d.text}`;
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
    out.push(`  ${pad('ext', 16)}${pad('region', 10)}${pad('address', 12)}${pad('size', 8)}${pad('align', 7)}where`);
    for (const r of doc.regions) {
      const where = r.inPlace ? 'in place (ELF buffer)' : `${r.heap ?? '?'}, ${r.allocSize} bytes allocated`;
      out.push(`  ${pad(r.ext, 16)}${pad(r.name, 10)}${pad(r.addr, 12)}${pad(String(r.size), 8)}${pad(String(r.align), 7)}${where}`);
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
    for (const i of doc.imports) {
      const from = i.resolvedFrom === 'unresolved' ? 'UNRESOLVED' : `${i.addr} from ${i.resolvedFrom}`;
      out.push(`  ${pad(i.ext, 16)}${pad(i.name, 28)}${i.slid ? `SLID ${i.slid}  ` : ''}${from}`);
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
