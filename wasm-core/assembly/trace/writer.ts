// Growable binary trace buffer. Little-endian fixed-width fields; strings and byte
// strings are u32 length + bytes (UTF-8 for strings).
//
// Strings repeated in every relocation record (symbol and type names, log templates)
// are interned: intern() writes an EV_STR record defining an id once, and records
// then carry the id (a uv). An EV_STR must precede the record that refers to it,
// so intern every string a record needs *before* beginning the record.
//
// Hot records are written with open(), the w*() stores and close(), so that one
// capacity check covers the whole record. They use variable-length integers (wv:
// unsigned LEB128, at most 10 bytes; wz: zigzag-signed LEB128), most of their fields
// being small numbers or small differences.
import { EV_LOOKUP, EV_STR, LOOKUP_FAILED, LOOKUP_HAS_SLID, TPL_SLOTS } from "./events";

// Pointer-style stores for the hot records: open() reserves room and returns where the
// record starts, each w*() stores one field and returns the next position, close() ends
// the record. Keeping the position in a local lets the compiler keep it in a register.
@inline export function wu8(p: usize, v: u32): usize { store<u8>(p, <u8>v); return p + 1; }
/** Unsigned LEB128 (1 to 10 bytes). */
@inline export function wv(p: usize, v: u64): usize {
  while (v >= 0x80) {
    store<u8>(p, <u8>(v | 0x80));
    p++;
    v >>= 7;
  }
  store<u8>(p, <u8>v);
  return p + 1;
}
/** Signed LEB128 in zigzag form: small magnitudes of either sign take one byte. */
@inline export function wz(p: usize, v: i64): usize { return wv(p, <u64>((v << 1) ^ (v >> 63))); }
/** `n` raw bytes. */
@inline export function wraw(p: usize, src: usize, n: i32): usize {
  memory.copy(p, src, <usize>n);
  return p + <usize>n;
}

/** Bytes of one RELOC_SLOT entry: name u32, provider u32, flags u8, source u8, S u64 at 16,
 * addr u64 at 24. */
const SLOT_ENTRY: usize = 32;
/** Symbol indexes from here on are always written out (bounds the writer's table). */
const SLOT_INDEX_MAX: u32 = 1 << 20;

/** Largest single growth expect() asks for. */
const EXPECT_MAX: u64 = 64 << 20;
/** Size beyond which the trace grows by what is needed only, not by doubling. */
const TRACE_CAPACITY_MAX: i32 = 1 << 30;

export class TraceWriter {
  buf: Uint8Array = new Uint8Array(4096);
  len: i32 = 0;
  count: u32 = 0;
  private ids: Map<string, u32> = new Map<string, u32>();
  private nextId: u32 = 1;
  private templates: StaticArray<u32> = new StaticArray<u32>(TPL_SLOTS);
  /** EV_RELOC state: the previous record's values (the decoder keeps the same), see
   * recordRelocation() in loader/apply.ts. Before the first record: index -1, P and offset 0,
   * and values no record has (so that the first writes its place, type and symbol). */
  relocIndex: i64 = -1;
  relocP: u64 = 0;
  relocOffset: u64 = 0;
  relocSection: i32 = -1;
  relocTarget: i32 = -1;
  relocType: u32 = 0xffffffff;
  relocSymbol: u32 = 0xffffffff;
  relocS: u64 = 0;
  /** The last lookup folded into an EV_RELOC with its fields written (RELOC_LOOKUP_SAME). */
  private foldedSymIndex: u32 = 0xffffffff;
  private foldedFlags: u32 = 0;
  private foldedSource: u32 = 0;
  private foldedProvider: u32 = 0;
  private foldedAddr: u64 = 0;
  /** The previous record's range (RELOC_RANGE_SAME); an empty range before the first. */
  relocRangeMin: i64 = 1;
  relocRangeMax: i64 = 0;
  /**
   * A symbol lookup waiting for the relocation record that follows it: llext_link() looks a
   * relocation's symbol up, then relocates, so nearly every EV_LOOKUP is followed by its
   * EV_RELOC, which then carries the lookup's own fields (flag RELOC_LOOKUP) and the decoder
   * gives both events. Anything else written first writes the lookup as its own EV_LOOKUP,
   * so the order of events never changes.
   */
  lookupPending: bool = false;
  lookupName: u32 = 0;
  lookupSymIndex: u32 = 0;
  lookupFlags: u32 = 0;
  lookupSlid: u64 = 0;
  lookupSource: u32 = 0;
  lookupProvider: u32 = 0;
  lookupAddr: u64 = 0;
  lookupRet: i32 = 0;
  /**
   * RELOC_SLOT: per symbol index, the symbol, S and folded lookup the decoder holds for it
   * (from the last EV_RELOC that folded a lookup of that index without RELOC_SLOT).
   * slotAt[k]: 1 + the number of k's entry in `slots`, 0 for none. The decoder keeps one
   * for every index; this table forgets none it has (a forgotten one is only written out).
   */
  private slotAt: StaticArray<u32> = new StaticArray<u32>(0);
  private slots: StaticArray<u8> = new StaticArray<u8>(0);
  private slotCount: i32 = 0;
  /** intern()'s last string (its address) and its id. */
  private lastInterned: usize = 0;
  private lastInternedId: u32 = 0;

  /** Moves the trace to a buffer with room for `n` more bytes: twice the size while the
   * trace is small, then half as much again (a large trace is mostly one expect()ed block),
   * or exactly what is needed when `exact`. */
  private grow(n: i32, exact: bool): void {
    // 64-bit arithmetic, so that it cannot wrap (the engine stops recording long before a
    // trace reaches TRACE_CAPACITY_MAX, see Engine.tick()).
    const need = <i64>this.len + <i64>n;
    const have = <i64>this.buf.length;
    let cap = exact ? need : have < (16 << 20) ? have * 2 : have + have / 2;
    if (cap < need) cap = need;
    if (cap > <i64>TRACE_CAPACITY_MAX) cap = need > <i64>TRACE_CAPACITY_MAX ? need : <i64>TRACE_CAPACITY_MAX;
    // Not cleared first: only bytes below `len` are ever read, and a large trace would
    // otherwise be written twice.
    const nb = Uint8Array.wrap(changetype<ArrayBuffer>(__new(<usize>cap, idof<ArrayBuffer>())));
    memory.copy(nb.dataStart, this.buf.dataStart, <usize>this.len);
    this.buf = nb;
  }

  /** Grows the buffer once for `n` more bytes expected soon (a relocation section's records),
   * instead of doubling it step by step. Capped: the hint comes from untrusted sizes. */
  expect(n: u64): void {
    const want = n < EXPECT_MAX ? <i32>n : <i32>EXPECT_MAX;
    if (this.len + want > this.buf.length) this.grow(want, true);
  }

  /** Holds a lookup back for the relocation record that follows (see lookupPending). The
   * strings must be interned already. */
  @inline deferLookup(name: u32, symIndex: u32, flags: u32, slid: u64, source: u32, provider: u32, addr: u64, ret: i32): void {
    if (this.lookupPending) this.writeLookup();
    this.lookupPending = true;
    this.lookupName = name;
    this.lookupSymIndex = symIndex;
    this.lookupFlags = flags;
    this.lookupSlid = slid;
    this.lookupSource = source;
    this.lookupProvider = provider;
    this.lookupAddr = addr;
    this.lookupRet = ret;
  }

  /** True when the held lookup has the fields of the last one folded with its fields written. */
  sameAsFoldedLookup(): bool {
    return (
      this.lookupSymIndex == this.foldedSymIndex &&
      this.lookupFlags == this.foldedFlags &&
      this.lookupSource == this.foldedSource &&
      this.lookupProvider == this.foldedProvider &&
      this.lookupAddr == this.foldedAddr
    );
  }

  /** Remembers the held lookup as the last one folded with its fields written. */
  keepFoldedLookup(): void {
    this.foldedSymIndex = this.lookupSymIndex;
    this.foldedFlags = this.lookupFlags;
    this.foldedSource = this.lookupSource;
    this.foldedProvider = this.lookupProvider;
    this.foldedAddr = this.lookupAddr;
  }

  /** True when the decoder holds the held lookup, with symbol `name` at `S`, for the
   * lookup's symbol index (the record may then carry the index alone, RELOC_SLOT). */
  @inline slotHolds(name: u32, S: u64): bool {
    const k = this.lookupSymIndex;
    if (k >= <u32>this.slotAt.length) return false;
    const n = unchecked(this.slotAt[<i32>k]);
    if (n == 0) return false;
    const r = changetype<usize>(this.slots) + <usize>(n - 1) * SLOT_ENTRY;
    return (
      load<u32>(r) == name &&
      load<u64>(r, 16) == S &&
      load<u32>(r, 4) == this.lookupProvider &&
      <u32>load<u8>(r, 8) == this.lookupFlags &&
      <u32>load<u8>(r, 9) == this.lookupSource &&
      load<u64>(r, 24) == this.lookupAddr
    );
  }

  /** What the decoder holds for the held lookup's symbol index after a record folding it
   * without RELOC_SLOT: symbol `name` at `S` and the lookup. */
  @inline(never) keepSlot(name: u32, S: u64): void {
    const k = this.lookupSymIndex;
    if (k >= SLOT_INDEX_MAX) return;
    let at = this.slotAt;
    if (k >= <u32>at.length) {
      let size = max(at.length * 2, 1024);
      while (<u32>size <= k) size *= 2;
      const grown = new StaticArray<u32>(size);
      memory.copy(changetype<usize>(grown), changetype<usize>(at), <usize>at.length << 2);
      this.slotAt = at = grown;
    }
    let n = unchecked(at[<i32>k]);
    if (n == 0) {
      if (<usize>(this.slotCount + 1) * SLOT_ENTRY > <usize>this.slots.length) {
        const grown = new StaticArray<u8>(max(this.slots.length * 2, 64 * <i32>SLOT_ENTRY));
        memory.copy(changetype<usize>(grown), changetype<usize>(this.slots), <usize>this.slots.length);
        this.slots = grown;
      }
      n = <u32>++this.slotCount;
      unchecked((at[<i32>k] = n));
    }
    const r = changetype<usize>(this.slots) + <usize>(n - 1) * SLOT_ENTRY;
    store<u32>(r, name);
    store<u32>(r, this.lookupProvider, 4);
    store<u8>(r, <u8>this.lookupFlags, 8);
    store<u8>(r, <u8>this.lookupSource, 9);
    store<u64>(r, S, 16);
    store<u64>(r, this.lookupAddr, 24);
  }

  /** The held lookup as its own EV_LOOKUP record. */
  writeLookup(): void {
    this.lookupPending = false;
    const flags = this.lookupFlags;
    let p = this.open(60);
    p = wu8(p, EV_LOOKUP);
    p = wv(p, <u64>this.lookupName);
    p = wv(p, <u64>this.lookupSymIndex);
    p = wu8(p, flags);
    if (flags & LOOKUP_HAS_SLID) p = wv(p, this.lookupSlid);
    p = wu8(p, this.lookupSource);
    p = wv(p, <u64>this.lookupProvider);
    p = wv(p, this.lookupAddr);
    if (flags & LOOKUP_FAILED) p = wz(p, <i64>this.lookupRet);
    this.close(p);
  }

  /** Starts a record of at most `n` bytes: the position to write its fields at. */
  @inline open(n: i32): usize {
    if (this.lookupPending) this.writeLookup();
    this.reserve(n);
    return this.buf.dataStart + <usize>this.len;
  }

  /** Ends a continuation of the record before (more of its bytes, written up to `p` from an
   * open()): the record count does not change. */
  @inline appendBytes(p: usize): void {
    this.len = <i32>(p - this.buf.dataStart);
  }

  /** Ends the record whose fields were written up to `p`. */
  @inline close(p: usize): void {
    this.len = <i32>(p - this.buf.dataStart);
    this.count++;
  }

  /** Makes room for `n` more bytes. */
  @inline reserve(n: i32): void {
    if (this.len + n > this.buf.length) this.grow(n, false);
  }

  begin(kind: u8): void {
    if (this.lookupPending) this.writeLookup();
    this.count++;
    this.u8(kind);
  }

  u8(v: u32): void {
    this.reserve(1);
    store<u8>(this.buf.dataStart + <usize>this.len, <u8>v);
    this.len += 1;
  }

  u32(v: u32): void {
    this.reserve(4);
    store<u32>(this.buf.dataStart + <usize>this.len, v);
    this.len += 4;
  }

  i32(v: i32): void { this.u32(<u32>v); }

  u64(v: u64): void {
    this.reserve(8);
    store<u64>(this.buf.dataStart + <usize>this.len, v);
    this.len += 8;
  }

  i64(v: i64): void { this.u64(<u64>v); }

  str(s: string): void {
    const n = String.UTF8.byteLength(s, false);
    this.u32(<u32>n);
    this.reserve(n);
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.buf.dataStart + <usize>this.len, false);
    this.len += n;
  }

  bytesFrom(src: usize, n: i32): void {
    this.u32(<u32>n);
    this.reserve(n);
    memory.copy(this.buf.dataStart + <usize>this.len, src, <usize>n);
    this.len += n;
  }

  fixed(b: StaticArray<u8>, n: i32): void {
    this.bytesFrom(changetype<usize>(b), n);
  }

  /** The id of `s` in the trace's string table (0 is the empty string), defining it on first use. */
  intern(s: string): u32 {
    if (s.length == 0) return 0;
    // The same string object as the last call (an EV_LOOKUP's provider, relocation after
    // relocation): its id without hashing it. Nothing is freed during a run (the host
    // collects between runs), so an address names one string for the writer's life.
    if (changetype<usize>(s) == this.lastInterned) return this.lastInternedId;
    const ids = this.ids;
    if (ids.has(s)) {
      const known = ids.get(s);
      this.lastInterned = changetype<usize>(s);
      this.lastInternedId = known;
      return known;
    }
    const id = this.nextId++;
    ids.set(s, id);
    this.lastInterned = changetype<usize>(s);
    this.lastInternedId = id;
    let p = this.open(11);
    p = wu8(p, EV_STR);
    this.close(wv(p, <u64>id));
    this.str(s);
    return id;
  }

  /** The string id of an EV_LOGF template, interned once per trace (`slot`: a TPL_* constant). */
  template(slot: i32, text: string): u32 {
    let id = unchecked(this.templates[slot]);
    if (id == 0) {
      id = this.intern(text);
      unchecked(this.templates[slot] = id);
    }
    return id;
  }

  /** The bytes written so far (a view, not a copy: the host copies it out once). */
  finish(): Uint8Array {
    if (this.lookupPending) this.writeLookup();
    return Uint8Array.wrap(this.buf.buffer, 0, this.len);
  }
}
