// Test entry points for the host side of the emulated CPU (built into engine-test.wasm only):
// the formatter (cpu/cbprintf.ts), the image's functions (cpu/host.ts) and the fault texts
// (cpu/fatal.ts), driven through a fake core that holds arguments and registers as given.
import { ArgReader, Cpu } from "../cpu/cpu";
import { Bus } from "../cpu/bus";
import { ByteSink, CbprintfConfig, cbvprintf } from "../cpu/cbprintf";
import { HostEnv } from "../cpu/host";
import { fatalText, configureFatal, DEFAULT_THREAD_ADDR } from "../cpu/fatal";
import { MemArea, SimMemory } from "../loader/memory";
import { parseConfig } from "../config/sim";
import { jsonString } from "../util/json";

/** One argument value: an integer (64 bits) or a double. */
class TestArg {
  constructor(
    public v: u64,
    public f: f64,
  ) {}
}

/** va_arg() over a list of values. */
class ListReader extends ArgReader {
  constructor(
    public args: TestArg[],
    public i: i32,
  ) {
    super();
  }
  private take(): TestArg {
    return this.i < this.args.length ? this.args[this.i++] : new TestArg(0, 0);
  }
  next32(): u32 {
    return <u32>this.take().v;
  }
  next64(): u64 {
    return this.take().v;
  }
  nextPtr(): u64 {
    return this.take().v;
  }
  nextF64(): f64 {
    return this.take().f;
  }
}

/**
 * Parses argument tokens separated by spaces: an integer (decimal, negative, or 0x hex),
 * "d:<double>", or "s:<text>" (the text, with "\s" for a space, is placed in the test RAM
 * and its address taken).
 */
function parseArgs(text: string, mem: TestMem): TestArg[] {
  const out = new Array<TestArg>();
  const parts = text.split(" ");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length == 0) continue;
    if (p.startsWith("d:")) out.push(new TestArg(0, F64.parseFloat(p.substring(2))));
    else if (p.startsWith("s:")) out.push(new TestArg(mem.string(p.substring(2).replaceAll("\\s", " ")), 0));
    else if (p.startsWith("-")) out.push(new TestArg(<u64>-(<i64>U64.parseInt(p.substring(1))), 0));
    else out.push(new TestArg(U64.parseInt(p), 0));
  }
  return out;
}

/** A fake core: registers by name, arguments from a list, the returned values kept. */
class FakeCpu extends Cpu {
  names: string[] = [];
  regs: u64[] = [];
  args: TestArg[] = [];
  vaArgs: TestArg[] = [];
  retLo: u64 = 0;
  retHi: u64 = 0;
  returned: bool = false;
  constructor(
    bus: Bus,
    public width: i32,
    public arch: string,
  ) {
    super(bus);
    this.names =
      arch == "riscv"
        ? "zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6 pc".split(" ")
        : "r0 r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12 sp lr pc xpsr".split(" ");
    if (arch == "arm64") {
      this.names = [];
      for (let i = 0; i < 31; i++) this.names.push("x" + i.toString());
      this.names.push("sp");
      this.names.push("pc");
    }
    for (let i = 0; i < this.names.length; i++) this.regs.push(0);
  }
  coreName(): string {
    return this.arch == "riscv" ? "RV" + (this.width * 8).toString() : "ARMv7-M";
  }
  xlen(): i32 {
    return this.width;
  }
  getPc(): u64 {
    return this.reg(this.regIndex("pc"));
  }
  setPc(v: u64): void {
    this.setReg(this.regIndex("pc"), v);
  }
  getSp(): u64 {
    return this.reg(this.regIndex("sp"));
  }
  regCount(): i32 {
    return this.names.length;
  }
  regName(i: i32): string {
    return this.names[i];
  }
  reg(i: i32): u64 {
    return i >= 0 && i < this.regs.length ? this.regs[i] : 0;
  }
  setReg(i: i32, v: u64): void {
    if (i >= 0 && i < this.regs.length) this.regs[i] = this.width == 4 ? v & 0xffffffff : v;
  }
  prepareCall(entry: u64, args: u64[], ret: u64, sp: u64): void {}
  arg(i: i32): u64 {
    if (i >= this.args.length) return 0;
    const v = this.args[i].v;
    return this.width == 4 ? v & 0xffffffff : v;
  }
  varargs(first: i32): ArgReader {
    return new ListReader(this.args, first);
  }
  vaList(ap: u64): ArgReader {
    return new ListReader(this.vaArgs, 0);
  }
  hostReturn(lo: u64, hi: u64): void {
    this.retLo = lo;
    this.retHi = hi;
    this.returned = true;
  }
  retval(): u64 {
    return this.retLo;
  }
  run(n: u64): u64 {
    return 0;
  }
}

/** The test's memory: read-only "flash" [0x1000, 0x2000) and RAM [0x20000000, +64 KiB);
 * strings for arguments go to the top quarter of the RAM. */
const ROM_BASE: u64 = 0x1000;
const RAM_BASE: u64 = 0x20000000;
const RAM_SIZE: i32 = 0x10000;
const STRINGS: u64 = RAM_BASE + 0xc000;

class TestMem {
  mem: SimMemory = new SimMemory();
  rom: MemArea = new MemArea("flash", ROM_BASE, 0x1000, false);
  ram: MemArea = new MemArea("ram", RAM_BASE, RAM_SIZE, true);
  bus: Bus = new Bus(this.mem);
  next: u64 = STRINGS;
  constructor() {
    this.mem.add(this.rom);
    this.mem.add(this.ram);
  }
  string(s: string): u64 {
    const b = Uint8Array.wrap(String.UTF8.encode(s));
    const a = this.next;
    for (let i = 0; i < b.length; i++) this.ram.bytes[<i32>(a - RAM_BASE) + i] = b[i];
    this.ram.bytes[<i32>(a - RAM_BASE) + b.length] = 0;
    this.next = (a + <u64>b.length + 8) & ~(<u64>7);
    return a;
  }
}

function fmtConfig(opts: string, xlen: i32): CbprintfConfig {
  const c = new CbprintfConfig();
  c.ptrBytes = xlen;
  c.longBytes = xlen;
  c.is64 = xlen == 8;
  c.fp = opts.includes("fp");
  c.fullIntegral = !opts.includes("reduced");
  c.charSigned = opts.includes("signedchar");
  c.nSpecifier = !opts.includes("non");
  c.nano = opts.includes("nano");
  return c;
}

/**
 * Formats `fmt` with the arguments `args` (parseArgs() tokens) as cbvprintf() on a target
 * with `xlen`-byte pointers and options `opts` ("fp", "reduced", "signedchar", "non" for no %n, "nano").
 * Returns JSON {"out","count","ok","stop","faultAddr","scratch"}: scratch is the hex of the
 * first 16 bytes of the RAM (where %n tests point).
 */
export function testCbprintf(fmt: string, args: string, xlen: i32, opts: string): string {
  const m = new TestMem();
  const f = m.string(fmt);
  const list = parseArgs(args, m);
  const sink = new ByteSink();
  const ok = cbvprintf(m.bus, f, new ListReader(list, 0), fmtConfig(opts, xlen), sink);
  let scratch = "";
  for (let i = 0; i < 16; i++) {
    const b = <u32>m.ram.bytes[i];
    scratch += (b < 16 ? "0" : "") + b.toString(16);
  }
  return (
    '{"out":' +
    jsonString(sink.text()) +
    ',"count":' +
    sink.count.toString() +
    ',"ok":' +
    (ok ? "true" : "false") +
    ',"stop":' +
    m.bus.stop.toString() +
    ',"faultAddr":"0x' +
    m.bus.faultAddr.toString(16) +
    '","scratch":"' +
    scratch +
    '"}'
  );
}

// ---- the image's functions, with state kept across calls ----

let hostMem: TestMem | null = null;
let hostEnv: HostEnv | null = null;
let hostCpu: FakeCpu | null = null;

/**
 * Starts a fresh host side from an engine input document (`arch`, `class`, `cpu`, `stack`,
 * `kconfig`, `heap _system_heap` lines) over the test memory.
 */
export function testHostReset(config: string): string {
  const cfg = parseConfig(config);
  const m = new TestMem();
  const env = new HostEnv();
  env.configure(cfg, m.mem);
  hostMem = m;
  hostEnv = env;
  hostCpu = new FakeCpu(m.bus, <i32>cfg.ptrSize, cfg.arch);
  return (
    '{"heapBase":"0x' +
    env.heapBase.toString(16) +
    '","heapSize":' +
    env.heapSize.toString() +
    ',"heapNote":' +
    jsonString(env.heapNote) +
    ',"thread":"0x' +
    env.threadAddr.toString(16) +
    '","cpuHz":' +
    env.cpuHz.toString() +
    ',"hwCyclesPerSec":' +
    env.hwCyclesPerSec.toString() +
    ',"ticksPerSec":' +
    env.ticksPerSec.toString() +
    ',"fp":' +
    (env.fmt.fp ? "true" : "false") +
    "}"
  );
}

/**
 * Calls image function `name` with arguments `args` (parseArgs() tokens; what follows a
 * "|" token is what a va_list argument points at). Adds `cycles` of CPU time first (the
 * instructions run before the call). Returns JSON {"result","lo","hi","returned","console",
 * "detail","stop","faultAddr","cycles","regs":{r2,r3}}.
 */
export function testHostCall(name: string, args: string, cycles: u64): string {
  const env = hostEnv!;
  const m = hostMem!;
  const cpu = hostCpu!;
  const bar = args.indexOf("|");
  cpu.args = parseArgs(bar < 0 ? args : args.substring(0, bar), m);
  cpu.vaArgs = bar < 0 ? [] : parseArgs(args.substring(bar + 1), m);
  cpu.returned = false;
  cpu.retLo = cpu.retHi = 0;
  m.bus.stop = 0;
  m.bus.faultAddr = 0;
  env.cycles += cycles;
  env.console = "";
  env.detail = "";
  const r = env.call(name, cpu);
  return (
    '{"result":' +
    r.toString() +
    ',"lo":"0x' +
    cpu.retLo.toString(16) +
    '","hi":"0x' +
    cpu.retHi.toString(16) +
    '","returned":' +
    (cpu.returned ? "true" : "false") +
    ',"console":' +
    jsonString(env.console) +
    ',"detail":' +
    jsonString(env.detail) +
    ',"stop":' +
    m.bus.stop.toString() +
    ',"faultAddr":"0x' +
    m.bus.faultAddr.toString(16) +
    '","cycles":"' +
    env.cycles.toString() +
    '","r2":"0x' +
    cpu.reg(cpu.regIndex("r2")).toString(16) +
    '","r3":"0x' +
    cpu.reg(cpu.regIndex("r3")).toString(16) +
    '"}'
  );
}

/** Writes `bytes` at `addr` of the host test memory. */
export function testHostPoke(addr: u64, bytes: Uint8Array): bool {
  return hostMem!.mem.write(addr, bytes, 0, bytes.length);
}

/** `len` bytes at `addr` of the host test memory, or an empty array when unmapped. */
export function testHostPeek(addr: u64, len: i32): Uint8Array {
  const a = hostMem!.mem.find(addr, <u64>len);
  if (a == null) return new Uint8Array(0);
  return a.bytes.slice(<i32>(addr - a.base), <i32>(addr - a.base) + len);
}

// ---- fault texts ----

/**
 * fatalText() for a fake `arch` core of `xlen`-byte registers set per `regs`
 * ("r0=0x5 lr=0x1235"), with the core's `note` and undefined-instruction encoding `insn`,
 * the bus's faultWrite flag, on board core `core`, over the test memory (flash at 0x1000,
 * RAM at 0x20000000; other addresses are unmapped).
 */
export function testFatalText(
  arch: string,
  xlen: i32,
  core: string,
  kind: i32,
  pc: u64,
  addr: u64,
  regs: string,
  note: string,
  insn: u32,
  faultWrite: bool,
  instructions: u64,
): string {
  const m = new TestMem();
  const cpu = new FakeCpu(m.bus, xlen, arch);
  const parts = regs.split(" ");
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i].indexOf("=");
    if (eq <= 0) continue;
    cpu.setReg(cpu.regIndex(parts[i].substring(0, eq)), U64.parseInt(parts[i].substring(eq + 1)));
  }
  cpu.faultNote = note;
  cpu.faultInsn = insn;
  cpu.instructions = instructions;
  m.bus.faultWrite = faultWrite;
  configureFatal(DEFAULT_THREAD_ADDR, core);
  return fatalText(arch, cpu, kind, pc, addr);
}
