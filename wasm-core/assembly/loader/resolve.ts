// llext_lookup_symbol() (subsys/llext/llext_link.c): the address a relocation's symbol
// resolves to (built-in table, another extension, a section of this one, or absolute),
// and the EV_LOOKUP record of that answer.
import { LoadCtx } from "./loadctx";
import { SHN_ABS, SHN_HIRESERVE, SHN_LORESERVE, SHN_UNDEF } from "../elf/constants";
import { Symbol } from "../elf/file";
import { ENODATA, ENOEXEC } from "../util/errno";
import { hexAlt } from "../util/fmt";
import {
  LOOKUP_BY_SLID,
  LOOKUP_FAILED,
  LOOKUP_HAS_SLID,
  SRC_ABS,
  SRC_BUILTIN,
  SRC_EXTENSION,
  SRC_MISSING,
  SRC_NONE,
  SRC_SECTION,
} from "../trace/events";
import { Lookup, addDependency, findBuiltin, findInExtensions, logFoundSymbol } from "./lookup";
import { ptrMask } from "./symtab";
import { DEVICE_NOT_EXPORTED_LOG, warnsDeviceNotExported } from "./version";

/** llext_lookup_symbol(); `nameId` is the trace string id of `name` (0 in quiet runs). */
export function lookupSymbol(
  L: LoadCtx,
  symIndex: u32,
  sym: Symbol,
  name: string,
  nameId: u32,
  rOffset: u64,
  relLink: u32,
  out: Lookup,
): void {
  const e = L.e;
  const fn = "llext_lookup_symbol";
  out.ret = 0;
  out.addr = 0;
  out.provider = "";
  out.providerExt = null;
  if (symIndex == 0) {
    out.source = SRC_NONE;
    return;
  }
  if (sym.shndx == SHN_UNDEF) {
    const names = L.symNames;
    let a = names != null ? names.builtin(symIndex, sym) : findBuiltin(e, name, sym.value);
    out.source = SRC_BUILTIN;
    if (a == 0) {
      a = findInExtensions(e, name, out);
      out.source = SRC_EXTENSION;
      if (a != 0) addDependency(e, L.ext, out.providerExt!);
    }
    if (a == 0) {
      out.source = SRC_MISSING;
      // Quiet runs build no message: a link goes on after a failed relocation, so an object
      // failing every relocation would otherwise pile up one string per relocation.
      if (!e.quiet)
        e.err(
          fn,
          "Undefined symbol with no entry in symbol table " +
            name +
            ", offset " +
            rOffset.toString() +
            ", link section " +
            relLink.toString(),
        );
      // PR #89018: name the option when the missing symbol is a device object.
      if (!e.quiet && warnsDeviceNotExported(e.cfg, name)) e.wrn(fn, DEVICE_NOT_EXPORTED_LOG);
      out.ret = -ENODATA;
      return;
    }
    out.addr = a;
    logFoundSymbol(e, nameId, a);
    return;
  }
  if (sym.shndx == SHN_ABS) {
    out.source = SRC_ABS;
    out.addr = sym.value;
    return;
  }
  if (sym.shndx < L.hdr.shnum && !(sym.shndx >= SHN_LORESERVE && sym.shndx <= SHN_HIRESERVE)) {
    out.source = SRC_SECTION;
    out.addr = (L.loadedSectPtr(sym.shndx) + sym.value) & ptrMask(e.ptrSize);
    return;
  }
  if (!e.quiet)
    e.err(
      fn,
      "cannot apply relocation: target symbol has unexpected section index " + sym.shndx.toString() + " (" + hexAlt(<u64>sym.shndx) + ")",
    );
  out.ret = -ENOEXEC;
  out.source = SRC_MISSING;
}

/** The lookup's EV_LOOKUP, held back by the trace writer: the relocation record that follows
 * carries it when nothing comes between (TraceWriter.deferLookup()). */
// @ts-ignore: decorator
@inline export function recordLookup(L: LoadCtx, symIndex: u32, sym: Symbol, nameId: u32, look: Lookup): void {
  const e = L.e;
  if (e.quiet) return;
  const t = e.trace;
  // Only a symbol found in another extension has a provider (once per relocation: no call).
  const providerId = look.provider.length == 0 ? 0 : t.intern(look.provider);
  const slid: u64 = sym.shndx == 0 ? sym.value : 0;
  let flags: u32 = 0;
  if (e.bySlid && sym.shndx == 0) flags |= LOOKUP_BY_SLID;
  if (slid != 0) flags |= LOOKUP_HAS_SLID;
  if (look.ret != 0) flags |= LOOKUP_FAILED;
  t.deferLookup(nameId, symIndex, flags, slid, look.source, providerId, look.addr, look.ret);
}
