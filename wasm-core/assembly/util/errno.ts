// Zephyr errno values (newlib-aligned numbering used by current Zephyr libcs).
// Functions return the negative value, as Zephyr does.
export const ENOENT: i32 = 2;
export const EIO: i32 = 5;
export const ENOEXEC: i32 = 8;
export const ENOMEM: i32 = 12;
export const EFAULT: i32 = 14;
export const EBUSY: i32 = 16;
export const EEXIST: i32 = 17;
export const EFBIG: i32 = 27;
export const EINVAL: i32 = 22;
export const ERANGE: i32 = 34;
export const ENODATA: i32 = 61;
export const ENOSYS: i32 = 88;
export const ENOTSUP: i32 = 134;

export function errnoName(e: i32): string {
  const v = e < 0 ? -e : e;
  if (v == ENOENT) return "ENOENT";
  if (v == EIO) return "EIO";
  if (v == ENOEXEC) return "ENOEXEC";
  if (v == ENOMEM) return "ENOMEM";
  if (v == EFAULT) return "EFAULT";
  if (v == EBUSY) return "EBUSY";
  if (v == EEXIST) return "EEXIST";
  if (v == EFBIG) return "EFBIG";
  if (v == EINVAL) return "EINVAL";
  if (v == ERANGE) return "ERANGE";
  if (v == ENODATA) return "ENODATA";
  if (v == ENOSYS) return "ENOSYS";
  if (v == ENOTSUP) return "ENOTSUP";
  return "E" + v.toString();
}
