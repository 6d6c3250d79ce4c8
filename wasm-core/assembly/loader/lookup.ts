// llext_find_sym() over the built-in table and the loaded extensions' exp_tab, and
// llext_dependency_add() (subsys/llext/llext.c, llext_link.c): the lookups that need
// only the run, not a load context. llext_lookup_symbol() builds on them (resolve.ts).
import { Llext, LLEXT_MAX_DEPENDENCIES, SymEntry } from "./llext";
import { EV_DEPENDENCY, LOG_DBG, TPL_FOUND_SYMBOL, SRC_NONE, SRC_OWN } from "../trace/events";
import { Engine } from "./context";
import { wv } from "../trace/writer";

export class Lookup {
  ret: i32 = 0;
  addr: u64 = 0;
  source: u8 = SRC_NONE;
  provider: string = "";
  providerExt: Llext | null = null;
}

/** llext_find_sym(NULL, key) over the built-in table: by name, or by SLID when the image links by SLID. */
export function findBuiltin(e: Engine, name: string, slid: u64): u64 {
  return e.bySlid ? e.builtinWithSlid(slid) : e.builtinNamed(name);
}

/** llext_find_sym(table, name): first entry with that name. */
export function findInTable(tab: SymEntry[], name: string): u64 {
  for (let i = 0; i < tab.length; i++) {
    if (unchecked(tab[i]).name == name) return unchecked(tab[i]).addr;
  }
  return 0;
}

/** llext_find_extension_sym(): loaded extensions' exp_tab, in load order. */
export function findInExtensions(e: Engine, name: string, out: Lookup): u64 {
  const list = e.loaded;
  for (let i = 0; i < list.length; i++) {
    const a = findInTable(list[i].expTab, name);
    if (a != 0) {
      out.providerExt = list[i];
      out.provider = list[i].name;
      return a;
    }
  }
  return 0;
}

/** llext_dependency_add(): silently ignored when all slots are used. */
export function addDependency(e: Engine, ext: Llext, dep: Llext): void {
  for (let i = 0; i < ext.deps.length; i++) if (ext.deps[i] === dep) return;
  if (ext.deps.length >= LLEXT_MAX_DEPENDENCIES) {
    e.diag(
      1,
      "dependency-slots",
      "Extension " +
        ext.name +
        " already depends on " +
        LLEXT_MAX_DEPENDENCIES.toString() +
        " extensions; Zephyr does not track the dependency on " +
        dep.name +
        " (llext_dependency_add returns -ENOENT, ignored).",
    );
    return;
  }
  ext.deps.push(dep);
  dep.useCount++;
  if (!e.quiet) {
    e.trace.begin(EV_DEPENDENCY);
    e.trace.str(ext.name);
    e.trace.str(dep.name);
  }
}

/** LOG_DBG("found symbol %s at %#lx"), written as a template: it is printed for every relocation
 * against an imported symbol. `nameId` is the name's trace string id. */
export function logFoundSymbol(e: Engine, nameId: u32, addr: u64): void {
  if (!e.dbgOn) return;
  const tpl = e.trace.template(TPL_FOUND_SYMBOL, "found symbol %s at %x");
  let p = e.logfOpen(LOG_DBG, "llext_lookup_symbol", tpl, 20);
  if (p == 0) return;
  p = wv(p, <u64>nameId);
  e.trace.close(wv(p, addr));
}

export { SRC_OWN };
