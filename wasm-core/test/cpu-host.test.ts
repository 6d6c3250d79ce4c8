// The host side of the emulated CPU: Zephyr's cbprintf (cpu/cbprintf.ts), the image's
// functions (cpu/host.ts, cpu/hostmath.ts) and the fault texts (cpu/fatal.ts), through the
// test build's entry points (assembly/exports/cpu_host_test.ts) and a fake core.
//
// Where cbprintf agrees with C, the expected strings are what printf() gives for the same
// format; where it differs, the comment names the lib/os/cbprintf_complete.c code that
// makes it differ.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTestInstance, type TestEngineInstance } from './test-engine.js';

let e: TestEngineInstance;
beforeAll(async () => {
  e = await freshTestInstance();
});

interface FmtResult {
  out: string;
  count: number;
  ok: boolean;
  stop: number;
  faultAddr: string;
  scratch: string;
}

/** cbvprintf() of `fmt` with argument tokens (integers, d:<double>, s:<text>). */
function fmt(f: string, args = '', xlen = 4, opts = ''): FmtResult {
  return JSON.parse(e.testCbprintf(f, args, xlen, opts)) as FmtResult;
}
const out = (f: string, args = '', xlen = 4, opts = ''): string => fmt(f, args, xlen, opts).out;

interface CallResult {
  result: number;
  lo: string;
  hi: string;
  returned: boolean;
  console: string;
  detail: string;
  stop: number;
  faultAddr: string;
  cycles: string;
  r2: string;
  r3: string;
}

function reset(config: string): {
  heapBase: string;
  heapSize: number;
  heapNote: string;
  thread: string;
  cpuHz: number;
  hwCyclesPerSec: number;
  ticksPerSec: number;
  fp: boolean;
} {
  return JSON.parse(e.testHostReset(config)) as ReturnType<typeof reset>;
}
function call(name: string, args = '', cycles = 0n): CallResult {
  return JSON.parse(e.testHostCall(name, args, cycles)) as CallResult;
}
const lo = (name: string, args = '', cycles = 0n): bigint => BigInt(call(name, args, cycles).lo);
const peek = (addr: number, len: number): number[] => Array.from(e.testHostPeek(BigInt(addr), len));
const poke = (addr: number, bytes: number[]): boolean => e.testHostPoke(BigInt(addr), new Uint8Array(bytes));

const NRF = 'arch arm\nclass 32\ncpu cortex-m4f\nstack 0x2000e000 0x1000\n';
const RAM = 0x20000000;

describe('cbprintf: conversions that agree with C printf', () => {
  it('formats integers, characters, strings and %%', () => {
    expect(out('hello %d %i %u|', '-5 7 -1')).toBe('hello -5 7 4294967295|');
    expect(out('%x %X %o %#x %#o', '255 255 8 255 8')).toBe('ff FF 10 0xff 010');
    expect(out('[%c][%5c][%-3c]', '65 66 67')).toBe('[A][    B][C  ]');
    expect(out('[%s][%.2s][%10s][%-10s|]', 's:hello s:hello s:hi s:hi')).toBe('[hello][he][        hi][hi        |]');
    expect(out('100%% sure')).toBe('100% sure');
  });

  it('applies flags, width and precision', () => {
    expect(out('[%5d][%-5d][%05d][%+d][% d][%+ d]', '42 42 42 42 42 42')).toBe('[   42][42   ][00042][+42][ 42][+42]');
    expect(out('[%.3d][%8.3d][%08.3d][%-08d]', '7 7 7 42')).toBe('[007][     007][     007][42      ]');
    expect(out('[%+d][% d][%05d][%+05d]', '-3 -3 -3 3')).toBe('[-3][-3][-0003][+0003]');
    expect(out('%#.3x|%#08x|%-#8x|%#X', '1 255 255 171')).toBe('0x001|0x0000ff|0xff    |0XAB');
    expect(out('[%+5u][% x]', '7 255')).toBe('[    7][ff]');
  });

  it('takes * width and precision from the arguments, a negative width left-justifies', () => {
    expect(out('%*d|%-*d|%.*d|%*d|', '5 42 5 42 3 7 -4 1')).toBe('   42|42   |007|1   |');
    // A negative precision is as if none was given.
    expect(out('[%.*d]', '-1 5')).toBe('[5]');
  });

  it('reads the argument size the length modifier names (ILP32)', () => {
    expect(out('%lld %llu %ld %lu', '-1 -1 -1 -1')).toBe('-1 18446744073709551615 -1 4294967295');
    expect(out('%hd %hu %hhu %zu %jd %td', '70000 -1 257 -1 -1 -2')).toBe('4464 65535 1 4294967295 -1 -2');
    expect(out('%llx', '0x123456789abcdef0')).toBe('123456789abcdef0');
  });

  it('reads long, size_t and pointers as 64-bit values on LP64', () => {
    expect(out('%ld %lu %zu %zd %p', '-1 -1 -1 -1 0x80001000', 8)).toBe('-1 18446744073709551615 18446744073709551615 -1 0x80001000');
  });

  it('prints %p as 0x and the significant digits', () => {
    expect(out('[%p][%10p][%-12p]', '0x20001000 0x1234 0x10')).toBe('[0x20001000][    0x1234][0x10        ]');
  });

  it('counts what it emits, width padding included', () => {
    expect(fmt('%10d|', '1').count).toBe(11);
  });

  it('formats doubles with CONFIG_CBPRINTF_FP_SUPPORT', () => {
    const fp = (f: string, a: string): string => out(f, a, 4, 'fp');
    expect(fp('%f %e %g', 'd:3.14159 d:12345.678 d:0.0001')).toBe('3.141590 1.234568e+04 0.0001');
    expect(fp('%.3f|%10.2f|%g|%g|%e', 'd:-2.5 d:1.005 d:100 d:1e20 d:0')).toBe('-2.500|      1.00|100|1e+20|0.000000e+00');
    expect(fp('%08.3f|%-8.2f|%+.1e|%E|%G', 'd:-3.14159 d:2.5 d:12345 d:1.5 d:1.5')).toBe('-003.142|2.50    |+1.2e+04|1.500000E+00|1.5');
    expect(fp('%g|%g|%#.0f|%lf', 'd:123456789 d:1.5e-5 d:2.5 d:0.125')).toBe('1.23457e+08|1.5e-05|2.|0.125000');
    expect(fp('%f|%F|%f|%010f', 'd:Infinity d:-Infinity d:NaN d:Infinity')).toBe('inf|-INF|nan|       inf');
  });
});

describe('cbprintf: where Zephyr differs from C', () => {
  it('prints the 0x and 0 prefixes of # even for zero (encode_uint() sets the alternate form for any value)', () => {
    // C: "0" and "0".
    expect(out('%#x|%#o', '0 0')).toBe('0x0|00');
  });

  it('emits at least one digit when the precision is 0 (encode_uint() is a do-while)', () => {
    // C prints nothing for %.0d of 0.
    expect(out('[%.0d][%.0x]', '0 0')).toBe('[0][0]');
  });

  it('narrows %hhd through plain char, unsigned on ARM and RISC-V (value->sint = (char)value->sint)', () => {
    expect(out('%hhd', '-1')).toBe('255');
    expect(out('%hhd', '-1', 4, 'signedchar')).toBe('-1');
  });

  it('prints an invalid or unsupported specification as written, after taking its argument', () => {
    expect(out('[%y][%5%][%hf][%-%]', '')).toBe('[%y][%5%][%hf][%-%]');
    // %lc: wide characters are not supported; the int is consumed, so %d prints the next one.
    expect(out('%lc %d', '65 7')).toBe('%lc 7');
    // Zero-padding applies to %s and %c too.
    expect(out('%05s|%03c', 's:ab 120')).toBe('000ab|00x');
  });

  it('prints %f, %e, %g as written without CONFIG_CBPRINTF_FP_SUPPORT, consuming the double', () => {
    expect(out('[%f][%.2f][%e][%g] %d', 'd:1.5 d:2.5 d:3 d:4 9')).toBe('[%f][%.2f][%e][%g] 9');
    // %a needs CONFIG_CBPRINTF_FP_A_SUPPORT; L is never formatted.
    expect(out('%a %Lf', 'd:1.0 d:2.0', 4, 'fp')).toBe('%a %Lf');
  });

  it('leaves conversions that would not fit 32 bits as written with CONFIG_CBPRINTF_REDUCED_INTEGRAL', () => {
    expect(out('%lld %jd %zd %ld', '-1 -1 -1 -1', 4, 'reduced')).toBe('%lld %jd -1 -1');
  });

  it('prints "(nil)" for a NULL %p, padded like any other value', () => {
    expect(out('[%p][%7p]', '0 0')).toBe('[(nil)][  (nil)]');
  });

  it('produces at most 16 significant digits, then zeros (encode_float() digit_count)', () => {
    // C: "0.10000000000000000555" and "0.10000000000000001".
    expect(out('%.20f|%.17g', 'd:0.1 d:0.1', 4, 'fp')).toBe('0.10000000000000000000|0.1');
  });

  it('prints a lone % at the end of the format as itself', () => {
    expect(out('end %')).toBe('end %');
  });
});

describe('cbprintf: CONFIG_CBPRINTF_NANO (lib/os/cbprintf_nano.c)', () => {
  const nano = (f: string, args = '', opts = ''): string => out(f, args, 4, `nano ${opts}`);

  it('formats what C does for the conversions it has', () => {
    expect(nano('%d %i %u|%5d|%-5d|%05d|%+d|% d', '-5 7 -1 42 42 42 42 42')).toBe('-5 7 4294967295|   42|42   |00042|+42| 42');
    expect(nano('%x %X %#x %lx %llx', '255 255 255 255 0x123456789')).toBe('ff FF 0xff ff 123456789');
    expect(nano('[%s][%.2s][%6s][%c][%%][%.3d][%*d]', 's:hello s:hello s:hi 65 7 3 1')).toBe('[hello][he][    hi][A][%][007][  1]');
    expect(nano('[%p][%p][%zu]', '0x20001000 0 -1')).toBe('[0x20001000][(nil)][4294967295]');
  });

  it('prints % and the character for anything else, without taking an argument', () => {
    expect(nano('%o %d', '8')).toBe('%o 8');
    expect(nano('%f %d', '7')).toBe('%f 7');
    expect(nano('%jd|%zzd', '1')).toBe('%jd|%zd');
  });

  it('differs from the complete formatter in the corners', () => {
    // h and hh do not narrow; zero padding does not apply to %s; a final % prints nothing.
    expect(nano('%hhd %hd', '300 70000')).toBe('300 70000');
    expect(nano('%05s|', 's:ab')).toBe('   ab|');
    expect(nano('end %')).toBe('end ');
    // A long long that does not fit 32 bits is "ERR" with CONFIG_CBPRINTF_REDUCED_INTEGRAL.
    expect(nano('%lld %llx %lld', '0x100000000 0x100000000 -1', 'reduced')).toBe('ERR ERR -1');
  });
});

describe('cbprintf: target memory', () => {
  it('stores the count so far for %n in the size the length modifier names', () => {
    const r = fmt('ab%n|%hhn', `${RAM} ${RAM + 8}`);
    expect(r.out).toBe('ab|');
    expect(r.scratch).toBe('02000000000000000300000000000000');
  });

  it('faults on %s of NULL as strlen(NULL) does on the device', () => {
    const r = fmt('x=%s', '0');
    expect(r.ok).toBe(false);
    expect(r.stop).toBe(5); // FAULT_READ_UNMAPPED
    expect(r.faultAddr).toBe('0x0');
  });
});

describe('printk and snprintk', () => {
  beforeAll(() => reset(NRF));

  it('printk writes the formatted text to the console', () => {
    const r = call('printk', 's:x=%d,%s!\n 42 s:ok');
    expect(r.console).toBe('x=42,ok!\n');
    expect(r.returned).toBe(true);
  });

  it('vprintk reads the arguments its va_list points at', () => {
    expect(call('vprintk', 's:%d-%d 0 | 3 4').console).toBe('3-4');
  });

  it('printk stops at a bad %s pointer with what it printed so far', () => {
    const r = call('printk', 's:before\\s%s 0x40000000');
    expect(r.console).toBe('before ');
    expect(r.returned).toBe(false);
    expect(r.stop).toBe(5);
    expect(r.faultAddr).toBe('0x40000000');
  });

  it('snprintk truncates with a NUL and returns the full length', () => {
    poke(RAM, [0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
    expect(lo('snprintk', `${RAM} 5 s:hello%d 123`)).toBe(8n);
    expect(peek(RAM, 8)).toEqual([0x68, 0x65, 0x6c, 0x6c, 0, 0xaa, 0xaa, 0xaa]);
  });

  it('snprintk writes the NUL after text that fits', () => {
    poke(RAM, [0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
    expect(lo('snprintk', `${RAM} 16 s:%c%c 104 105`)).toBe(2n);
    expect(peek(RAM, 4)).toEqual([0x68, 0x69, 0, 0xaa]);
  });

  it('vsnprintk with size 0 writes nothing and returns the length', () => {
    poke(RAM + 0x10, [0xaa]);
    expect(lo('vsnprintk', `${RAM + 0x10} 0 s:abc%d 0 | 12`)).toBe(5n);
    expect(peek(RAM + 0x10, 1)).toEqual([0xaa]);
  });

  it('snprintk keeps the size in an int: above INT_MAX nothing is written', () => {
    poke(RAM, [0xaa]);
    expect(lo('snprintk', `${RAM} 0xffffffff s:abc`)).toBe(3n);
    expect(peek(RAM, 1)).toEqual([0xaa]);
  });

  it('snprintk into read-only memory faults at the first character', () => {
    const r = call('snprintk', '0x1000 8 s:abc');
    expect(r.stop).toBe(7); // FAULT_WRITE_READONLY
    expect(r.faultAddr).toBe('0x1000');
  });
});

describe('string functions', () => {
  beforeAll(() => reset(NRF));

  it('strlen and strnlen', () => {
    expect(lo('strlen', 's:hello')).toBe(5n);
    expect(lo('strnlen', 's:hello 3')).toBe(3n);
    expect(lo('strnlen', 's:hi 10')).toBe(2n);
  });

  it('strcmp, strncmp and memcmp return the difference of the first differing bytes as unsigned char', () => {
    expect(lo('strcmp', 's:abc s:abd')).toBe(0xffffffffn); // 'c' - 'd' = -1
    expect(lo('strcmp', 's:abc s:abc')).toBe(0n);
    expect(lo('strcmp', 's:ab s:abc')).toBe(BigInt(0x100000000 - 0x63)); // '\0' - 'c'
    expect(lo('strncmp', 's:abc s:abd 2')).toBe(0n);
    poke(RAM, [0xff, 0x00, 0x61, 0x00]);
    expect(lo('memcmp', `${RAM} ${RAM + 2} 1`)).toBe(0x9en); // 0xff - 0x61
    expect(lo('strcmp', `${RAM} ${RAM + 2}`)).toBe(0x9en);
    expect(lo('memcmp', `${RAM} ${RAM + 2} 0`)).toBe(0n);
  });

  it('memcpy, memmove and memset return the destination', () => {
    poke(RAM, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lo('memcpy', `${RAM + 0x20} ${RAM} 4`)).toBe(BigInt(RAM + 0x20));
    expect(peek(RAM + 0x20, 4)).toEqual([1, 2, 3, 4]);
    expect(lo('memmove', `${RAM + 2} ${RAM} 6`)).toBe(BigInt(RAM + 2));
    expect(peek(RAM, 8)).toEqual([1, 2, 1, 2, 3, 4, 5, 6]);
    expect(lo('memset', `${RAM} 0x1ab 3`)).toBe(BigInt(RAM));
    expect(peek(RAM, 4)).toEqual([0xab, 0xab, 0xab, 2]);
  });

  it('__aeabi_memset takes the count before the value; __aeabi_memclr zeroes', () => {
    call('__aeabi_memset', `${RAM} 2 0x55`);
    expect(peek(RAM, 3)).toEqual([0x55, 0x55, 0xab]);
    call('__aeabi_memclr4', `${RAM} 3`);
    expect(peek(RAM, 4)).toEqual([0, 0, 0, 2]);
    poke(RAM + 8, [9, 8, 7]);
    call('__aeabi_memcpy8', `${RAM} ${RAM + 8} 3`);
    expect(peek(RAM, 4)).toEqual([9, 8, 7, 2]);
  });

  it('strcpy copies the NUL; strncpy pads with NULs up to n', () => {
    poke(RAM, Array(8).fill(0xaa));
    expect(lo('strcpy', `${RAM} s:hi`)).toBe(BigInt(RAM));
    expect(peek(RAM, 4)).toEqual([0x68, 0x69, 0, 0xaa]);
    poke(RAM, Array(8).fill(0xaa));
    expect(lo('strncpy', `${RAM} s:hi 5`)).toBe(BigInt(RAM));
    expect(peek(RAM, 6)).toEqual([0x68, 0x69, 0, 0, 0, 0xaa]);
    poke(RAM, Array(8).fill(0xaa));
    call('strncpy', `${RAM} s:hello 3`);
    expect(peek(RAM, 4)).toEqual([0x68, 0x65, 0x6c, 0xaa]);
  });

  it('strchr and strrchr find the first and last occurrence, the terminator included', () => {
    const s = Number(lo('strcpy', `${RAM + 0x40} s:hello`));
    expect(lo('strchr', `${s} 108`)).toBe(BigInt(s + 2));
    expect(lo('strrchr', `${s} 108`)).toBe(BigInt(s + 3));
    expect(lo('strchr', `${s} 0`)).toBe(BigInt(s + 5));
    expect(lo('strrchr', `${s} 0x16c`)).toBe(BigInt(s + 3)); // converted to char
    expect(lo('strchr', `${s} 122`)).toBe(0n);
  });

  it('a bad pointer ends the call with the bus fault', () => {
    const w = call('memcpy', `0x1000 ${RAM} 4`);
    expect([w.stop, w.faultAddr, w.returned]).toEqual([7, '0x1000', false]);
    const r = call('strlen', '0x30000000');
    expect([r.stop, r.faultAddr]).toEqual([5, '0x30000000']);
  });

  it('k_str_out writes n characters to the console', () => {
    expect(call('z_impl_k_str_out', 's:abcdef 3').console).toBe('abc');
  });
});

describe('virtual time', () => {
  it('takes the nRF52840 clocks: 64 MHz core, 32768 Hz ticks and cycles', () => {
    const r = reset(NRF);
    expect([r.cpuHz, r.hwCyclesPerSec, r.ticksPerSec]).toEqual([64000000, 32768, 32768]);
    expect(r.thread).toBe('0x2000dec0');
    expect(lo('k_uptime_get', '', 64000000n)).toBe(1000n);
    expect(lo('k_uptime_ticks')).toBe(32768n);
    expect(lo('k_cycle_get_32')).toBe(32768n);
  });

  it('k_sleep wakes at the tick boundary now + ticks + 1 and returns 0', () => {
    reset(NRF);
    call('k_yield', '', 64000000n); // tick 32768
    // k_timeout_t of 100 ticks in r0:r1, as z_impl_k_sleep is exported.
    const r = call('z_impl_k_sleep', '100 0');
    expect(BigInt(r.lo)).toBe(0n);
    expect(r.cycles).toBe(String(Math.ceil((32869 * 64000000) / 32768)));
    expect(lo('k_uptime_ticks')).toBe(32869n);
  });

  it('k_msleep and k_usleep round up to whole ticks', () => {
    reset('arch arm\nclass 32\ncpu cortex-m3\nstack 0x2000e000 0x1000\n');
    // MPS2 AN385 under QEMU: 100 ticks a second, 25 MHz.
    call('k_msleep', '15'); // ceil(1.5) = 2 ticks, then the +1 of z_add_timeout()
    expect(lo('k_uptime_get')).toBe(30n);
    call('z_impl_k_usleep', '1'); // 1 tick
    expect(lo('k_uptime_ticks')).toBe(5n);
    expect(lo('k_uptime_get_32')).toBe(50n);
  });

  it('K_NO_WAIT only yields; K_FOREVER never returns', () => {
    reset(NRF);
    expect(call('k_sleep', '0 0').cycles).toBe('0');
    const r = call('k_sleep', '0xffffffff 0xffffffff');
    expect(r.result).toBe(13); // FAULT_HOST_ERROR
    expect(r.detail).toContain('K_FOREVER');
  });

  it('k_busy_wait spins for the hardware cycles of the microseconds', () => {
    reset(NRF);
    call('z_impl_k_busy_wait', '1000');
    // ceil(1000 us * 32768 Hz) = 33 RTC cycles = 64453.125 core cycles
    expect(call('k_yield').cycles).toBe('64454');
  });

  it('returns 64-bit values in a0:a1 on RV32 and a0 on RV64, and reads k_timeout_t the same way', () => {
    const rv32 = reset('arch riscv\nclass 32\ncpu rv32imac\nstack 0x800fe000 0x1000\n');
    expect([rv32.cpuHz, rv32.hwCyclesPerSec, rv32.ticksPerSec]).toEqual([10000000, 10000000, 100]);
    const a = call('sys_clock_cycle_get_64', '', 0x100000000n * 3n);
    expect([a.lo, a.hi]).toEqual(['0x0', '0x3']);
    call('k_sleep', '1 0');
    expect(lo('k_uptime_ticks')).toBe((0x100000000n * 3n * 100n) / 10000000n + 2n);
    reset('arch riscv\nclass 64\ncpu rv64gc\nstack 0x800fe000 0x1000\n');
    call('k_sleep', '10');
    const t = call('k_uptime_ticks');
    expect([t.lo, t.hi]).toEqual(['0xb', '0x0']);
  });

  it('CONFIG_TIMEOUT_64BIT=n: k_timeout_t is one 32-bit register', () => {
    reset(`${NRF}kconfig CONFIG_TIMEOUT_64BIT n\n`);
    call('k_sleep', '9 0xffffffff'); // r1 is not part of the timeout
    expect(lo('k_uptime_ticks')).toBe(10n);
  });

  it('CONFIG_SYS_CLOCK_TICKS_PER_SEC and _HW_CYCLES_PER_SEC override the board defaults', () => {
    const r = reset(NRF + 'kconfig CONFIG_SYS_CLOCK_TICKS_PER_SEC 1000\nkconfig CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC 1000000\n');
    expect([r.hwCyclesPerSec, r.ticksPerSec]).toEqual([1000000, 1000]);
  });

  it('k_current_get returns the calling thread; thread names are off by default', () => {
    reset(NRF);
    expect(lo('z_impl_k_sched_current_thread_query')).toBe(0x2000dec0n);
    expect(lo('k_thread_name_get', '0x2000dec0')).toBe(0n);
    expect(lo('z_impl_k_thread_name_set', '0 s:x')).toBe(BigInt(0x100000000 - 88)); // -ENOSYS
  });

  it('sys_rand32_get gives the same numbers on every run', () => {
    reset(NRF);
    const a = [lo('sys_rand32_get'), lo('sys_rand32_get')];
    reset(NRF);
    expect([lo('sys_rand32_get'), lo('sys_rand32_get')]).toEqual(a);
    expect(a[0]).not.toBe(a[1]);
  });
});

describe('the system heap', () => {
  const HEAP = 0x30000000;
  const cfg = `${NRF}heap _system_heap 0x30000000\nkconfig CONFIG_HEAP_MEM_POOL_SIZE 4096\n`;

  it('is placed where the input says, or just below the calling thread', () => {
    expect(reset(cfg)).toMatchObject({ heapBase: '0x30000000', heapSize: 4096, heapNote: '' });
    // Default: 16 KiB ending at the struct k_heap, 64 bytes below the thread at 0x2000dec0;
    // the test memory has RAM there, so it is refused.
    expect(reset(NRF).heapNote).toBe('the system heap at 0x20009e80 would overlap ram');
  });

  it('k_malloc stores the k_heap pointer before the block and k_free gives the block back', () => {
    reset(cfg);
    // chunk 0 is 7 units (struct z_heap + 9 buckets); the block header is 4 bytes, then the
    // heap pointer k_malloc() keeps (kernel/mempool.c: z_heap_aligned_alloc()).
    const p = Number(lo('k_malloc', '100'));
    expect(p).toBe(HEAP + 56 + 4 + 4);
    expect(peek(p - 4, 4)).toEqual([0x80, 0xde, 0x00, 0x20]); // the struct k_heap, 0x2000de80
    const q = Number(lo('k_malloc', '8'));
    // 4 + 4 + 100 bytes: 14 chunk units of 8.
    expect(q).toBe(p + 14 * 8);
    expect(call('k_free', `${p}`).result).toBe(0);
    expect(Number(lo('k_malloc', '100'))).toBe(p);
  });

  it('k_calloc zeroes; k_aligned_alloc aligns; a request too large gives NULL', () => {
    reset(cfg);
    poke(HEAP + 0x40, Array(16).fill(0xaa));
    const p = Number(lo('k_calloc', '4 4'));
    expect(peek(p, 16)).toEqual(Array(16).fill(0));
    expect(Number(lo('k_aligned_alloc', '64 10')) % 64).toBe(0);
    expect(lo('k_malloc', '5000')).toBe(0n);
    expect(lo('k_calloc', '0x10000 0x10000')).toBe(0n); // size_mul_overflow()
  });

  it('k_realloc grows in place when the right neighbour is free, else moves and copies', () => {
    reset(cfg);
    const p = Number(lo('k_malloc', '16'));
    poke(p, [1, 2, 3, 4]);
    expect(Number(lo('k_realloc', `${p} 200`))).toBe(p);
    const q = Number(lo('k_malloc', '16'));
    const r = Number(lo('k_realloc', `${p} 1000`));
    expect(r).toBeGreaterThan(q);
    expect(peek(r, 4)).toEqual([1, 2, 3, 4]);
    // Shrinking stays in place.
    expect(Number(lo('k_realloc', `${r} 8`))).toBe(r);
    expect(lo('k_realloc', `${r} 0`)).toBe(0n);
    expect(Number(lo('k_realloc', '0 16'))).toBe(p);
  });

  it('k_free of a pointer the heap did not give stops the call', () => {
    reset(cfg);
    expect(call('k_free', '0').result).toBe(0);
    const r = call('k_free', `${RAM + 4}`);
    expect(r.result).toBe(13);
    expect(r.detail).toBe("k_free(0x20000004): not a block of the system heap; Zephyr's k_heap_free() would assert or corrupt the heap");
  });

  it('CONFIG_HEAP_MEM_POOL_SIZE=0: k_malloc returns NULL', () => {
    reset(`${NRF}kconfig CONFIG_HEAP_MEM_POOL_SIZE 0\n`);
    expect(lo('k_malloc', '8')).toBe(0n);
  });
});

describe('compiler run-time helpers', () => {
  it('ARM division returns the quotient in r0 and the remainder in r1 or r2:r3', () => {
    reset(NRF);
    const d = call('__aeabi_uldivmod', '10 0 3 0');
    expect([d.lo, d.hi, d.r2, d.r3]).toEqual(['0x3', '0x0', '0x1', '0x0']);
    const s = call('__aeabi_ldivmod', '0xfffffff9 0xffffffff 2 0'); // -7 / 2
    expect([s.lo, s.hi, s.r2, s.r3]).toEqual(['0xfffffffd', '0xffffffff', '0xffffffff', '0xffffffff']);
    const m = call('__aeabi_idivmod', '0xfffffff9 2');
    expect([m.lo, m.hi]).toEqual(['0xfffffffd', '0xffffffff']);
    expect(lo('__aeabi_uidiv', '7 2')).toBe(3n);
  });

  it('ARM division by zero saturates as the default __aeabi_idiv0 leaves it', () => {
    reset(NRF);
    expect(lo('__aeabi_idiv', '7 0')).toBe(0x7fffffffn);
    expect(lo('__aeabi_idiv', '0xfffffff9 0')).toBe(0x80000000n);
    expect(lo('__aeabi_uidiv', '5 0')).toBe(0xffffffffn);
    expect(lo('__aeabi_uidiv', '0 0')).toBe(0n);
  });

  it('64-bit multiply and shifts use register pairs', () => {
    reset(NRF);
    const p = call('__aeabi_lmul', '0x10000 0 0x10000 0');
    expect([p.lo, p.hi]).toEqual(['0x0', '0x1']);
    const l = call('__aeabi_llsl', '1 0 40');
    expect([l.lo, l.hi]).toEqual(['0x0', '0x100']);
    const a = call('__aeabi_lasr', '0 0x80000000 36');
    expect([a.lo, a.hi]).toEqual(['0xf8000000', '0xffffffff']);
  });

  it('RISC-V libgcc helpers: pairs on RV32, one register on RV64; division by zero as the instructions do', () => {
    reset('arch riscv\nclass 32\ncpu rv32imac\nstack 0x800fe000 0x1000\n');
    const q = call('__divdi3', '0xfffffff6 0xffffffff 3 0'); // -10 / 3
    expect([q.lo, q.hi]).toEqual(['0xfffffffd', '0xffffffff']);
    const z = call('__udivdi3', '5 0 0 0');
    expect([z.lo, z.hi]).toEqual(['0xffffffff', '0xffffffff']);
    expect(lo('__umoddi3', '5 0 0 0')).toBe(5n);
    reset('arch riscv\nclass 64\ncpu rv64gc\nstack 0x800fe000 0x1000\n');
    expect(lo('__muldi3', '0x100000000 0x10')).toBe(0x1000000000n);
    expect(lo('__ashrdi3', '0x8000000000000000 4')).toBe(0xf800000000000000n);
    // Soft-float passes floats in FP registers on lp64d: not here.
    expect(call('__addsf3', '0 0').detail).toBe('not emulated: __addsf3');
  });

  it('soft-float: IEEE arithmetic, saturating conversions, libgcc comparison results', () => {
    reset(NRF);
    expect(lo('__aeabi_fadd', '0x3fc00000 0x40000000')).toBe(0x40600000n); // 1.5 + 2 = 3.5
    const d = call('__aeabi_dmul', '0 0x3ff80000 0 0x40000000'); // 1.5 * 2.0
    expect([d.lo, d.hi]).toEqual(['0x0', '0x40080000']);
    expect(lo('__aeabi_f2iz', '0x7fc00000')).toBe(0n); // NaN
    expect(lo('__aeabi_f2iz', '0x4f32d05e')).toBe(0x7fffffffn); // 3e9
    expect(lo('__aeabi_fcmplt', '0x3f800000 0x40000000')).toBe(1n);
    expect(lo('__aeabi_fcmpun', '0x7fc00000 0')).toBe(1n);
    expect(lo('__eqsf2', '0x7fc00000 0')).toBe(1n);
    expect(lo('__ltsf2', '0x7fc00000 0')).toBe(2n);
    expect(lo('__gtsf2', '0x7fc00000 0')).toBe(0xfffffffen);
    expect(lo('__aeabi_i2f', '0xffffffff')).toBe(0xbf800000n); // -1.0f
  });
});

describe('the default export table', () => {
  it('stops with "not emulated: NAME" for every function it does not emulate', async () => {
    const data = JSON.parse(await readFile(new URL('../data/exports.json', import.meta.url), 'utf8')) as {
      entries: { name: string; kind: string }[];
    };
    const emulated = new Set([
      'memcmp',
      'memcpy',
      'memset',
      'strcmp',
      'strcpy',
      'strlen',
      'strncmp',
      'strncpy',
      'printk',
      'vprintk',
      'sys_clock_cycle_get_64',
      'z_impl_k_busy_wait',
      'z_impl_k_sched_current_thread_query',
      'z_impl_k_sleep',
      'z_impl_k_str_out',
      'z_impl_k_thread_name_set',
      'z_impl_k_uptime_ticks',
      'z_impl_k_usleep',
      'z_impl_k_yield',
    ]);
    reset(NRF);
    const funcs = data.entries.filter((x) => x.kind === 'func').map((x) => x.name);
    for (const n of emulated) expect(funcs).toContain(n);
    const others = funcs.filter((n) => !emulated.has(n));
    expect(others.length).toBeGreaterThan(30);
    for (const n of others) {
      const r = call(n, '0 0 0 0');
      expect([n, r.result, r.detail]).toEqual([n, 10, `not emulated: ${n}`]);
    }
  });
});

describe('fault texts', () => {
  const ft = (
    arch: string,
    xlen: number,
    core: string,
    kind: number,
    pc: bigint,
    addr: bigint,
    regs = '',
    note = '',
    insn = 0,
    write = false,
    n = 0n,
  ): string => e.testFatalText(arch, xlen, core, kind, pc, addr, regs, note, insn, write, n);
  const tail = (reason: string): string =>
    `<err> os: >>> ZEPHYR FATAL ERROR ${reason} on CPU 0\n` +
    '<err> os: Current thread: 0x20000100 (unknown)\n' +
    '<err> os: Halting system\n';
  const armDump =
    '<err> os: r0/a1:  0x00000001  r1/a2:  0x00000002  r2/a3:  0x00000003\n' +
    '<err> os: r3/a4:  0x00000004 r12/ip:  0x0000000c r14/lr:  0x00001001\n' +
    '<err> os:  xpsr:  0x01000000\n' +
    '<err> os: Faulting instruction address (r15/pc): 0x00001234\n';
  const REGS = 'r0=1 r1=2 r2=3 r3=4 r12=12 lr=0x1001 xpsr=0x1000000';

  it('Cortex-M: a load from nothing is a precise bus fault with BFAR', () => {
    expect(ft('arm', 4, 'cortex-m3', 5, 0x1234n, 0x40000000n, REGS)).toBe(
      '<err> os: ***** BUS FAULT *****\n' +
        '<err> os:   Precise data bus error\n' +
        '<err> os:   BFAR Address: 0x40000000\n' +
        armDump +
        tail('0: CPU exception'),
    );
  });

  it('Cortex-M4 (nRF52840): a store to nothing is an imprecise bus fault, without BFAR', () => {
    expect(ft('arm', 4, 'cortex-m4f', 6, 0x1234n, 0x40000000n, REGS, '', 0, true)).toBe(
      '<err> os: ***** BUS FAULT *****\n<err> os:   Imprecise data bus error\n' + armDump + tail('0: CPU exception'),
    );
  });

  it('Cortex-M: a store to flash is an MPU data access violation with MMFAR', () => {
    expect(ft('arm', 4, 'cortex-m4f', 7, 0x1234n, 0x1010n, REGS, '', 0, true)).toBe(
      '<err> os: ***** MPU FAULT *****\n' +
        '<err> os:   Data Access Violation\n' +
        '<err> os:   MMFAR Address: 0x1010\n' +
        armDump +
        tail('0: CPU exception'),
    );
  });

  it('Cortex-M: the stack guard is a data access violation and reason 2', () => {
    expect(ft('arm', 4, 'cortex-m3', 8, 0x1234n, 0x2000dfc0n, REGS, '', 0, true)).toBe(
      '<err> os: ***** MPU FAULT *****\n' +
        '<err> os:   Data Access Violation\n' +
        '<err> os:   MMFAR Address: 0x2000dfc0\n' +
        armDump +
        tail('2: Stack overflow'),
    );
  });

  it('Cortex-M: fetches, undefined instructions, division by zero', () => {
    const banner = (kind: number, note = ''): string =>
      ft('arm', 4, 'cortex-m3', kind, 0x1234n, 0n, REGS, note).split('\n').slice(0, 2).join('\n');
    expect(banner(1)).toBe('<err> os: ***** BUS FAULT *****\n<err> os:   Instruction bus error');
    expect(banner(2)).toBe('<err> os: ***** MPU FAULT *****\n<err> os:   Instruction Access Violation');
    expect(banner(3)).toBe('<err> os: ***** USAGE FAULT *****\n<err> os:   Attempt to execute undefined instruction');
    expect(banner(3, 'Illegal use of the EPSR')).toBe('<err> os: ***** USAGE FAULT *****\n<err> os:   Illegal use of the EPSR');
    expect(banner(4)).toBe('<err> os: ***** USAGE FAULT *****\n<err> os:   Unaligned memory access');
    expect(banner(11)).toBe('<err> os: ***** USAGE FAULT *****\n<err> os:   Division by zero');
  });

  it('RISC-V 32: mcause, mtval and the register dump', () => {
    expect(ft('riscv', 4, 'rv32imac', 3, 0x80001234n, 0n, 'a0=5 t1=7 sp=0x800fef00 ra=0x80000400', '', 0xffffffff)).toBe(
      '<err> os: \n' +
        '<err> os:  mcause: 2, Illegal instruction\n' +
        '<err> os:   mtval: ffffffff\n' +
        '<err> os:      a0: 00000005    t0: 00000000\n' +
        '<err> os:      a1: 00000000    t1: 00000007\n' +
        '<err> os:      a2: 00000000    t2: 00000000\n' +
        '<err> os:      a3: 00000000    t3: 00000000\n' +
        '<err> os:      a4: 00000000    t4: 00000000\n' +
        '<err> os:      a5: 00000000    t5: 00000000\n' +
        '<err> os:      a6: 00000000    t6: 00000000\n' +
        '<err> os:      a7: 00000000\n' +
        '<err> os:      sp: 800fef00\n' +
        '<err> os:      ra: 80000400\n' +
        '<err> os:    xepc: 80001234\n' +
        '<err> os: xstatus: 00001880\n' +
        '<err> os: \n' +
        tail('0: CPU exception'),
    );
  });

  it('RISC-V 64: access faults by direction, 16-digit registers, the PMP stack guard', () => {
    const lines = (kind: number, write: boolean, addr = 0x80000010n): string[] =>
      ft('riscv', 8, 'rv64gc', kind, 0x80001234n, addr, 'a0=5', '', 0, write).split('\n');
    const store = lines(7, true);
    expect(store.slice(1, 4)).toEqual([
      '<err> os:  mcause: 7, Store/AMO access fault',
      '<err> os:   mtval: 80000010',
      '<err> os:      a0: 0000000000000005    t0: 0000000000000000',
    ]);
    expect(store).toContain('<err> os: xstatus: 0000000a00001880');
    expect(lines(5, false)[1]).toBe('<err> os:  mcause: 5, Load access fault');
    expect(lines(1, false)[1]).toBe('<err> os:  mcause: 1, Instruction Access fault');
    expect(lines(4, true)[1]).toBe('<err> os:  mcause: 6, Store/AMO address misaligned');
    const guard = lines(8, true, 0x800fdff8n);
    expect(guard[1]).toBe('<err> os:  mcause: 7, Store/AMO access fault');
    expect(guard).toContain('<err> os: >>> ZEPHYR FATAL ERROR 2: Stack overflow on CPU 0');
  });

  it('the budget and a function not emulated are the playground speaking, not Zephyr', () => {
    expect(ft('riscv', 4, 'rv32imac', 9, 0x80001234n, 0n, '', '', 0, false, 50000000n)).toBe(
      '(no Zephyr output: the playground stopped the call after 50000000 instructions at pc 0x80001234; on the device it would still be running)\n',
    );
    expect(ft('arm', 4, 'cortex-m3', 10, 0x1001n, 0n)).toBe(
      '(no Zephyr output: the playground does not emulate the function called at 0x1001, so the call stops there)\n',
    );
  });
});
