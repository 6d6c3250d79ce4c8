// struct llext as far as its behaviour is observable, plus the byte sizes of the
// structures LLEXT allocates from its heap (they decide heap offsets).
import { SectionHeader } from "../elf/file";
import { SimMemory } from "./memory";
import { CStr } from "./cstr";

export const LLEXT_MAX_NAME_LEN: i32 = 15;
export const LLEXT_MAX_DEPENDENCIES: i32 = 8;

export class SymEntry {
  constructor(
    public name: string,
    public addr: u64,
  ) {}
}

/**
 * llext's sym_tab. Each entry points at its name in the copied string table, as Zephyr's
 * `const char *name` does, and the name is read from target memory when it is asked for:
 * decoding tens of thousands of names nobody looks at was most of a load's time.
 */
export class SymTable {
  private addrs: StaticArray<u64>;
  /** Target address of the NUL-terminated name (0: no string table, the name reads empty). */
  private nameAt: StaticArray<u64>;

  constructor(
    private mem: SimMemory | null,
    count: i32,
  ) {
    this.addrs = new StaticArray<u64>(count);
    this.nameAt = new StaticArray<u64>(count);
  }

  get length(): i32 {
    return this.addrs.length;
  }

  set(i: i32, nameAt: u64, addr: u64): void {
    this.nameAt[i] = nameAt;
    this.addrs[i] = addr;
  }

  addr(i: i32): u64 {
    return this.addrs[i];
  }

  name(i: i32): string {
    const at = this.nameAt[i];
    const mem = this.mem;
    if (at == 0 || mem == null) return "";
    const s = mem.cstr(at, 4096);
    return s == null ? "" : s;
  }

  /** The bytes of name(i), without making a string of them (loader/cstr.ts). */
  nameBytes(i: i32, out: CStr): void {
    const at = this.nameAt[i];
    const mem = this.mem;
    if (at == 0 || mem == null) out.empty();
    else out.at(mem, at, 4096);
  }

  /** Copies the bytes of name(i) to `dst` while finding its end, when they are all ASCII
   * (their own UTF-8): their count, or -1 (nothing usable at `dst`) for any other name.
   * sym_tab's trace records take every name this way (recordSymTab()), one pass over it. */
  copyAsciiName(i: i32, dst: usize): i32 {
    const at = unchecked(this.nameAt[i]);
    const mem = this.mem;
    if (at == 0 || mem == null) return 0;
    const a = mem.find(at, 1);
    if (a == null) return 0;
    const o = <i32>(at - a.base);
    const lim = min(a.bytes.length - o, 4096);
    const src = a.bytes.dataStart + <usize>o;
    let n = 0,
      high: u32 = 0;
    while (n < lim) {
      const b = <u32>load<u8>(src + <usize>n);
      if (b == 0) break;
      store<u8>(dst + <usize>n, <u8>b);
      high |= b;
      n++;
    }
    return (high & 0x80) == 0 ? n : -1;
  }

  /** The address of entry `i`, unchecked (0 <= i < length). */
  /** Target address of entry i's name (0: none). */
  @inline nameAddrAt(i: i32): u64 {
    return unchecked(this.nameAt[i]);
  }

  @inline addrAt(i: i32): u64 {
    return unchecked(this.addrs[i]);
  }

  /** llext_find_sym(sym_tab, name): first entry with that name, 0 when none. */
  find(name: string): u64 {
    for (let i = 0; i < this.addrs.length; i++) {
      if (this.name(i) == name) return this.addrs[i];
    }
    return 0;
  }
}

/** struct llext_alloc { int num_blocks; void *memblk_ptr; } (CONFIG_LLEXT_HEAP_MEMBLK). */
export class MemblkAlloc {
  numBlocks: u32 = 0;
  ptr: u64 = 0;
}

export class Llext {
  name: string = "";
  fileIndex: i32 = -1;
  structAddr: u64 = 0;
  mem: u64[];
  memOnHeap: bool[];
  memSize: u64[];
  allocSize: u64 = 0;
  symTab: SymTable = new SymTable(null, 0);
  symTabAddr: u64 = 0;
  expTab: SymEntry[] = [];
  expTabAddr: u64 = 0;
  useCount: u32 = 0;
  deps: Llext[] = [];
  sectCnt: u32 = 0;
  sectHdrs: SectionHeader[] = [];
  sectHdrsAddr: u64 = 0; // non-zero when the section headers were copied to the heap
  /** ldr->sect_map kept by llext_load_param.keep_section_info (0: freed). */
  keptSectMapAddr: u64 = 0;
  textRegionEnd: u64 = 0;
  /** mem_alloc_map (CONFIG_LLEXT_HEAP_MEMBLK): one entry per block allocation, `allocIdx` used. */
  allocMap: MemblkAlloc[] = [];
  allocIdx: i32 = 0;

  constructor(count: i32) {
    this.mem = new Array<u64>(count);
    this.memOnHeap = new Array<bool>(count);
    this.memSize = new Array<u64>(count);
    for (let i = 0; i < count; i++) {
      this.mem[i] = 0;
      this.memOnHeap[i] = false;
      this.memSize[i] = 0;
    }
    for (let i = 0; i < count; i++) this.allocMap.push(new MemblkAlloc());
  }
}

/**
 * sizeof(struct llext) for the target. `partitions` = LLEXT_MEM_PARTITIONS (BSS + 1,
 * so 5 with CONFIG_LLEXT_VENEERS). With CONFIG_LLEXT_HEAP_MEMBLK the struct carries
 * mem_alloc_map { int idx; struct llext_alloc map[LLEXT_MEM_COUNT]; } after
 * mem_on_heap[] (include/zephyr/llext/llext.h: struct llext).
 */
export function llextStructSize(ptr: u32, memCount: u32, userspace: bool, partitions: u32, memblk: bool): u64 {
  let s: u64 = 0;
  const p = <u64>ptr;
  s += p; // sys_snode_t llext_list
  if (userspace) s += <u64>partitions * (2 * p + p); // k_mem_partition mem_parts[]: start, size, attr
  s += 16; // name[LLEXT_MAX_NAME_LEN + 1]
  s += <u64>memCount * p; // mem[]
  s += p; // text_in_elf
  s += <u64>memCount; // mem_on_heap[]
  s = (s + p - 1) & ~(p - 1);
  if (memblk) {
    s += 4; // mem_alloc_map.idx
    s = (s + p - 1) & ~(p - 1);
    s += <u64>memCount * (p == 8 ? 16 : 8); // map[]: int num_blocks; void *memblk_ptr
  }
  s += <u64>memCount * p; // mem_size[]
  s += p; // alloc_size
  s += 4 * p; // sym_tab, exp_tab {size_t cnt; syms*}
  s += 4; // use_count
  s = (s + p - 1) & ~(p - 1);
  s += 8 * p; // dependency[8]
  s += 4; // sect_cnt
  s = (s + p - 1) & ~(p - 1);
  s += p; // sect_hdrs
  s += 2; // sect_hdrs_on_heap, mmu_permissions_set
  s = (s + p - 1) & ~(p - 1);
  return s;
}

/** struct llext_elf_sect_map { enum llext_mem mem_idx; size_t offset; } */
export function sectMapEntrySize(ptr: u32): u64 {
  return ptr == 8 ? 16 : 8;
}

/** struct llext_symbol { const char *name; void *addr; } */
export function symbolEntrySize(ptr: u32): u64 {
  return 2 * <u64>ptr;
}
