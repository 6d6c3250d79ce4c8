// The playground's own limits: what no input can make the engine exceed. Each ends the
// run with an error diagnostic that says which limit was hit (Engine.stop), never with a
// trap or an endless loop. They are far above anything a real extension needs: the
// benchmarks load 1,000,000 relocations (a 20 MB file) within the defaults.

/** Largest input file the engine loads (256 MiB). */
export const MAX_FILE_BYTES: u64 = 256 << 20;

// The largest heap buffer is the sys_heap model's MAX_HEAP_BYTES (64 MiB, heap/sysheap.ts),
// checked before the heap's memory is allocated (loader/heaps.ts).

/** Largest trace a run records before it is stopped (256 MiB). */
export const MAX_TRACE_BYTES: i32 = 256 << 20;

/** Most memory a run may use (1.5 GiB of the engine's 2 GiB). The engine frees a run's
 * objects only after it ends, so an input that makes it build text for every one of
 * millions of entries would otherwise run out of memory (a trap) instead of stopping. */
export const MAX_RUN_MEMORY_BYTES: u64 = 1536 << 20;

/** Per-entry diagnostics of one kind recorded in full in a relocation section; the rest
 * are counted in one more. */
export const REPEATED_DIAGNOSTICS: i32 = 20;

/** Default step budget (loop iterations over sections, symbols and relocations); a
 * document can raise it with `option step-budget N`. */
export const DEFAULT_STEP_BUDGET: u64 = 50_000_000;

// Diagnostic codes of the limits, shared with the document builder (wasm-core/src/document.ts).
export const LIMIT_STEP_BUDGET = "step-budget";
export const LIMIT_TRACE = "trace-limit";
export const LIMIT_FILE_SIZE = "file-size-limit";
export const LIMIT_PAST_END = "past-end-of-file";
export const LIMIT_MEMORY = "memory-limit";
