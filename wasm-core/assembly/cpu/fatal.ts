// What Zephyr prints when an extension's code faults: the architecture's fault banner and
// register dump, then z_fatal_error()'s ">>> ZEPHYR FATAL ERROR" line (kernel/fatal.c).
import { Cpu } from "./cpu";
import { hexPad } from "../util/fmt";

/** Zephyr's console text for fault `kind` at `pc` (data or fetch address `addr`). */
export function fatalText(arch: string, cpu: Cpu, kind: i32, pc: u64, addr: u64): string {
  let s = "";
  const w = cpu.xlen() * 2;
  for (let i = 0; i < cpu.regCount(); i++) s += cpu.regName(i) + ": 0x" + hexPad(cpu.reg(i), w) + "\n";
  s += ">>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0\n";
  return s;
}
