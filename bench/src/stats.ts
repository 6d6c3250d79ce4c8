// Timing helpers: every figure is the median of several runs after warm-up runs.

export interface Timing {
  /** Median in milliseconds. */
  ms: number;
  runs: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Plan {
  warmup: number;
  runs: number;
}

/** Times `fn` (synchronous) `plan.runs` times after `plan.warmup` untimed runs. */
export function time(plan: Plan, fn: () => void): Timing {
  for (let i = 0; i < plan.warmup; i++) fn();
  const runs: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return { ms: median(runs), runs };
}

/** The same for an asynchronous `fn`. */
export async function timeAsync(plan: Plan, fn: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < plan.warmup; i++) await fn();
  const runs: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  return { ms: median(runs), runs };
}
