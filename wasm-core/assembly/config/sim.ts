// The parsed engine input document (see FORMAT.md in this folder).

export class ExportEntry {
  constructor(
    public name: string,
    public slid: u64,
    public addr: u64,
    public bySlid: bool,
  ) {}
}

export class Action {
  constructor(
    public verb: string,
    public args: string[],
    public text: string,
  ) {}
  arg(i: i32): string {
    return i < this.args.length ? this.args[i] : "";
  }
}

export class AddrRange {
  constructor(
    public lo: u64,
    public hi: u64,
  ) {}
}

/** A range of the board's memory map (`memory` directive): what the memory itself allows. */
export class BoardMemory {
  constructor(
    public name: string,
    public base: u64,
    public size: u64,
    public writable: bool,
    public executable: bool,
  ) {}
}

export class SimConfig {
  arch: string = "arm";
  board: string = "";
  ptrSize: u32 = 4;
  bigEndian: bool = false;
  heapBases: Map<string, u64> = new Map<string, u64>();
  elfBufs: Map<i32, u64> = new Map<i32, u64>();
  instrMem: AddrRange[] = [];
  kconfig: Map<string, string> = new Map<string, string>();
  exports: ExportEntry[] = [];
  abiStrict: bool = false;
  loaderKind: string = "buf";
  storage: string = ""; // "" = per CONFIG_LLEXT_STORAGE_WRITABLE
  stepBudget: u64 = 0;
  /** `option memory-limit N` (MiB; 0 = the default, MAX_RUN_MEMORY_BYTES). */
  memoryLimitMiB: u64 = 0;
  actions: Action[] = [];
  errors: string[] = [];
  /** The board's memory map (`memory`), for the emulated CPU's permissions. */
  boardMemory: BoardMemory[] = [];
  /** The CPU to emulate calls on (`cpu`): "" when the board has none the engine emulates. */
  cpu: string = "";
  /** The image's exported functions (`imagetext`) and objects (`imagedata`) ranges. */
  imageTextBase: u64 = 0;
  imageTextSize: u64 = 0;
  imageDataBase: u64 = 0;
  imageDataSize: u64 = 0;
  /** The stack of the thread that calls into extensions (`stack`); size 0: none given. */
  stackBase: u64 = 0;
  stackSize: u64 = 0;
  /** `option cpu-budget N`: instructions one call may run (0 = the default). */
  cpuBudget: u64 = 0;
  /** `option cpu-stop N`: stop every call after N instructions (stepping; 0 = never). */
  cpuStop: u64 = 0;

  bool(name: string): bool {
    return this.kconfig.has(name) && this.kconfig.get(name) == "y";
  }

  int(name: string, dflt: i64): i64 {
    if (!this.kconfig.has(name)) return dflt;
    const v = parseNumber(this.kconfig.get(name));
    return v < 0 ? dflt : v;
  }

  heapBase(name: string, dflt: u64): u64 {
    return this.heapBases.has(name) ? this.heapBases.get(name) : dflt;
  }
}

/** Decimal or 0x-hex non-negative integer; -1 when malformed or above i64's range. */
export function parseNumber(s: string): i64 {
  const ok = new StaticArray<bool>(1);
  const v = parseU64(s, ok);
  return ok[0] && <i64>v >= 0 ? <i64>v : -1;
}

/** Decimal or 0x-hex unsigned integer up to 64 bits (SLIDs, addresses); sets ok[0]. */
export function parseU64(s: string, ok: StaticArray<bool>): u64 {
  ok[0] = false;
  const hex = s.length > 2 && s.charCodeAt(0) == 48 && (s.charCodeAt(1) == 120 || s.charCodeAt(1) == 88);
  const first = hex ? 2 : 0;
  if (s.length <= first || s.length > (hex ? 18 : 19)) return 0;
  let v: u64 = 0;
  for (let i = first; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: i32 = -1;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (hex && c >= 97 && c <= 102) d = c - 87;
    else if (hex && c >= 65 && c <= 70) d = c - 55;
    if (d < 0) return 0;
    v = hex ? (v << 4) | (<u64>d) : v * 10 + <u64>d;
  }
  ok[0] = true;
  return v;
}

export function parseConfig(text: string): SimConfig {
  const c = new SimConfig();
  const lines = text.split("\n");
  const ok = new StaticArray<bool>(1);
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li];
    const hash = line.indexOf("#");
    if (hash >= 0) line = line.substring(0, hash);
    line = line.trim();
    if (line.length == 0) continue;
    const f = line.split(" ").filter((s: string) => s.length > 0);
    const d = f[0];
    const where = "input line " + (li + 1).toString() + ": ";
    if (d == "arch" && f.length == 2) c.arch = f[1];
    else if (d == "board" && f.length == 2) c.board = f[1];
    else if (d == "class" && f.length == 2) c.ptrSize = f[1] == "64" ? 8 : 4;
    else if (d == "endian" && f.length == 2) c.bigEndian = f[1] == "big";
    else if (d == "heap" && f.length == 3) {
      const v = parseU64(f[2], ok);
      if (ok[0]) c.heapBases.set(f[1], v);
      else c.errors.push(where + "bad address " + f[2]);
    } else if (d == "elfbuf" && f.length == 3) {
      const v = parseU64(f[2], ok);
      const idx = parseNumber(f[1]);
      if (ok[0] && idx >= 0) c.elfBufs.set(<i32>idx, v);
      else c.errors.push(where + "bad elfbuf line");
    } else if (d == "instrmem" && f.length == 3) {
      const lo = parseU64(f[1], ok);
      const a = ok[0];
      const hi = parseU64(f[2], ok);
      if (a && ok[0]) c.instrMem.push(new AddrRange(lo, hi));
      else c.errors.push(where + "bad instrmem range");
    } else if (d == "memory" && f.length == 5) {
      const base = parseU64(f[2], ok);
      const a = ok[0];
      const size = parseU64(f[3], ok);
      if (a && ok[0]) c.boardMemory.push(new BoardMemory(f[1], base, size, f[4].includes("w"), f[4].includes("x")));
      else c.errors.push(where + "bad memory line");
    } else if (d == "cpu" && f.length == 2) c.cpu = f[1];
    else if ((d == "imagetext" || d == "imagedata" || d == "stack") && f.length == 3) {
      const base = parseU64(f[1], ok);
      const a = ok[0];
      const size = parseU64(f[2], ok);
      if (!a || !ok[0]) c.errors.push(where + "bad " + d + " line");
      else if (d == "imagetext") {
        c.imageTextBase = base;
        c.imageTextSize = size;
      } else if (d == "imagedata") {
        c.imageDataBase = base;
        c.imageDataSize = size;
      } else {
        c.stackBase = base;
        c.stackSize = size;
      }
    } else if (d == "kconfig" && f.length >= 2) {
      c.kconfig.set(f[1], f.length >= 3 ? f.slice(2).join(" ") : "");
    } else if (d == "export" && f.length == 3) {
      const v = parseU64(f[2], ok);
      if (ok[0]) c.exports.push(new ExportEntry(f[1], 0, v, false));
      else c.errors.push(where + "bad export address " + f[2]);
    } else if (d == "export-slid" && f.length >= 3) {
      const s = parseU64(f[1], ok);
      const a = ok[0];
      const v = parseU64(f[2], ok);
      if (a && ok[0]) c.exports.push(new ExportEntry(f.length > 3 ? f[3] : "", s, v, true));
      else c.errors.push(where + "bad export-slid line");
    } else if (d == "option" && f.length == 3) {
      if (f[1] == "abi-strict") c.abiStrict = f[2] == "1";
      else if (f[1] == "loader") c.loaderKind = f[2];
      else if (f[1] == "storage") c.storage = f[2];
      else if (f[1] == "step-budget") {
        const n = parseNumber(f[2]);
        if (n >= 0) c.stepBudget = <u64>n;
      } else if (f[1] == "cpu-budget" || f[1] == "cpu-stop") {
        const n = parseNumber(f[2]);
        if (n >= 0 && f[1] == "cpu-budget") c.cpuBudget = <u64>n;
        else if (n >= 0) c.cpuStop = <u64>n;
        else c.errors.push(where + "bad " + f[1] + " " + f[2]);
      } else if (f[1] == "memory-limit") {
        const n = parseNumber(f[2]);
        if (n >= 0) c.memoryLimitMiB = <u64>n;
      } else c.errors.push(where + "unknown option " + f[1]);
    } else if (d == "action" && f.length >= 2) {
      c.actions.push(new Action(f[1], f.slice(2), f.slice(1).join(" ")));
    } else {
      c.errors.push(where + "cannot parse '" + line + "'");
    }
  }
  return c;
}
