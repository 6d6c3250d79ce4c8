// llext_unload(), llext_bringup(), llext_teardown(), llext_call_fn()
// (subsys/llext/llext.c).
import { Engine } from "./context";
import { Llext } from "./llext";
import { findByName, freeRegions, regionLayout } from "./load";
import { EFAULT, EINVAL, ENOENT } from "../util/errno";
import { ptr } from "../util/fmt";
import { EV_CALL } from "../trace/events";
import { findInTable } from "./lookup";
import { runFunction } from "../cpu/run";

export function llextUnload(e: Engine, name: string): i32 {
  const ext = findByName(e, name);
  if (ext == null) {
    e.diag(2, "no-such-extension", "No extension named '" + name + "' is loaded.");
    return -ENOENT;
  }
  ext.useCount--;
  if (ext.useCount != 0) return <i32>ext.useCount;
  const i = e.loaded.indexOf(ext);
  if (i >= 0) e.loaded.splice(i, 1);
  for (let k = 0; k < ext.deps.length; k++) ext.deps[k].useCount--;
  const R = regionLayout(e);
  if (ext.sectHdrsAddr != 0) e.heaps.free(ext.sectHdrsAddr, "section headers");
  freeRegions(e, ext, R);
  e.heaps.free(ext.symTabAddr, "sym_tab");
  e.heaps.free(ext.expTabAddr, "exp_tab");
  e.heaps.free(ext.structAddr, "struct llext");
  return 0;
}

function callTable(e: Engine, ext: Llext, kind: string, regions: i32[]): i32 {
  const R = regionLayout(e);
  const ps = <u64>e.ptrSize;
  const textLo = ext.mem[R.TEXT],
    textHi = textLo + ext.memSize[R.TEXT];
  let idx: u64 = 0;
  const entries: u64[] = [];
  const labels: string[] = [];
  for (let r = 0; r < regions.length; r++) {
    const reg = regions[r];
    const n = ext.memSize[reg] / ps;
    for (let k: u64 = 0; k < n; k++) {
      const fnAddr = e.mem.readWord(ext.mem[reg] + k * ps, e.ptrSize, e.cfg.bigEndian);
      const ok = fnAddr >= textLo && fnAddr < textHi;
      if (!e.quiet) {
        e.trace.begin(EV_CALL);
        e.trace.str(ext.name);
        e.trace.str(kind);
        e.trace.u32(<u32>idx);
        e.trace.u64(fnAddr);
        e.trace.i32(ok ? 0 : -EFAULT);
      }
      if (!ok) {
        e.err("llext_get_fn_table_entry", kind + " function " + idx.toString() + " (" + ptr(fnAddr) + ") outside text region");
        return -EFAULT;
      }
      labels.push((reg == R.FINI ? "fini" : reg == R.PREINIT ? "preinit" : "init") + "[" + k.toString() + "]");
      entries.push(fnAddr);
      idx++;
    }
  }
  // llext_get_fn_table() checked every entry; call_fn_table() now calls them in order. A
  // fault halts the system (the rest never runs).
  for (let i = 0; i < entries.length; i++) {
    runFunction(e, ext, labels[i], entries[i], [], "");
    if (e.halted) break;
  }
  return 0;
}

export function llextBringup(e: Engine, name: string): i32 {
  const ext = findByName(e, name);
  if (ext == null) return -EINVAL;
  const R = regionLayout(e);
  const ret = callTable(e, ext, "bringup", [R.PREINIT, R.INIT]);
  // call_fn_table()'s own message; "Failed to call init functions" belongs to llext_bootstrap().
  if (ret < 0) e.err("llext_bringup", "Failed to get function table: " + ret.toString());
  return ret;
}

export function llextTeardown(e: Engine, name: string): i32 {
  const ext = findByName(e, name);
  if (ext == null) return -EINVAL;
  const R = regionLayout(e);
  const ret = callTable(e, ext, "teardown", [R.FINI]);
  // call_fn_table()'s own message; "Failed to call de-init functions" belongs to llext_bootstrap().
  if (ret < 0) e.err("llext_teardown", "Failed to get function table: " + ret.toString());
  return ret;
}

/** llext_call_fn(ext, fn), and for teaching a call with integer arguments (`args`, as
 * typed: `argText`), which Zephyr's API does not have. */
export function llextCallFn(e: Engine, name: string, fn: string, args: u64[] = [], argText: string = ""): i32 {
  // "*": the playground's shorthand for "the first loaded extension that exports fn".
  let ext: Llext | null = null;
  if (name == "*") {
    for (let i = 0; i < e.loaded.length && ext == null; i++) if (findInTable(e.loaded[i].expTab, fn) != 0) ext = e.loaded[i];
    if (ext == null) {
      e.diag(2, "call-not-found", "No loaded extension exports '" + fn + "': llext_call_fn() would return -ENOENT.");
      return -ENOENT;
    }
  } else ext = findByName(e, name);
  if (ext == null) {
    e.diag(2, "call-not-found", "No extension named '" + name + "' is loaded, so '" + fn + "' cannot be called.");
    return -ENOENT;
  }
  const x: Llext = ext;
  const addr = findInTable(x.expTab, fn);
  if (!e.quiet) {
    e.trace.begin(EV_CALL);
    e.trace.str(x.name);
    e.trace.str("call " + fn);
    e.trace.u32(0);
    e.trace.u64(addr);
    e.trace.i32(addr == 0 ? -ENOENT : 0);
  }
  if (addr == 0) {
    e.diag(
      2,
      "call-not-found",
      x.name + " does not export '" + fn + "' (llext_call_fn() looks in its exp_tab, the symbols EXPORT_SYMBOL() names): -ENOENT.",
    );
    return -ENOENT;
  }
  runFunction(e, x, fn, addr, args, argText);
  return 0;
}
