// Event kinds of the binary trace. wasm-core/src/trace.ts decodes the same layout;
// keep the two in step (field order is the layout).

export const EV_LOG: u8 = 1;          // level u8, text str
export const EV_STEP: u8 = 2;         // ext str, step str (function name), title str
export const EV_HEAP_INIT: u8 = 3;    // heap u8, name str, base u64, size u64, hdr u8, ok u8
export const EV_HEAP_ALLOC: u8 = 4;   // heap u8, purpose str, align u64, bytes u64, offset i64, chunk u32, units u32
export const EV_HEAP_FREE: u8 = 5;    // heap u8, purpose str, offset i64
export const EV_HEAP_UNINIT: u8 = 6;  // heap u8
export const EV_SECTION: u8 = 7;      // index u32, name str, type u32, flags u64, offset u64, size u64, align u64, region i32, note str, nobits u8 (no file contents), exec u8 (SHF_EXECINSTR)
export const EV_REGION: u8 = 8;       // region u8, name str, heap i32, addr u64, memSize u64, allocSize u64, align u64, prepad u64, inPlace u8, fileOffset u64
export const EV_PLACE: u8 = 9;        // section u32, name str, region u8, addr u64, size u64, nobits u8
export const EV_SYMBOL: u8 = 10;      // table u8 (0 sym_tab, 1 exp_tab), name str, addr u64
export const EV_LOOKUP: u8 = 11;      // see recordLookup() in loader/resolve.ts (compact: variable-length integers)
export const EV_RELOC: u8 = 12;       // see recordRelocation() in loader/apply.ts (compact)
export const EV_DIAG: u8 = 13;        // severity u8, code str, text str
export const EV_RESULT: u8 = 14;      // action str, ext str, ret i32
export const EV_DEPENDENCY: u8 = 15;  // ext str, provider str
export const EV_IMAGE: u8 = 16;       // ext str, section u32, name str, addr u64, bytes, same u8, [abiBytes unless same]
                                      // (the veneer table: section 0xFFFFFFFF, name "LLEXT_MEM_VENEER")
export const EV_HEAP_STATE: u8 = 17;  // heap u8, used u64, free u64, largest u64, n u32, n × (offset u64, units u32, used u8, bucket i32)
export const EV_CALL: u8 = 18;        // ext str, kind str, index u32, addr u64, ret i32
export const EV_INFO: u8 = 19;        // key str, value str (engine version, board, etc.)
export const EV_ACTION: u8 = 20;      // index u32, text str (start of an application action)
// A sys_mem_blocks pool (CONFIG_LLEXT_HEAP_MEMBLK) follows its EV_HEAP_INIT (hdr 0) with this
// event and reuses the heap events: EV_HEAP_ALLOC/FREE offsets are byte offsets of the first
// block of a run, and EV_HEAP_STATE lists one "chunk" per allocated run of blocks and per free
// gap (offset in bytes, size in 8-byte units as for sys_heap, used flag, bucket -1), so a
// heap drawing shows a pool without knowing about blocks; blockSize adds the block grid.
export const EV_HEAP_BLOCKS: u8 = 21;  // heap u8, blockSize u32, blocks u32
export const EV_STR: u8 = 22;         // id uv, text str: defines string id `id` for the strId fields that follow
export const EV_LOGF: u8 = 23;        // level u8, fn strId, template strId, then the template's arguments
// In the compact records, `uv` is an unsigned LEB128 integer, `zv` a zigzag-signed one,
// and a strId is a uv.

// EV_LOGF templates: the decoder prints `<lvl> llext: ` (plus `fn: ` at DBG level), then
// the template with each placeholder replaced by the next argument:
//   %s  strId                %d  zv, decimal        %u  uv, decimal
//   %x  uv as C's %#lx (0 prints as "0")             %p  uv as Zephyr's %p ("(nil)" for 0)
// Template slots (TraceWriter.template) for the lines printed once per relocation.
export const TPL_FOUND_SYMBOL: i32 = 0;     // "found symbol %s at %x"
export const TPL_WRITING_RELOC: i32 = 1;    // "writing relocation type %d at %x with symbol %s (%x)"
export const TPL_RELOC_DETAIL: i32 = 2;     // the LOG_DBG line llext_link prints before it
export const TPL_SLOTS: i32 = 4;

export const LOG_ERR: u8 = 1;
export const LOG_WRN: u8 = 2;
export const LOG_INF: u8 = 3;
export const LOG_DBG: u8 = 4;

export const SEV_INFO: u8 = 0;
export const SEV_WARNING: u8 = 1;
export const SEV_ERROR: u8 = 2;

// EV_LOOKUP sources
export const SRC_BUILTIN: u8 = 0;
export const SRC_EXTENSION: u8 = 1;
export const SRC_SECTION: u8 = 2;
export const SRC_ABS: u8 = 3;
export const SRC_NONE: u8 = 4;      // symbol index 0
export const SRC_MISSING: u8 = 5;
export const SRC_OWN: u8 = 6;       // Xtensa PLT path: extension's own sym_tab
