// Playground diagnostics: things Zephyr does not check or does not say, explained
// in plain words. They never change what the simulated loader does.
import { LoadCtx } from "./loadctx";
import { ET_DYN, ET_REL, SHN_UNDEF, STB_GLOBAL, STB_WEAK, STT_NOTYPE } from "../elf/constants";
import { Symbol } from "../elf/file";
import { SymtabView, symbolCount, symbolName } from "./symtab";
import { findBuiltin, findInExtensions, Lookup } from "./lookup";
import { slidOf } from "../slid/sha256";
import { hexUpper } from "../util/fmt";
import { archForMachine } from "../arch/registry";
import { isDeviceName } from "./version";

function machineArch(m: u32): string {
  const id = archForMachine(m);
  return id.length > 0 ? id : "machine " + m.toString();
}

export function analyseBeforeLoad(L: LoadCtx): void {
  const e = L.e,
    v = L.view,
    cfg = e.cfg;
  if (v.length < 20 || v.u8(0) != 0x7f || v.u8(1) != 0x45 || v.u8(2) != 0x4c || v.u8(3) != 0x46) return;
  const cls = v.u8(4),
    data = v.u8(5);
  const fileBig = data == 2;
  const machine = fileBig ? (v.u8(18) << 8) | v.u8(19) : v.u8(18) | (v.u8(19) << 8);
  const type = fileBig ? (v.u8(16) << 8) | v.u8(17) : v.u8(16) | (v.u8(17) << 8);
  const want = cfg.ptrSize == 8 ? 2 : 1;
  if (cls != <u32>want) {
    e.diag(
      2,
      "elf-class",
      "The file is ELF" +
        (cls == 2 ? "64" : "32") +
        " but the board's image is " +
        (cfg.ptrSize * 8).toString() +
        "-bit. Zephyr does not check EI_CLASS; it reads the headers with its own layout and fails on the section header size.",
    );
  }
  if ((data == 2) != cfg.bigEndian) {
    e.diag(
      2,
      "elf-endian",
      "The file is " +
        (data == 2 ? "big" : "little") +
        "-endian but the target is " +
        (cfg.bigEndian ? "big" : "little") +
        "-endian. Zephyr does not check EI_DATA and would misread every field.",
    );
  }
  const arch = machineArch(machine);
  const archOk = arch == cfg.arch || (cfg.arch == "x86_64" && arch == "x86_64") || (cfg.arch == "x86" && arch == "x86");
  if (!archOk) {
    e.diag(
      2,
      "elf-machine",
      "The file is built for " +
        arch +
        " but the board is " +
        cfg.arch +
        ". Zephyr does not check e_machine: relocation types would be misinterpreted. Pick a board of the " +
        arch +
        " architecture.",
    );
  }
  // CONFIG_LLEXT_TYPE_* only drives the build; the loader accepts ET_REL and ET_DYN alike.
  const wantsShared = cfg.bool("CONFIG_LLEXT_TYPE_ELF_SHAREDLIB");
  if (type == ET_DYN && !wantsShared) {
    e.diag(
      1,
      "elf-type",
      "The file is a shared library (ET_DYN) but the build type is not CONFIG_LLEXT_TYPE_ELF_SHAREDLIB. Zephyr loads it anyway; the option only affects how extensions are built.",
    );
  } else if (type == ET_REL && wantsShared) {
    e.diag(
      1,
      "elf-type",
      "The file is a relocatable object (ET_REL) but CONFIG_LLEXT_TYPE_ELF_SHAREDLIB is selected. Zephyr loads it anyway; the option only affects how extensions are built.",
    );
  }
  if (wantsShared && cfg.arch == "arm") {
    e.diag(1, "sharedlib-arm", "CONFIG_LLEXT_TYPE_ELF_SHAREDLIB is not currently supported on ARM (Zephyr documentation).");
  }
}

/** Resolve every undefined symbol up front so that all missing ones are listed at once
 * (Zephyr stops at the first), and explain SLID mismatches. */
export function analyseImports(L: LoadCtx): void {
  const e = L.e,
    cfg = e.cfg;
  if (e.quiet) return;
  const n = symbolCount(L);
  const sym = new Symbol();
  const bySlid = cfg.bool("CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID");
  const look = new Lookup();
  const missing: string[] = [];
  let injected = 0,
    notInjected = 0,
    stale = 0;
  let staleExample = "";
  const seen = new Set<string>();
  // Straight reads of the entries where possible: this walk covers every symbol, and a
  // symbol-heavy extension has a hundred thousand of them.
  const view = new SymtabView(L, n);
  // Only undefined symbols are imports: with straight reads, st_shndx is checked in place
  // before the entry is read whole (most of a large table is defined symbols).
  const shndxAt: usize = view.direct ? view.infoOffset + 2 : 0;
  for (let i: u32 = 1; i < n; i++) {
    if (!e.tick()) return;
    if (view.direct && load<u16>(view.at(i) + shndxAt) != <u16>SHN_UNDEF) continue;
    view.read(i, sym);
    if (sym.shndx != SHN_UNDEF || (sym.bind != STB_GLOBAL && sym.bind != STB_WEAK)) continue;
    const name = symbolName(L, sym);
    if (name.length == 0 || seen.has(name)) continue;
    seen.add(name);
    if (sym.type == STT_NOTYPE && sym.bind == STB_GLOBAL) {
      if (sym.value != 0) {
        injected++;
        const expect = slidOf(name, cfg.ptrSize);
        if (expect != sym.value && stale == 0) staleExample = name;
        if (expect != sym.value) stale++;
      } else notInjected++;
    }
    let a = findBuiltin(e, name, sym.value);
    if (a == 0) a = findInExtensions(e, name, look);
    if (a == 0) missing.push(name);
  }
  if (injected > 0 && !bySlid) {
    e.diag(
      0,
      "slid-injected",
      "The extension carries SLIDs (llext_inject_slids.py ran on it) but the image links built-in symbols by name. Zephyr still resolves them by name, since the names stay in .strtab; SLID and non-SLID builds must not be mixed.",
    );
  }
  if (bySlid && notInjected > 0 && injected == 0) {
    e.diag(
      2,
      "slid-missing",
      "CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y but the extension's undefined symbols hold no SLID (st_value is 0): it was not post-processed with llext_inject_slids.py, so no built-in symbol can be found.",
    );
  }
  if (stale > 0) {
    const pd = cfg.ptrSize == 8 ? 16 : 8;
    e.diag(
      2,
      "slid-mismatch",
      stale.toString() +
        (stale == 1 ? " SLID in the extension does not match" : " SLIDs in the extension do not match") +
        " SHA-256 of the symbol name (e.g. " +
        staleExample +
        ": expected " +
        hexUpper(slidOf(staleExample, cfg.ptrSize), pd) +
        "). The extension was post-processed for another pointer size or edited.",
    );
  }
  // Device objects are exported by CONFIG_LLEXT_EXPORT_DEVICES, never by EXPORT_SYMBOL() in
  // the application: advise the option for them (Zephyr's own warning, PR #89018).
  const devices: string[] = [];
  const others: string[] = [];
  for (let i = 0; i < missing.length; i++) {
    if (isDeviceName(missing[i])) devices.push(missing[i]);
    else others.push(missing[i]);
  }
  if (others.length > 0) {
    let lines = "";
    for (let i = 0; i < others.length; i++) lines += (i > 0 ? "\n" : "") + "EXPORT_SYMBOL(" + others[i] + ");";
    e.diag(
      2,
      "missing-imports",
      others.length.toString() +
        (others.length == 1 ? " undefined symbol is" : " undefined symbols are") +
        " neither exported by the image nor by a loaded extension: " +
        others.join(", ") +
        ". Add to the Zephyr application:\n" +
        lines,
    );
  }
  if (devices.length > 0) {
    const what = devices.length.toString() + (devices.length == 1 ? " device object (" : " device objects (") + devices.join(", ") + ")";
    e.diag(
      2,
      "missing-devices",
      cfg.bool("CONFIG_LLEXT_EXPORT_DEVICES")
        ? "The extension imports " +
            what +
            " that the image does not define: the devicetree node is disabled or its driver is not built into the image."
        : "The extension imports " +
            what +
            ", which the image exports only with CONFIG_LLEXT_EXPORT_DEVICES=y: enable it in the application's prj.conf (EXPORT_SYMBOL() cannot export device objects).",
    );
  }
}
