// The sys_heap model alone (llext-sim heap): placeholder, implemented with heap/sysheap.ts.
export function heapRun(size: u64, base: u64, bits: u32, ops: string): string {
  return "{\"error\":\"not implemented\"}";
}
