// Direct access to one architecture's relocation table, for unit tests and the
// relocation explorer: apply one relocation to given bytes and report both results.
import { relocatorFor } from "../arch/registry";
import { ArchRelocator, RelocSite } from "../arch/reloc";
import { hexPad } from "../util/fmt";
import { jsonString } from "../util/json";

function bytesHex(b: StaticArray<u8>, n: u32): string {
  let s = "";
  for (let i: u32 = 0; i < n; i++) s += hexPad(<u64>b[i], 2);
  return s;
}

/** Puts the bytes at P into a site (zero-filled past the given bytes) and resets its outputs. */
export function loadBefore(site: RelocSite, before: Uint8Array): void {
  const n = before.length < 8 ? before.length : 8;
  for (let i = 0; i < 8; i++) {
    const v: u8 = i < n ? before[i] : 0;
    site.before[i] = v;
    site.abiBefore[i] = v;
  }
  site.avail = <u32>n;
  site.reset();
}

/** A relocated site as the JSON object documented on relocateOne(). */
export function siteJson(r: ArchRelocator, site: RelocSite): string {
  const w = site.width;
  const digits = site.ptrSize == 8 ? 16 : 8;
  const name = r.typeName(site.type);
  return (
    '{"known":' +
    (name.length > 0 ? "true" : "false") +
    ',"typeName":' +
    jsonString(name) +
    ',"width":' +
    w.toString() +
    ',"zephRet":' +
    site.zephRet.toString() +
    ',"zephWrote":' +
    (site.zephWrote ? "true" : "false") +
    ',"zeph":"' +
    bytesHex(site.zeph, w) +
    '"' +
    ',"abiRet":' +
    site.abiRet.toString() +
    ',"abi":"' +
    bytesHex(site.abi, w) +
    '"' +
    ',"value":"0x' +
    hexPad(site.value, digits) +
    '"' +
    ',"abiValue":"0x' +
    hexPad(site.abiValue, digits) +
    '"' +
    ',"quirk":' +
    jsonString(site.quirk) +
    ',"errorLog":' +
    jsonString(site.errorLog) +
    ',"hint":' +
    jsonString(site.hint) +
    ',"rangeFailed":' +
    (site.rangeFailed ? "true" : "false") +
    ',"rangeMin":"' +
    site.rangeMin.toString() +
    '"' +
    ',"rangeMax":"' +
    site.rangeMax.toString() +
    '"' +
    ',"extraLogs":[' +
    site
      .allLogs()
      .map<string>((l: string) => jsonString(l))
      .join(",") +
    "]}"
  );
}

/**
 * Returns a JSON object string:
 * {"known":bool,"typeName":..,"width":n,"zephRet":n,"zephWrote":bool,"zeph":"hex","abiRet":n,"abi":"hex",
 *  "value":"0x..","abiValue":"0x..","quirk":..,"errorLog":..,"hint":..,"rangeFailed":bool,"rangeMin":"..","rangeMax":"..",
 *  "extraLogs":["err:..",..]}
 * Byte strings cover `width` bytes. `symType` (optional, default STT_NOTYPE) is the symbol's STT_* type.
 */
export function relocateOne(
  arch: string,
  type: u32,
  before: Uint8Array,
  S: u64,
  A: i64,
  P: u64,
  B: u64,
  isRela: bool,
  bigEndian: bool,
  ptrSize: u32,
  symName: string,
  symType: u32 = 0,
): string {
  const r = relocatorFor(arch);
  if (r == null) return '{"error":"unknown arch"}';
  const site = new RelocSite();
  site.type = type;
  site.S = S;
  site.A = A;
  site.P = P;
  site.B = B;
  site.isRela = isRela;
  site.bigEndian = bigEndian;
  site.ptrSize = ptrSize;
  site.symName = symName;
  site.symType = symType; // STT_* of the symbol (ARM: STT_FUNC decides the Thumb bit T)
  loadBefore(site, before);
  r.relocate(site);
  return siteJson(r, site);
}
