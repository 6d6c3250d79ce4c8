// One fuzz case: run the engine on the bytes and check what the issue asks of every input:
// no exception or wasm trap escapes, the run takes at most 100 ms, and a failed action
// comes with an errno and a message.
import { simulate } from '../../src/engine.js';

/** The per-case time limit (ms). */
export const CASE_LIMIT_MS = 100;

export interface Outcome {
  /** null when every check passed. */
  failure: string | null;
  ms: number;
  ok: boolean;
  errno: number;
  message: string;
}

async function once(bytes: Uint8Array, config: string) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { document } = await simulate({ files: [bytes], config });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { document, ms, cpuMs: (c.user + c.system) / 1000 };
}

export async function runCase(bytes: Uint8Array, config: string): Promise<Outcome> {
  let run;
  try {
    run = await once(bytes, config);
    if (run.ms > CASE_LIMIT_MS) {
      // Other processes share this machine: a slow run counts only if it is slow again
      // and also took that long in CPU time.
      const again = await once(bytes, config);
      if (again.ms < run.ms) run = again;
      if (run.ms > CASE_LIMIT_MS && run.cpuMs > CASE_LIMIT_MS) {
        return {
          failure: `took ${run.ms.toFixed(0)} ms (${run.cpuMs.toFixed(0)} ms CPU), over the ${CASE_LIMIT_MS} ms limit`,
          ms: run.ms,
          ok: run.document.ok,
          errno: run.document.errno,
          message: run.document.message,
        };
      }
    }
  } catch (err) {
    const what = err instanceof WebAssembly.RuntimeError ? 'wasm trap' : 'uncaught exception';
    return { failure: `${what}: ${err instanceof Error ? err.message : String(err)}`, ms: 0, ok: false, errno: 0, message: '' };
  }
  const d = run.document;
  let failure: string | null = null;
  if (!d.ok && !(d.errno > 0)) failure = `rejected without an errno (errno ${d.errno})`;
  else if (!d.ok && d.message.trim() === '') failure = `rejected with errno ${d.errno} but no message`;
  else if (d.ok && d.errno !== 0) failure = `succeeded with errno ${d.errno}`;
  return { failure, ms: run.ms, ok: d.ok, errno: d.errno, message: d.message };
}
