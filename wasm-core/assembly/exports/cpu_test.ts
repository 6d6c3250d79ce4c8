// Test entry point for the emulated CPUs (built into engine-test.wasm only): runs code on a
// bare core, without a load, and reports the registers.
import { SimMemory, MemArea } from "../loader/memory";
import { Bus, STOP_TRAP } from "../cpu/bus";
import { cpuFor } from "../cpu/registry";
import { jsonString } from "../util/json";

/**
 * Runs `code` placed at `codeBase` on core `core` (registry.ts ids), with a writable RAM area
 * [ramBase, ramBase + ramSize) (the stack pointer starts at its top), registers set per
 * `setup` ("r0=5 r1=0x10 pc=0x1001", names as regName() gives them; pc last wins; "hostret=V"
 * answers calls to [trapBase + 8, trapBase + 16) as below), for at most
 * `maxSteps` instructions. Fetching from [trapBase, trapBase + 16) stops the run (a return to
 * the test). Returns JSON: {"error"} or {"instructions","fault","faultNote","faultInsn","stop","args","pc",
 * "regs":{name:"0x..."},"ram":"hex of the RAM area"}.
 */
export function cpuTestRun(
  core: string,
  code: Uint8Array,
  codeBase: u64,
  ramBase: u64,
  ramSize: i32,
  setup: string,
  maxSteps: u64,
  trapBase: u64,
): string {
  const mem = new SimMemory();
  const text = new MemArea("code", codeBase, code.length, false);
  for (let i = 0; i < code.length; i++) text.bytes[i] = code[i];
  mem.add(text);
  const ram = new MemArea("ram", ramBase, ramSize, true);
  mem.add(ram);
  const bus = new Bus(mem);
  bus.trapLo = trapBase;
  bus.trapHi = trapBase + 16;
  const cpu = cpuFor(core, bus);
  if (cpu == null) return '{"error":' + jsonString("no emulated core '" + core + "'") + "}";
  cpu.prepareCall(codeBase, [], trapBase, ramBase + <u64>ramSize);
  const parts = setup.split(" ");
  let hostAdd: u64 = 0;
  let hostCalls = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const eq = p.indexOf("=");
    if (eq <= 0) continue;
    const name = p.substring(0, eq);
    const v = U64.parseInt(p.substring(eq + 1));
    if (name == "hostret") {
      hostAdd = v;
      hostCalls = true;
    } else if (name == "pc") cpu.setPc(v);
    else {
      const r = cpu.regIndex(name);
      if (r >= 0) cpu.setReg(r, v);
    }
  }
  let n: u64 = 0;
  while (n < maxSteps && bus.stop == 0 && cpu.fault == 0) {
    const k = cpu.run(maxSteps - n);
    n += k;
    // With "hostret=V" in the setup, [trapBase + 8, trapBase + 16) is a host function that
    // returns its first argument plus V (Cpu.hostReturn()), and the run goes on.
    if (hostCalls && bus.stop == STOP_TRAP && bus.faultAddr >= trapBase + 8) {
      bus.stop = 0;
      cpu.hostReturn(cpu.arg(0) + hostAdd, 0);
      continue;
    }
    if (k == 0) break;
  }
  let out = '{"instructions":' + n.toString();
  out += ',"fault":' + cpu.fault.toString();
  out += ',"faultNote":' + jsonString(cpu.faultNote);
  out += ',"faultInsn":"0x' + cpu.faultInsn.toString(16) + '"';
  out += ',"stop":' + (bus.stop == STOP_TRAP ? "-1" : bus.stop.toString());
  out += ',"faultAddr":"0x' + bus.faultAddr.toString(16) + '"';
  // At a call into the trap range: the register arguments as the host side reads them.
  out += ',"args":[';
  if (bus.stop == STOP_TRAP) {
    for (let i = 0; i < 6; i++) out += (i > 0 ? "," : "") + '"0x' + cpu.arg(i).toString(16) + '"';
  }
  out += "]";
  out += ',"pc":"0x' + cpu.getPc().toString(16) + '"';
  out += ',"regs":{';
  for (let i = 0; i < cpu.regCount(); i++) {
    if (i > 0) out += ",";
    out += jsonString(cpu.regName(i)) + ':"0x' + cpu.reg(i).toString(16) + '"';
  }
  out += '},"ram":"';
  for (let i = 0; i < ram.bytes.length; i++) {
    const b = <u32>ram.bytes[i];
    out += (b < 16 ? "0" : "") + b.toString(16);
  }
  return out + '"}';
}

/**
 * Reads arguments the way the host side does (Cpu.arg, varargs, vaList) after setting a bare
 * core up: `ram` copied to `ramBase` (the stack pointer starts at its end), registers per
 * `setup` as in cpuTestRun(). `source` is "varargs:FIRST", "valist:ADDR" or "args"; `kinds`
 * lists what to read, comma-separated: "32", "64", "ptr", "f64", or for "args" the indexes.
 * Returns a JSON array of strings: hex for integers, the shortest decimal for doubles.
 */
export function cpuTestArgs(core: string, ramBase: u64, ram: Uint8Array, setup: string, source: string, kinds: string): string {
  const mem = new SimMemory();
  const area = new MemArea("ram", ramBase, ram.length, true);
  for (let i = 0; i < ram.length; i++) area.bytes[i] = ram[i];
  mem.add(area);
  const bus = new Bus(mem);
  const cpu = cpuFor(core, bus);
  if (cpu == null) return '{"error":' + jsonString("no emulated core '" + core + "'") + "}";
  cpu.prepareCall(0, [], 0, ramBase + <u64>ram.length);
  const parts = setup.split(" ");
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i].indexOf("=");
    if (eq <= 0) continue;
    const r = cpu.regIndex(parts[i].substring(0, eq));
    if (r >= 0) cpu.setReg(r, U64.parseInt(parts[i].substring(eq + 1)));
  }
  const list = kinds.split(",");
  let out = "[";
  if (source == "args") {
    for (let i = 0; i < list.length; i++) out += (i > 0 ? "," : "") + '"0x' + cpu.arg(I32.parseInt(list[i])).toString(16) + '"';
    return out + "]";
  }
  const colon = source.indexOf(":");
  const rd = source.startsWith("varargs")
    ? cpu.varargs(I32.parseInt(source.substring(colon + 1)))
    : cpu.vaList(U64.parseInt(source.substring(colon + 1)));
  for (let i = 0; i < list.length; i++) {
    const k = list[i];
    let v = "";
    if (k == "32") v = "0x" + rd.next32().toString(16);
    else if (k == "64") v = "0x" + rd.next64().toString(16);
    else if (k == "ptr") v = "0x" + rd.nextPtr().toString(16);
    else v = rd.nextF64().toString();
    out += (i > 0 ? "," : "") + jsonString(v);
  }
  return out + "]";
}
