// The benchmark table: one row per figure, with the target and whether it is met.

export interface Row {
  metric: string;
  value: string;
  target?: string;
  met?: boolean;
}

export function printTable(rows: Row[], log: (s: string) => void): void {
  const w1 = Math.max(6, ...rows.map((r) => r.metric.length));
  const w2 = Math.max(5, ...rows.map((r) => r.value.length));
  const w3 = Math.max(6, ...rows.map((r) => (r.target ?? '').length));
  log('');
  log(`${'figure'.padEnd(w1)}  ${'value'.padEnd(w2)}  ${'target'.padEnd(w3)}  status`);
  log(`${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ${'-'.repeat(w3)}  ------`);
  for (const r of rows) {
    const status = r.met === undefined ? '' : r.met ? 'met' : 'MISSED';
    log(`${r.metric.padEnd(w1)}  ${r.value.padEnd(w2)}  ${(r.target ?? '').padEnd(w3)}  ${status}`);
  }
}
