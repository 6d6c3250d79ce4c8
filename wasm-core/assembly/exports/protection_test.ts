// Test entry point for the memory protection model (built into engine-test.wasm only): runs
// an engine input quietly (its loads place the extensions) and reports the regions the bus
// would check for a call, as cpu/protection.ts models them.
import { runDocument } from "./simulate";
import { addr, loadedExtRegions, protectionRegions, protectionScheme } from "../cpu/protection";
import { RegionLayout } from "../loader/regions";
import { veneersEnabled } from "../loader/veneers";
import { jsonString } from "../util/json";

/**
 * Runs engine input `config` on the input files added so far; returns JSON
 * {"scheme","exts":[{"ext","kind","lo","size","part"}],"regions":[{"name","lo","hi","perm"}]}
 * for a call in user mode (`user`) or supervisor mode, by a thread in the extensions'
 * memory domain (`inDomain`) or not. Addresses are hex strings; perm is "rwx" with dashes.
 */
export function protectionTestRegions(config: string, user: bool, inDomain: bool): string {
  const e = runDocument(config, true);
  const cfg = e.cfg;
  const R = new RegionLayout(cfg.bool("CONFIG_LLEXT_RODATA_NO_RELOC"), veneersEnabled(cfg));
  const exts = loadedExtRegions(e, R);
  const regions = protectionRegions(cfg, exts, user, inDomain);
  let out = '{"scheme":' + jsonString(protectionScheme(cfg)) + ',"exts":[';
  for (let i = 0; i < exts.length; i++) {
    const x = exts[i];
    if (i > 0) out += ",";
    out += '{"ext":' + jsonString(x.ext) + ',"kind":' + jsonString(x.kind);
    out += ',"lo":' + jsonString(addr(x.lo)) + ',"size":' + x.size.toString() + ',"part":' + x.partSize.toString() + "}";
  }
  out += '],"regions":[';
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i];
    if (i > 0) out += ",";
    const perm = (r.read ? "r" : "-") + (r.write ? "w" : "-") + (r.exec ? "x" : "-");
    out += '{"name":' + jsonString(r.name) + ',"lo":' + jsonString(addr(r.lo)) + ',"hi":' + jsonString(addr(r.hi));
    out += ',"perm":' + jsonString(perm) + "}";
  }
  return out + "]}";
}
