// Steps 8-10 and 12 of do_llext_load: the extension's global symbol table and
// its exported symbols (subsys/llext/llext_load.c).
import { LoadCtx } from "./loadctx";
import { ET_REL, SHN_UNDEF, STT_FUNC, STT_OBJECT, STT_SECTION } from "../elf/constants";
import { symtabBinding } from "./version";
import { Symbol } from "../elf/file";
import { EV_SYMBOL, EV_SYMTAB, LOG_DBG, SYMTAB_EXP, SYMTAB_SYM } from "../trace/events";
import { ENOEXEC, ENOMEM, ENOTSUP } from "../util/errno";
import { ptr } from "../util/fmt";
import { SymEntry, SymTable, symbolEntrySize } from "./llext";
import { pastEndOfFile } from "./loaderstate";
import { ptrMask, symbolCount, symbolName, SymtabView } from "./symtab";
import { CStr, strCStr, wcstr } from "./cstr";
import { utf8Max, wdec, wptr, wtext } from "../trace/text";
import { wu8, wz } from "../trace/writer";

export function countExportSyms(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext;
  const fn = "llext_count_export_syms";
  const n = symbolCount(L);
  const strSize = L.sects[L.R.STRTAB].size;
  const sym = new Symbol();
  const name = new CStr();
  e.dbg(fn, "symbol count " + n.toString());
  // A debug line per symbol (about 90 bytes): the trace grows once, not by doubling.
  if (e.dbgOn) e.trace.expect(<u64>n * 96);
  let cnt: u32 = 0;
  const st = L.sects[L.R.SYMTAB];
  const tab = new SymtabView(L, n);
  if (tab.direct && !e.dbgOn) {
    // The same walk reading only st_name and st_info (most loads take this path).
    const stride = tab.entryStride,
      infoAt = tab.infoOffset;
    let p = tab.at(1);
    for (let i: u32 = 1; i < n; i++, p += stride) {
      if (!e.tick()) return -ENOEXEC;
      const name = load<u32>(p);
      if (<u64>name >= strSize) {
        e.err(fn, "Invalid symbol name index " + name.toString() + " in symbol " + i.toString());
        return -ENOEXEC;
      }
      const info = <u32>load<u8>(p + infoAt);
      const type = info & 0xf;
      if ((type == STT_FUNC || type == STT_OBJECT) && symtabBinding(info >> 4)) cnt++;
    }
    ext.symTab = new SymTable(e.mem, <i32>cnt);
    return 0;
  }
  for (let i: u32 = 1; i < n; i++) {
    if (!e.tick()) return -ENOEXEC;
    if (!tab.direct && !L.view.has(st.offset + <u64>i * st.entsize, <u64>L.layout.symSize)) {
      pastEndOfFile(e, "The symbol table has " + n.toString() + " entries", <u64>i);
      return -ENOEXEC;
    }
    tab.read(i, sym);
    if (<u64>sym.name >= strSize) {
      e.err(fn, "Invalid symbol name index " + sym.name.toString() + " in symbol " + i.toString());
      return -ENOEXEC;
    }
    const counted = (sym.type == STT_FUNC || sym.type == STT_OBJECT) && symtabBinding(sym.bind);
    if (counted) cnt++;
    if (e.dbgOn) logCountedSymbol(L, fn, counted, i, sym, name);
  }
  ext.symTab = new SymTable(e.mem, <i32>cnt);
  return 0;
}

export function allocateSymtab(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext;
  const size = <u64>ext.symTab.length * symbolEntrySize(e.ptrSize);
  ext.symTabAddr = e.heaps.allocMetadata(size, "sym_tab");
  if (ext.symTabAddr == 0) {
    if (size == 0) {
      e.diag(
        2,
        "no-global-symbols",
        "The extension has no global function or object symbol, so Zephyr asks the heap for a 0-byte symbol table, gets NULL and fails with -ENOMEM. Export at least one function (EXPORT_SYMBOL) or make one non-static.",
      );
    }
    return -ENOMEM;
  }
  ext.allocSize += size;
  return 0;
}

export function copySymbols(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext;
  const fn = "llext_copy_symbols";
  const n = symbolCount(L);
  const sym = new Symbol();
  let j = 0;
  const tab = new SymtabView(L, n);
  const infoAt = tab.infoOffset;
  const symTab = ext.symTab;
  const name = new CStr();
  // sym_tab keeps a pointer to the name in the string table (llext_symbol_name()).
  const strtab = ext.mem[L.R.STRTAB];
  const mask = ptrMask(e.ptrSize);
  const isRel = L.hdr.type == ET_REL;
  const dbgOn = e.dbgOn;
  if (dbgOn) e.trace.expect(<u64>symTab.length * 72);
  // The section of the previous symbol: globals of one section tend to come together.
  let lastShndx: u32 = 0xffffffff;
  let base: u64 = 0,
    shAddr: u64 = 0;
  for (let i: u32 = 1; i < n; i++) {
    if (!e.tick()) return -ENOEXEC;
    if (tab.direct) {
      // Most symbols are skipped: decide from st_info before reading the whole entry.
      const info = <u32>load<u8>(tab.at(i) + infoAt);
      const type = info & 0xf;
      if (!((type == STT_FUNC || type == STT_OBJECT) && symtabBinding(info >> 4))) continue;
    }
    tab.read(i, sym);
    if ((sym.type == STT_FUNC || sym.type == STT_OBJECT) && symtabBinding(sym.bind) && sym.shndx != SHN_UNDEF) {
      if (j >= symTab.length) break; // cannot happen: counted above with the same predicate minus UNDEF
      if (sym.shndx != lastShndx) {
        base = L.loadedSectPtr(sym.shndx);
        if (base == 0) {
          const shOff = sym.shndx < ext.sectCnt ? ext.sectHdrs[sym.shndx].offset : 0;
          base = sym.shndx < ext.sectCnt ? L.peek(shOff) : 0;
          if (base != 0 && dbgOn) e.dbg(fn, "section " + sym.shndx.toString() + " peeked at " + ptr(base));
          else if (base == 0) {
            e.err(fn, "No data for section " + sym.shndx.toString());
            return -ENOTSUP;
          }
        }
        shAddr = sym.shndx < ext.sectCnt ? ext.sectHdrs[sym.shndx].addr : 0;
        // A peeked section is logged for every symbol in it, as Zephyr does.
        lastShndx = dbgOn ? 0xffffffff : sym.shndx;
      }
      // pre_located (unless the section is detached): the symbol is at its ELF address.
      const preLocated = L.param.preLocated && !(sym.shndx < ext.sectCnt && L.param.isDetached(L.sectionName(ext.sectHdrs[sym.shndx])));
      const addr = preLocated ? sym.value + (isRel ? shAddr : 0) : base + sym.value - (isRel ? 0 : shAddr);
      symTab.set(<i32>j, strtab == 0 ? 0 : strtab + <u64>sym.name, addr & mask);
      if (dbgOn) logCopiedSymbol(L, fn, symTab, j, name);
      j++;
    }
  }
  return 0;
}

export function exportSymbols(L: LoadCtx): i32 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  const ps = e.ptrSize;
  let count: i32;
  if (e.cfg.bool("CONFIG_LLEXT_IMPORT_ALL_GLOBALS")) {
    count = ext.symTab.length;
  } else {
    count = <i32>(L.sects[R.EXPORT].size / symbolEntrySize(ps));
  }
  if (count == 0) return 0;
  ext.expTabAddr = e.heaps.allocMetadata(<u64>count * symbolEntrySize(ps), "exp_tab");
  if (ext.expTabAddr == 0) return -ENOMEM;
  const out = new Array<SymEntry>(count);
  for (let i = 0; i < count; i++) {
    if (!e.tick()) return -ENOEXEC;
    let name: string, addr: u64;
    if (e.cfg.bool("CONFIG_LLEXT_IMPORT_ALL_GLOBALS")) {
      name = ext.symTab.name(i);
      addr = ext.symTab.addr(i);
    } else {
      // struct llext_symbol entries read from the relocated EXPORT region.
      const ent = ext.mem[R.EXPORT] + <u64>i * symbolEntrySize(ps);
      const namePtr = e.mem.readWord(ent, ps, e.cfg.bigEndian);
      addr = e.mem.readWord(ent + <u64>ps, ps, e.cfg.bigEndian);
      const s = e.mem.cstr(namePtr, 256);
      name = s == null ? "" : s;
      if (s == null) {
        e.diag(
          1,
          "export-name-unreadable",
          "Exported symbol " +
            i.toString() +
            " has a name pointer " +
            ptr(namePtr) +
            " outside the modelled memory; the playground shows it without a name.",
        );
      }
      if (e.dbgOn) e.dbg("llext_export_symbols", "sym " + ptr(addr) + " name " + name);
    }
    out[i] = new SymEntry(name, addr);
  }
  ext.expTab = out;
  if (!e.quiet) {
    for (let i = 0; i < count; i++) {
      e.trace.begin(EV_SYMBOL);
      e.trace.u8(SYMTAB_EXP);
      e.trace.str(out[i].name);
      e.trace.u64(out[i].addr);
    }
  }
  return 0;
}

export function recordSymTab(L: LoadCtx): void {
  const e = L.e;
  if (e.quiet) return;
  if (recordSymTabAtOnce(L)) return;
  const tab = L.ext.symTab;
  const name = new CStr();
  const t = e.trace;
  for (let i = 0; i < tab.length; i++) {
    // The record in one piece: kind, table 0, the name as a str, the address. The name's
    // bytes are copied into it while its end is found (SymTable.copyAsciiName()), not made
    // into a string (loader/cstr.ts).
    let p = t.open(14 + 4096);
    const n = tab.copyAsciiName(i, p + 6);
    if (n < 0) {
      tab.nameBytes(i, name);
      t.begin(EV_SYMBOL);
      t.u8(SYMTAB_SYM);
      strCStr(t, name);
      t.u64(tab.addr(i));
      continue;
    }
    p = wu8(p, EV_SYMBOL);
    p = wu8(p, SYMTAB_SYM);
    store<u32>(p, <u32>n);
    p += 4 + <usize>n;
    store<u64>(p, tab.addrAt(i));
    t.close(p + 8);
  }
}

/**
 * EV_SYMTAB: sym_tab's names all point into the string table region (as llext_copy_symbols()
 * sets them), so the region's bytes go into the trace once and each entry is the offset of its
 * name and its address: a table of 60,000 symbols costs a copy and two small numbers each
 * instead of 60,000 scans for a NUL. False (nothing written) when some name lies elsewhere or
 * the region does not end in a NUL: then each entry gets its own EV_SYMBOL.
 */
function recordSymTabAtOnce(L: LoadCtx): bool {
  const e = L.e;
  const tab = L.ext.symTab;
  const n = tab.length;
  const base = L.ext.mem[L.R.STRTAB];
  const size = L.ext.memSize[L.R.STRTAB];
  if (n == 0 || base == 0 || size == 0 || size > 256 << 20) return false;
  const area = e.mem.find(base, size);
  if (area == null || area.bytes[<i32>(base + size - 1 - area.base)] != 0) return false;
  const t = e.trace;
  const len = <i32>size;
  let p = t.open(1 + 4 + len + 4);
  // Where the record starts: a name found outside the region takes it back.
  const startLen = t.len,
    startCount = t.count;
  p = wu8(p, EV_SYMTAB);
  store<u32>(p, <u32>len);
  memory.copy(p + 4, area.bytes.dataStart + <usize>(base - area.base), <usize>len);
  p += 4 + <usize>len;
  store<u32>(p, <u32>n);
  t.close(p + 4);
  // The entries, as differences from the previous one's (small: names and functions mostly
  // come in order). The writer's count covers the record once; these only add bytes.
  let prevName: u64 = 0,
    prevAddr: u64 = 0;
  for (let i = 0; i < n; i += 4096) {
    const end = min(n, i + 4096);
    let q = t.open((end - i) * 20);
    for (let k = i; k < end; k++) {
      const at = tab.nameAddrAt(k);
      if (at != 0 && (at < base || at - base >= size)) {
        t.len = startLen;
        t.count = startCount;
        return false;
      }
      const name = at == 0 ? 0 : at - base + 1;
      const addr = tab.addrAt(k);
      q = wz(q, <i64>(name - prevName));
      q = wz(q, <i64>(addr - prevAddr));
      prevName = name;
      prevAddr = addr;
    }
    t.appendBytes(q);
  }
  return true;
}

/** llext_count_export_syms()'s LOG_DBG line for symbol `i`, stored piece by piece with the
 * name's bytes (trace/text.ts, loader/cstr.ts): it is printed for every symbol. */
function logCountedSymbol(L: LoadCtx, fn: string, counted: bool, i: u32, sym: Symbol, name: CStr): void {
  const e = L.e;
  // symbolName(): a section symbol is named after its section (a few of those), any other
  // symbol by the string table.
  let section: string | null = null;
  if (sym.type == STT_SECTION) section = symbolName(L, sym);
  else {
    const base = L.ext.mem[L.R.STRTAB];
    if (base == 0) name.empty();
    else name.at(e.mem, base + <u64>sym.name, 4096);
  }
  let p = e.lineStart(LOG_DBG, fn, 100 + (section != null ? utf8Max(section) : name.maxBytes));
  p = wtext(p, counted ? "function symbol " : "unhandled symbol ");
  p = wdec(p, <u64>i);
  p = wtext(p, ", name ");
  p = section != null ? wtext(p, section) : wcstr(p, name);
  p = wtext(p, ", type tag ");
  p = wdec(p, <u64>sym.type);
  p = wtext(p, ", bind ");
  p = wdec(p, <u64>sym.bind);
  p = wtext(p, ", sect ");
  e.lineEnd(wdec(p, <u64>sym.shndx));
}

/** llext_copy_symbols()'s LOG_DBG line for sym_tab entry `j` (as logCountedSymbol()). */
function logCopiedSymbol(L: LoadCtx, fn: string, symTab: SymTable, j: i32, name: CStr): void {
  const e = L.e;
  symTab.nameBytes(j, name);
  let p = e.lineStart(LOG_DBG, fn, 60 + name.maxBytes);
  p = wtext(p, "function symbol ");
  p = wdec(p, <u64>j);
  p = wtext(p, " name ");
  p = wcstr(p, name);
  p = wtext(p, " addr ");
  e.lineEnd(wptr(p, symTab.addr(j)));
}
