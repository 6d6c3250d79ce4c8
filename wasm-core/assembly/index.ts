// Public surface of the engine (compiled to wasm-core/build/engine.wasm).
export { simulate, simulateInPlace, heldTraceLength, releaseTrace, simulateQuiet, addInputFile, newInputFile, clearInputFiles } from "./exports/simulate";
export { relocateOne } from "./exports/reloc";
export { heapRun, heapRunConfig, heapRunCount } from "./exports/heap";
export { sha256Digest, slid } from "./exports/slid";
export { minHeap } from "./exports/minheap";
export { exportTableFromImage, identifyFile } from "./exports/imageExports";
export { riscvPcrelPair } from "./exports/reloc_env_test";
export { testEnvClear, testEnvAddSection, testRelocateWithEnv, testArchFlags, testArchList } from "./exports/reloc_env_xtensa_test";
export { memBlocksRun } from "./exports/memblocks";
