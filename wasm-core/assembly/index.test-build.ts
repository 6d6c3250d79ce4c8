// The engine as the tests build it (wasm-core/build/engine-test.wasm): everything index.ts
// exports, plus entry points that only tests call. Keeping them out of index.ts keeps them
// out of the engine.wasm the site and the CLI ship; wasm-core/test/test-only-exports.test.ts
// checks that they stay out.
export * from "./index";
export { riscvPcrelPair } from "./exports/reloc_env_test";
export { testEnvClear, testEnvAddSection, testRelocateWithEnv, testArchFlags, testArchList } from "./exports/reloc_env_xtensa_test";
export { cpuTestRun, cpuTestArgs } from "./exports/cpu_test";
export { testCbprintf, testHostReset, testHostCall, testHostPoke, testHostPeek, testFatalText } from "./exports/cpu_host_test";
export { protectionTestRegions } from "./exports/protection_test";
