// Configuration layer: board profiles, the Kconfig schema and resolver, the
// prj.conf parser, the built-in export table and the engine input builder.
// Runs unchanged in the browser and in Node.
export * from './boards.js';
export * from './diagnostics.js';
export * from './engineInput.js';
export * from './exportTable.js';
export * from './kconfigExpr.js';
export * from './kconfigSchema.js';
export * from './prjConf.js';
export * from './resolve.js';
export { DataFileError } from './jsonRead.js';
export { formatAddress, parseAddressText } from './numbers.js';
