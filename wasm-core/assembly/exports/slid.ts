import { sha256, slidOf } from "../slid/sha256";
export function sha256Digest(data: Uint8Array): Uint8Array {
  return sha256(data);
}
export function slid(name: string, ptrSize: u32): u64 {
  return slidOf(name, ptrSize);
}
