// Public surface of the engine (compiled to wasm-core/build/engine.wasm). Entry points only
// tests call go in index.test-build.ts instead.
export {
  simulate,
  simulateInPlace,
  heldTraceLength,
  releaseTrace,
  simulateQuiet,
  addInputFile,
  newInputFile,
  clearInputFiles,
} from "./exports/simulate";
export { relocateOne } from "./exports/reloc";
export { heapRun, heapRunConfig, heapRunCount } from "./exports/heap";
export { sha256Digest, slid } from "./exports/slid";
export { minHeap } from "./exports/minheap";
export { exportTableFromImage, identifyFile } from "./exports/imageExports";
export { memBlocksRun } from "./exports/memblocks";
