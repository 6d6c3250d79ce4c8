// The verdict of a run (verdict.ts), the fixes' changes to a session (apply.ts), how far a
// run got (progress.ts) and the heap a failing load needs (heap.ts).
export * from './apply.js';
export * from './heap.js';
export * from './progress.js';
export * from './verdict.js';
