// The binary trace's constants (event kinds, enumerations, flag bits, template slots), as
// wasm-core/schema/trace.json defines them. That file is the one definition of the trace, with
// each record's fields in layout order; the engine's code writes the fields in that order, and
// wasm-core/src/trace.ts decodes them with constants generated from the same file.
export * from "./schema";
