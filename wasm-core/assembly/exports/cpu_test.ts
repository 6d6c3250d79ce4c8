// Test entry point for the emulated CPUs (built into engine-test.wasm only): runs code on a
// bare core, without a load, and reports the registers.
import { SimMemory, MemArea } from "../loader/memory";
import { Bus, STOP_TRAP } from "../cpu/bus";
import { cpuFor } from "../cpu/registry";
import { jsonString } from "../util/json";

/**
 * Runs `code` placed at `codeBase` on core `core` (registry.ts ids), with a writable RAM area
 * [ramBase, ramBase + ramSize) (the stack pointer starts at its top), registers set per
 * `setup` ("r0=5 r1=0x10 pc=0x1001", names as regName() gives them; pc last wins), for at most
 * `maxSteps` instructions. Fetching from [trapBase, trapBase + 16) stops the run (a return to
 * the test). Returns JSON: {"error"} or {"instructions","fault","faultNote","faultInsn","stop","pc",
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
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const eq = p.indexOf("=");
    if (eq <= 0) continue;
    const name = p.substring(0, eq);
    const v = U64.parseInt(p.substring(eq + 1));
    if (name == "pc") cpu.setPc(v);
    else {
      const r = cpu.regIndex(name);
      if (r >= 0) cpu.setReg(r, v);
    }
  }
  let n: u64 = 0;
  while (n < maxSteps && bus.stop == 0 && cpu.fault == 0) {
    const k = cpu.run(maxSteps - n);
    n += k;
    if (k == 0) break;
  }
  let out = '{"instructions":' + n.toString();
  out += ',"fault":' + cpu.fault.toString();
  out += ',"faultNote":' + jsonString(cpu.faultNote);
  out += ',"faultInsn":"0x' + cpu.faultInsn.toString(16) + '"';
  out += ',"stop":' + (bus.stop == STOP_TRAP ? "-1" : bus.stop.toString());
  out += ',"faultAddr":"0x' + bus.faultAddr.toString(16) + '"';
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
