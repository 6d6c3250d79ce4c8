// Names and plain-language meanings of the errno values the loader returns
// (Zephyr's lib/libc errno numbering, as the engine uses).
const ERRNO: Record<number, [string, string]> = {
  2: ['ENOENT', 'something the loader looked for does not exist (a section, a symbol or an extension)'],
  5: ['EIO', 'reading the ELF data failed'],
  8: ['ENOEXEC', 'the loader cannot use the file as it is: its ELF data, or a relocation in it, is something Zephyr refuses'],
  12: ['ENOMEM', 'out of memory: a heap allocation returned NULL'],
  14: ['EFAULT', 'an address points outside the memory it must be in'],
  16: ['EBUSY', 'still in use'],
  17: ['EEXIST', 'already exists'],
  22: ['EINVAL', 'an argument or a value in the file is invalid'],
  34: ['ERANGE', 'a value does not fit where it has to go'],
  61: ['ENODATA', 'something the loader needed was not there'],
  88: ['ENOSYS', 'not implemented in this configuration'],
  134: ['ENOTSUP', 'not supported'],
};

export function errnoName(errno: number): string {
  return ERRNO[errno]?.[0] ?? `errno ${errno}`;
}

export function errnoMeaning(errno: number): string {
  return ERRNO[errno]?.[1] ?? 'the operation failed';
}
