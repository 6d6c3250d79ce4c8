// Runs one relocation through the architecture's table against target memory and
// records what happened (both Zephyr's and the psABI's result).
import { LoadCtx } from "./loadctx";
import { Engine } from "./context";
import { RelocEnv, RelocSite, samePatchBytes } from "../arch/reloc";
import { sHex, zephyrSkips } from "../arch/outcome";
import { Symbol } from "../elf/file";
import { MemArea } from "./memory";
import { EV_RELOC, LOG_DBG, LOG_ERR, LOG_INF, LOG_WRN, LOOKUP_FAILED, LOOKUP_HAS_SLID, RELOC_ABI_RET, RELOC_A_ZERO, RELOC_ABI_EXACT, RELOC_AFTER_VALUE, RELOC_BEFORE_ZERO, RELOC_INDEX_NEXT, RELOC_VALUE_EXACT, RELOC_LOOKUP, RELOC_LOOKUP_SAME, RELOC_PLACE_SAME, RELOC_RANGE_SAME, RELOC_SYMBOL_SAME, RELOC_TYPE_SAME, RELOC_VALUE_PCREL, RELOC_ABI_SAME, RELOC_HINT, RELOC_QUIRK, RELOC_RANGE_FAILED, RELOC_RET, RELOC_SLOT, RELOC_WRITTEN } from "../trace/events";
import { hexAlt, hexPad } from "../util/fmt";
import { wraw, wu8, wv, wz } from "../trace/writer";

/** EV_RELOC's largest size: 21 integers of at most 10 bytes, three 8-byte patches, 4 bytes. */
const RELOC_RECORD_MAX: i32 = 240;

/** The one RelocSite a link reuses for every relocation, set up for this run. */
export function newRelocSite(e: Engine, env: RelocEnv): RelocSite {
  const site = new RelocSite();
  site.ptrSize = e.ptrSize;
  site.bigEndian = e.cfg.bigEndian;
  site.env = env;
  site.logDbg = e.dbgOn;
  // A run that records nothing and writes Zephyr's values never looks at the psABI result.
  site.abiWanted = !e.quiet || e.cfg.abiStrict;
  return site;
}

/**
 * The inputs of one relocation, as both paths of llext_link() (the generic loop in link.ts
 * and llext_link_plt() in plt.ts) hand them to arch_elf_relocate(): the type, S (the
 * resolved address), A (r_addend; 0 for REL), P, the load bias B and the symbol entry.
 * Inlined into the relocation loops: it runs once per relocation.
 */
// @ts-ignore: decorator
@inline export function fillRelocSite(site: RelocSite, type: u32, S: u64, A: i64, isRela: bool, P: u64, B: u64,
                                      symIndex: u32, name: string, sym: Symbol, rOffset: u64): void {
  site.type = type;
  site.S = S;
  site.A = A;
  site.isRela = isRela;
  site.P = P;
  site.B = B;
  site.symIndex = symIndex;
  site.symName = name;
  site.symValue = sym.value;
  site.symShndx = sym.shndx;
  site.symType = sym.type;
  site.symBind = sym.bind;
  site.rOffset = rOffset;
}

/** `nameId`: trace string id of site.symName (0 in quiet runs). Inlined into the relocation
 * loops: it runs once per relocation. */
// @ts-ignore: decorator
@inline export function applyRelocation(L: LoadCtx, site: RelocSite, nameId: u32, relSection: i32, target: i32, index: u32): i32 {
  const e = L.e;
  const arch = e.relocator!;
  const P = site.P;
  const area = e.mem.find(P, 1);
  loadSiteBytes(site, area, P);
  site.resetResults();
  arch.relocate(site);
  const w = site.width;
  const wrote = writeSite(L, site, area, P, relSection, index);
  if (site.noted) logArchLines(e, site);
  if (!e.quiet) reportRelocation(L, site, nameId, relSection, target, index, P, w, wrote);
  return e.cfg.abiStrict ? site.abiRet : site.zephRet;
}

/** Reads the 8 bytes at P (Zephyr's image and the psABI image) into the site: `before`, and
 * `zeph` starting as its copy; the same for the psABI. Sets `avail`. */
// @ts-ignore: decorator
@inline function loadSiteBytes(site: RelocSite, area: MemArea | null, P: u64): void {
  let avail: u32 = 0;
  const before = changetype<usize>(site.before), abiBefore = changetype<usize>(site.abiBefore);
  const zeph = changetype<usize>(site.zeph), abiOut = changetype<usize>(site.abi);
  if (area != null) {
    const o = <i32>(P - area.base);
    const left = area.bytes.length - o;
    avail = left < 8 ? <u32>left : 8;
    const bytes = area.bytes, abi = area.abiView();
    if (avail == 8) {
      const b = load<u64>(bytes.dataStart + <usize>o);
      store<u64>(before, b);
      store<u64>(zeph, b);
      const a = abi === bytes ? b : load<u64>(abi.dataStart + <usize>o);
      store<u64>(abiBefore, a);
      store<u64>(abiOut, a);
    } else {
      for (let k = 0; k < 8; k++) {
        const inside = k < <i32>avail;
        unchecked(site.before[k] = inside ? unchecked(bytes[o + k]) : 0);
        unchecked(site.abiBefore[k] = inside ? unchecked(abi[o + k]) : 0);
      }
      store<u64>(zeph, load<u64>(before));
      store<u64>(abiOut, load<u64>(abiBefore));
    }
  } else {
    store<u64>(before, 0);
    store<u64>(abiBefore, 0);
    store<u64>(zeph, 0);
    store<u64>(abiOut, 0);
  }
  site.avail = avail;
}

/** Writes the relocation's result into Zephyr's image and the psABI image; true when the
 * patch lies inside the extension's memory. */
// @ts-ignore: decorator
@inline function writeSite(L: LoadCtx, site: RelocSite, area: MemArea | null, P: u64, relSection: i32, index: u32): bool {
  const e = L.e;
  const w = site.width;
  const avail = site.avail;
  let wrote = false;
  if (!site.abiWanted && w > 0 && area != null && w <= avail) {
    // Nothing observes the psABI image in this run: Zephyr's bytes only.
    if (site.zephWrote) putBytes(area.bytes.dataStart + <usize>(P - area.base), changetype<usize>(site.zeph), w);
    const names = L.symNames;
    if (names != null) names.wrote(area);
    wrote = true;
  } else if (w > 0 && area != null && w <= avail) {
    const at = <usize>(P - area.base);
    const strict = e.cfg.abiStrict;
    const zephOk = site.zephWrote;
    const abiOk = site.abiRet == 0;
    // Zephyr's image takes the psABI bytes in strict mode, else Zephyr's own (when it wrote).
    const toBytes = strict ? abiOk : zephOk;
    const src = strict ? site.abi : site.zeph;
    // The psABI image shares Zephyr's bytes until the first relocation where they differ.
    const staysEqual = toBytes ? abiOk && samePatchBytes(src, site.abi, w) : !abiOk;
    if (!area.abiSeparate && !staysEqual) area.separateAbi();
    if (toBytes) putBytes(area.bytes.dataStart + at, changetype<usize>(src), w);
    if (area.abiSeparate && abiOk) putBytes(area.abi.dataStart + at, changetype<usize>(site.abi), w);
    const names = L.symNames;
    if (names != null) names.wrote(area);
    wrote = true;
  } else if (w > 0 && !e.quiet && L.listRepeated(2, "reloc-outside-memory")) {
    e.diag(2, "reloc-outside-memory", "Relocation " + index.toString() + " of section " + relSection.toString() +
      " patches " + w.toString() + " bytes at " + hexAlt(P) + ", outside the memory the extension owns (r_offset " +
      hexAlt(site.rOffset) + "): on the device this corrupts memory. The playground skips the write.");
  }

  return wrote;
}

/**
 * An entry llext_link_plt() skips without calling arch_elf_relocate(), recorded so that every
 * relocation of the file is in the trace: Zephyr's bytes stay as they are (not written), the
 * psABI half is what GNU ld writes (the architecture's relocate() at P, into the psABI image),
 * and the quirk says why Zephyr skipped it. `placed`: P is where the entry would patch the
 * loaded extension; when false (no loaded byte to patch) the record carries no bytes.
 * Zephyr prints nothing for the skip beyond what the caller logs, so neither does this.
 */
export function recordSkippedRelocation(L: LoadCtx, site: RelocSite, nameId: u32, relSection: i32, target: i32, index: u32,
                                        why: string, placed: bool): void {
  const e = L.e;
  // A run that records nothing and writes Zephyr's values cannot observe a skipped entry.
  if (!site.abiWanted) return;
  const P = site.P;
  const area = placed ? e.mem.find(P, 1) : null;
  loadSiteBytes(site, area, P);
  site.resetResults();
  if (placed) e.relocator!.relocate(site);
  // Zephyr's half: nothing happened. The psABI half stays as relocate() computed it.
  zephyrSkips(site);
  site.value = 0;
  site.hint = "";
  if (site.abiRet == 0) site.rangeFailed = false;
  const w = site.width;
  const differs = w > 0 && !samePatchBytes(site.zeph, site.abi, w);
  let tail: string;
  if (!placed || w == 0) tail = "; nothing is patched";
  else if (site.abiRet != 0) tail = ", so the bytes at P stay as they were; GNU ld rejects the value as well (it does not fit the field)";
  else if (w == 4) tail = ", so the word stays 0x" + hexPad(<u64>site.r32(site.zeph), 8) + (differs ? " where GNU ld writes 0x" + hexPad(<u64>site.r32(site.abi), 8) : ", which is also what GNU ld writes");
  else tail = ", so its " + w.toString() + " bytes stay " + patchHex(site.zeph, w) + (differs ? " where GNU ld writes " + patchHex(site.abi, w) : ", which is also what GNU ld writes");
  site.quirk = "Zephyr's llext_link_plt() skips this entry: " + why + tail + ".";
  let wrote = false;
  if (area != null && w > 0 && w <= site.avail) wrote = writeSite(L, site, area, P, relSection, index);
  if (e.quiet) return;
  if (differs) L.noteQuirk(e.relocator!.typeName(site.type), site.quirk);
  recordRelocation(L, site, nameId, relSection, target, index, P, placed ? w : 0, wrote);
}

/** "05 f6 ff": the first `n` bytes of a patch, in memory order. */
function patchHex(b: StaticArray<u8>, n: u32): string {
  let s = "";
  for (let k: i32 = 0; k < <i32>n; k++) s += (k > 0 ? " " : "") + hexPad(<u64>b[k], 2);
  return s;
}

/** The lines arch_elf_relocate() printed for this relocation, under the architecture's log module. */
function logArchLines(e: Engine, site: RelocSite): void {
  const arch = e.relocator!;
  const mod = arch.logModule(), fn = arch.logFunction();
  const lead = site.leadLog;
  if (lead.length > 0 && e.dbgOn) {
    // Its bytes as they are (the line LogLine assembled), after the log's prefix.
    const p = e.lineStart(LOG_DBG, fn, lead.length, mod);
    memory.copy(p, lead.dataStart, <usize>lead.length);
    e.lineEnd(p + <usize>lead.length);
  }
  for (let k = 0; k < site.extraLogs.length; k++) {
    const s = site.extraLogs[k];
    if (s.startsWith("err:")) e.log(LOG_ERR, fn, s.substring(4), mod);
    else if (s.startsWith("wrn:")) e.log(LOG_WRN, fn, s.substring(4), mod);
    else if (s.startsWith("inf:")) e.log(LOG_INF, fn, s.substring(4), mod);
    else e.log(LOG_DBG, fn, s.startsWith("dbg:") ? s.substring(4) : s, mod);
  }
  if (site.errorLog.length > 0) e.log(LOG_ERR, fn, site.errorLog, mod);
}

/** The relocation's trace record and the diagnostics about it (recorded runs only).
 * Inlined, as recordRelocation() is, into the relocation loops: a call per relocation (its
 * arguments, and the loop's values saved around it) cost a recorded run of 86,000
 * relocations half a millisecond, a tenth of the run. */
// @ts-ignore: decorator
@inline function reportRelocation(L: LoadCtx, site: RelocSite, nameId: u32, relSection: i32, target: i32, index: u32,
                          P: u64, w: u32, wrote: bool): void {
  const e = L.e;
  const arch = e.relocator!;
  recordRelocation(L, site, nameId, relSection, target, index, P, w, wrote);
  if (site.quirk.length > 0) L.noteQuirk(arch.typeName(site.type), site.quirk);
  if (site.zephRet != 0 && site.rangeFailed) {
    const v = site.ptrSize == 8 ? <i64>site.value : <i64><i32>(<u32>site.value);
    const dist = v < site.rangeMin ? site.rangeMin - v : v - site.rangeMax;
    e.diag(2, "reloc-range", arch.typeName(site.type) + " at " + hexAlt(P) + " to " + site.symName + ": the value " + sHex(v) +
      " is outside the allowed interval [" + sHex(site.rangeMin) + ", " + sHex(site.rangeMax) + "] by " + sHex(dist) + " bytes.");
  }
  if (site.zephRet != 0 && site.hint.length > 0) e.diag(2, "reloc-hint", site.hint);
}

/** |v| of a 64-bit difference read as signed. */
@inline function absDiff(v: u64): u64 {
  return <i64>v < 0 ? <u64>(-(<i64>v)) : v;
}

/** Copies a patch of `n` (1 to 8) bytes into memory. */
@inline function putBytes(dst: usize, src: usize, n: u32): void {
  if (n == 4) store<u32>(dst, load<u32>(src));
  else if (n == 2) store<u16>(dst, load<u16>(src));
  else if (n == 8) store<u64>(dst, load<u64>(src));
  else for (let k: usize = 0; k < <usize>n; k++) store<u8>(dst + k, load<u8>(src + k));
}

/**
 * EV_RELOC, compact: variable-length integers, and what repeats from the previous record
 * (the place, the type, the symbol, the range, the folded lookup) marked by a flag instead of
 * written again: a large extension has hundreds of thousands of these, mostly in runs of one
 * section with few types and symbols. The fields in the order of EV_RELOC in
 * wasm-core/schema/trace.json; TraceWriter keeps the previous record's values, as the decoder does.
 */
// @ts-ignore: decorator
@inline function recordRelocation(L: LoadCtx, site: RelocSite, nameId: u32, relSection: i32, target: i32, index: u32,
                          P: u64, w: u32, wrote: bool): void {
  const e = L.e;
  const t = e.trace;
  // Strings first: an EV_STR definition must not land inside the record. The type's name
  // is needed only when the type is not the previous record's.
  const typeSame = site.type == t.relocType;
  const typeId = typeSame ? 0 : e.typeNameId(site.type);
  let flags: u32 = typeSame ? RELOC_TYPE_SAME : 0;
  // A quirk, a hint or a failed range check marks the site noted (most relocations have none).
  let quirkId: u32 = 0,
    hintId: u32 = 0;
  if (site.noted) {
    quirkId = t.intern(site.quirk);
    hintId = t.intern(site.hint);
    if (quirkId != 0) flags |= RELOC_QUIRK;
    if (hintId != 0) flags |= RELOC_HINT;
    if (site.rangeFailed) flags |= RELOC_RANGE_FAILED;
  }
  const n = <i32>(w > 8 ? 8 : w);
  const after = e.cfg.abiStrict ? site.abi : site.zeph;
  if (site.zephWrote && wrote) flags |= RELOC_WRITTEN;
  const same = n == 0 || samePatchBytes(after, site.abi, <u32>n);
  if (same) flags |= RELOC_ABI_SAME;
  if (site.zephRet != 0) flags |= RELOC_RET;
  if (site.abiRet != 0) flags |= RELOC_ABI_RET;
  const rangeSame = site.rangeMin == t.relocRangeMin && site.rangeMax == t.relocRangeMax;
  if (rangeSame) flags |= RELOC_RANGE_SAME;
  const offset = site.rOffset;
  const placeSame = relSection == t.relocSection && target == t.relocTarget && P - t.relocP == offset - t.relocOffset;
  if (placeSame) flags |= RELOC_PLACE_SAME;
  const indexNext = <i64>index == t.relocIndex + 1;
  if (indexNext) flags |= RELOC_INDEX_NEXT;
  const S = site.S;
  // value as a difference from S + A, or for a PC-relative type from S + A - P: one byte
  // for nearly every relocation either way.
  const fromSA = site.value - (S + <u64>site.A);
  const fromPcrel = fromSA + P;
  const pcrel = absDiff(fromPcrel) < absDiff(fromSA);
  if (pcrel) flags |= RELOC_VALUE_PCREL;
  let symbolSame = nameId == t.relocSymbol && S == t.relocS;
  // The lookup llext_link() made for this relocation just before, when nothing came between
  // (TraceWriter.deferLookup()): one record instead of two. The symbol and its lookup are
  // often the previous record's; otherwise usually what the decoder holds for the symbol's
  // index (RELOC_SLOT): a function's literal pool names a few symbols in turn.
  const fold = t.lookupPending && t.lookupName == nameId && (t.lookupFlags & (LOOKUP_HAS_SLID | LOOKUP_FAILED)) == 0;
  let lookupSame = false,
    slot = false;
  if (fold) {
    flags |= RELOC_LOOKUP;
    t.lookupPending = false;
    // The previous record's symbol and lookup cost nothing; the slot costs its index.
    if (symbolSame) lookupSame = t.sameAsFoldedLookup();
    if (!(symbolSame && lookupSame) && t.slotHolds(nameId, S)) {
      slot = true;
      symbolSame = false;
      flags |= RELOC_SLOT;
    } else {
      if (!symbolSame) lookupSame = t.sameAsFoldedLookup();
      if (lookupSame) flags |= RELOC_LOOKUP_SAME;
    }
  }
  if (symbolSame) flags |= RELOC_SYMBOL_SAME;
  const A = site.A;
  if (A == 0) flags |= RELOC_A_ZERO;
  const delta = pcrel ? fromPcrel : fromSA;
  if (delta == 0) flags |= RELOC_VALUE_EXACT;
  const abiDelta = site.abiValue - site.value;
  if (abiDelta == 0) flags |= RELOC_ABI_EXACT;
  // The patch bytes: a word that was zero (a REL site's addend 0) and one that now holds the
  // value itself (an absolute word) are the common case; then neither is written.
  const mask: u64 = n >= 8 ? <u64>-1 : (<u64>1 << (<u64>n << 3)) - 1;
  const beforeWord = n == 0 ? 0 : load<u64>(changetype<usize>(site.before)) & mask;
  const afterWord = n == 0 ? 0 : load<u64>(changetype<usize>(after)) & mask;
  if (beforeWord == 0) flags |= RELOC_BEFORE_ZERO;
  if (afterWord == (site.value & mask)) flags |= RELOC_AFTER_VALUE;
  let p = t.open(RELOC_RECORD_MAX);
  p = wu8(p, EV_RELOC);
  store<u32>(p, flags);
  p += 4;
  if (placeSame) p = wz(p, <i64>(offset - t.relocOffset));
  else {
    p = wv(p, <u64>relSection);
    p = wv(p, <u64>target);
    p = wv(p, offset);
    p = wz(p, <i64>(P - t.relocP));
    t.relocSection = relSection;
    t.relocTarget = target;
  }
  t.relocOffset = offset;
  t.relocP = P;
  if (!indexNext) p = wz(p, <i64>index - t.relocIndex - 1);
  t.relocIndex = <i64>index;
  if (!typeSame) {
    p = wv(p, <u64>site.type);
    p = wv(p, <u64>typeId);
    t.relocType = site.type;
  }
  if (slot) {
    p = wv(p, <u64>t.lookupSymIndex);
    t.relocSymbol = nameId;
    t.relocS = S;
  } else if (!symbolSame) {
    p = wv(p, <u64>nameId);
    p = wv(p, S);
    t.relocSymbol = nameId;
    t.relocS = S;
  }
  if (A != 0) p = wz(p, A);
  if (delta != 0) p = wz(p, <i64>delta);
  if (abiDelta != 0) p = wz(p, <i64>abiDelta);
  p = wu8(p, <u32>n);
  if (beforeWord != 0) {
    store<u64>(p, beforeWord);
    p += <usize>n;
  }
  if (afterWord != (site.value & mask)) {
    store<u64>(p, afterWord);
    p += <usize>n;
  }
  if (!same) p = wraw(p, changetype<usize>(site.abi), n);
  if (site.zephRet != 0) p = wz(p, <i64>site.zephRet);
  if (site.abiRet != 0) p = wz(p, <i64>site.abiRet);
  if (quirkId != 0) p = wv(p, <u64>quirkId);
  if (hintId != 0) p = wv(p, <u64>hintId);
  if (!rangeSame) {
    p = wz(p, site.rangeMin);
    p = wz(p, site.rangeMax);
    t.relocRangeMin = site.rangeMin;
    t.relocRangeMax = site.rangeMax;
  }
  if (slot) t.keepFoldedLookup();
  else if (fold) {
    if (!lookupSame) {
      p = wv(p, <u64>t.lookupSymIndex);
      p = wu8(p, t.lookupFlags);
      p = wu8(p, t.lookupSource);
      p = wv(p, <u64>t.lookupProvider);
      p = wz(p, <i64>(t.lookupAddr - S));
      t.keepFoldedLookup();
    }
    // The decoder now holds this symbol and lookup for the index (unchanged when both are
    // the previous record's: that record left them so).
    if (!(symbolSame && lookupSame)) t.keepSlot(nameId, S);
  }
  t.close(p);
}
