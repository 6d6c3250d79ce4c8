// Memory protection as Zephyr programs it when an extension runs: which ranges the MPU, MMU
// or PMP leaves readable, writable and executable. Without protection hardware the board's
// memory map alone decides.
import { SimConfig } from "../config/sim";
import { MemRegion } from "./bus";

/** The permission regions the bus checks; empty: every mapped byte may be read, written
 * (where the memory area is writable) and executed. */
export function protectionRegions(cfg: SimConfig): MemRegion[] {
  const out: MemRegion[] = [];
  return out;
}
