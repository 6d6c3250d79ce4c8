/*
 * A mix of what compiled extension code does, for the emulated CPUs and their QEMU oracle:
 * a switch the compiler turns into a jump table, bit fields and shifts, byte, halfword and
 * word accesses with and without sign extension, 32- and 64-bit arithmetic, calls through
 * function pointers and recursion, and (where the core has it) floating point. Each exported
 * function prints what it computed and returns a checksum. Only printk is imported: nothing
 * here needs a libgcc helper on any of the targets (no division on the lx106, which has no
 * divide instruction; 64-bit division only on 64-bit targets; floating point only on cores
 * with an FPU the ABI uses).
 */
#include "llext_sample.h"

/* Keeps the compiler from folding inputs into constants: every function starts from here. */
static volatile uint32_t seed = 0x9e3779b9u;

static uint32_t next(uint32_t x)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/* A dense switch: a jump table (TBB/TBH on Thumb-2, a table of addresses elsewhere). */
static uint32_t pick(uint32_t k, uint32_t x)
{
	switch (k) {
	case 0: return x + 1u;
	case 1: return x ^ 0x55aa55aau;
	case 2: return x << 3;
	case 3: return x >> 5;
	case 4: return x * 7u;
	case 5: return ~x;
	case 6: return x - 0x1234u;
	case 7: return (x << 16) | (x >> 16);
	case 8: return x & 0x0ff0ff0fu;
	case 9: return x | 0x80000001u;
	case 10: return (uint32_t)(-(int32_t)x);
	case 11: return x + (x >> 1);
	default: return x ^ (x >> 7);
	}
}

uint32_t mix_switch(void)
{
	uint32_t x = seed, sum = 0;

	/* k counts 0 to 12 and wraps, without a remainder (a libgcc call on the lx106). */
	for (uint32_t i = 0, k = 0; i < 40; i++, k = k == 12u ? 0u : k + 1u) {
		x = pick(k, next(x));
		sum += x;
	}
	printk("switch: %08x\n", sum);
	return sum;
}
EXPORT_SYMBOL(mix_switch);

struct fields {
	uint32_t a : 3;
	uint32_t b : 7;
	int32_t c : 9;
	uint32_t d : 13;
};

uint32_t mix_bits(void)
{
	uint32_t x = seed, sum = 0, ones = 0, lead = 0;
	struct fields f = { 0 };

	for (int i = 0; i < 16; i++) {
		x = next(x);
		f.a += x;
		f.b ^= x >> 3;
		f.c -= (int32_t)(x >> 11);
		f.d += x >> 19;
		sum += f.a + f.b + (uint32_t)f.c + f.d;
		sum = (sum << 5) | (sum >> 27);
	}
	for (uint32_t v = x; v != 0; v &= v - 1u)
		ones++;
	for (uint32_t v = sum | 1u; (v & 0x80000000u) == 0; v <<= 1)
		lead++;
	uint32_t swapped = (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
	printk("bits: %08x a=%u b=%u c=%d d=%u ones=%u lead=%u swap=%08x\n", sum, (unsigned)f.a, (unsigned)f.b,
	       (int)f.c, (unsigned)f.d, ones, lead, swapped);
	return sum ^ swapped ^ (ones << 8) ^ lead;
}
EXPORT_SYMBOL(mix_bits);

static uint8_t bytes[64];

uint32_t mix_mem(void)
{
	uint32_t x = seed;

	for (int i = 0; i < 64; i++) {
		x = next(x);
		bytes[i] = (uint8_t)(x >> 7);
	}
	int32_t s8 = 0, s16 = 0;
	uint32_t u8 = 0, u16 = 0, u32 = 0, unaligned = 0;

	for (int i = 0; i < 64; i++) {
		s8 += (int8_t)bytes[i];
		u8 += bytes[i];
	}
	for (int i = 0; i < 32; i++) {
		int16_t h = (int16_t)(bytes[2 * i] | (bytes[2 * i + 1] << 8));

		s16 += h;
		u16 += (uint16_t)h;
	}
	for (int i = 0; i < 16; i++)
		u32 += (uint32_t)bytes[4 * i] | ((uint32_t)bytes[4 * i + 1] << 8) | ((uint32_t)bytes[4 * i + 2] << 16) |
		       ((uint32_t)bytes[4 * i + 3] << 24);
	/* Unaligned words, assembled byte by byte. */
	for (int i = 1; i < 60; i += 7)
		unaligned ^= (uint32_t)bytes[i] | ((uint32_t)bytes[i + 1] << 8) | ((uint32_t)bytes[i + 2] << 16) |
			     ((uint32_t)bytes[i + 3] << 24);
	/* Byte and halfword stores into the middle of words. */
	for (int i = 0; i < 16; i++) {
		bytes[4 * i + 1] = (uint8_t)i;
		bytes[4 * i + 2] = (uint8_t)(i * 3);
	}
	uint32_t after = 0;

	for (int i = 0; i < 64; i++)
		after = after * 31u + bytes[i];
	printk("mem: s8=%d u8=%u s16=%d u16=%u u32=%08x unaligned=%08x after=%08x\n", (int)s8, u8, (int)s16, u16, u32,
	       unaligned, after);
	return (uint32_t)s8 ^ u8 ^ (uint32_t)s16 ^ u16 ^ u32 ^ unaligned ^ after;
}
EXPORT_SYMBOL(mix_mem);

/* A 64-bit product: shifts and adds on the lx106 (GCC calls libgcc's __muldi3 there), the
 * multiply instructions elsewhere. */
static uint64_t mul64(uint64_t a, uint64_t b)
{
#if defined(__XTENSA__)
	uint64_t r = 0;

	for (; b != 0; b >>= 1, a <<= 1)
		if (b & 1u)
			r += a;
	return r;
#else
	return a * b;
#endif
}

uint32_t mix_arith(void)
{
	uint32_t x = seed;
	uint64_t acc = 0x0123456789abcdefull;
	int32_t lo = 0x7fffffff, hi = -0x7fffffff - 1;
	uint32_t q = 0;

	for (int i = 0; i < 24; i++) {
		x = next(x);
		int32_t s = (int32_t)x;

		acc = mul64(acc, 0x100000001b3ull) + x;
		acc ^= acc >> 29;
		acc += (uint64_t)(int64_t)s << (i & 31);
		if (s < lo)
			lo = s;
		if (s > hi)
			hi = s;
#if !defined(__XTENSA__)
		/* The lx106 has no divide instruction (a libgcc call); the others divide in hardware. */
		q += (x / ((uint32_t)i + 3u)) ^ (uint32_t)(s / (i - 12 == 0 ? 1 : i - 12)) ^ (x % 97u);
#endif
	}
	uint64_t prod = mul64(x, (uint32_t)lo);
	int64_t sprod = (int64_t)mul64((uint64_t)(int64_t)(int32_t)x, (uint64_t)(int64_t)hi);
#if UINTPTR_MAX > 0xffffffffu
	/* 64-bit division: a 64-bit core divides in hardware. */
	q ^= (uint32_t)(acc / 0x1234567ull) ^ (uint32_t)((int64_t)acc % -977);
#endif
	printk("arith: acc=%08x%08x lo=%d hi=%d q=%08x prod=%08x%08x sprod=%08x%08x\n", (uint32_t)(acc >> 32),
	       (uint32_t)acc, (int)lo, (int)hi, q, (uint32_t)(prod >> 32), (uint32_t)prod, (uint32_t)((uint64_t)sprod >> 32),
	       (uint32_t)sprod);
	return (uint32_t)acc ^ (uint32_t)(acc >> 32) ^ q ^ (uint32_t)prod ^ (uint32_t)sprod;
}
EXPORT_SYMBOL(mix_arith);

typedef uint32_t (*step_fn)(uint32_t);

static uint32_t step_a(uint32_t v) { return v * 3u + 1u; }
static uint32_t step_b(uint32_t v) { return v >> 1; }
static uint32_t step_c(uint32_t v) { return v ^ 0xa5u; }

/* In .data: the loader relocates the function addresses. */
static step_fn steps[3] = { step_a, step_b, step_c };

static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

uint32_t mix_calls(void)
{
	uint32_t v = seed & 0xffffu, count = 0;

	while (v != 1u && count < 500u) {
		v = steps[v & 1u](v);
		if ((count & 7u) == 7u)
			v = steps[2](v) | 1u;
		count++;
	}
	uint32_t f = fib(17);

	printk("calls: steps=%u v=%u fib(17)=%u\n", count, v, f);
	return count * 65536u + f;
}
EXPORT_SYMBOL(mix_calls);

#if defined(__aarch64__) || (defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 64)
/* Cores whose ABI passes doubles in FP registers: hardware floating point, no libgcc. */
uint32_t mix_float(void)
{
	uint32_t x = seed;
	double sum = 0.0, prod = 1.0;
	float fs = 0.0f;

	for (int i = 1; i <= 20; i++) {
		x = next(x);
		double d = (double)(int32_t)x / 65536.0;

		sum += d / (double)i;
		prod *= 1.0 + (double)(x & 0xffu) / 1024.0;
		fs += (float)d * 0.5f;
	}
	/* Newton's square root (sqrt() itself is a libm call where errno is kept). */
	double root = prod;

	for (int i = 0; i < 30; i++)
		root = 0.5 * (root + prod / root);
	int64_t isum = (int64_t)(sum * 1000.0);
	int32_t iroot = (int32_t)(root * 1e6);
	int32_t ifs = (int32_t)fs;
	int32_t rounded = (int32_t)(sum < 0.0 ? sum - 0.5 : sum + 0.5);

	printk("float: sum*1000=%d root*1e6=%d fs=%d rounded=%d\n", (int)isum, (int)iroot, (int)ifs, (int)rounded);
	return (uint32_t)isum ^ (uint32_t)iroot ^ (uint32_t)ifs ^ (uint32_t)rounded;
}
EXPORT_SYMBOL(mix_float);

/* The rounding modes: the same operations with the FPU set to round to nearest, toward zero,
 * down, up (and on RISC-V to nearest with ties away), through its control register. */
static volatile double dv[6] = { 1.0, 3.0, 1e308, 2.0, 0.1, 1.0 / 1024.0 };
static volatile float fv[4] = { 1.0f, 3.0f, 3e38f, 0.1f };
static volatile uint64_t sink;

static void set_rounding(uint32_t mode)
{
#if defined(__aarch64__)
	/* FPCR.RMode: 0 nearest, 1 up, 2 down, 3 toward zero. */
	static const uint64_t rmode[5] = { 0, 3, 2, 1, 0 };
	__asm__ volatile("msr fpcr, %0" : : "r"(rmode[mode] << 22) : "memory");
#else
	/* frm: 0 nearest, 1 toward zero, 2 down, 3 up, 4 nearest with ties away. */
	__asm__ volatile("fsrm %0" : : "r"(mode) : "memory");
#endif
}

/* The square root instruction itself (sqrt() is a libm call where errno is kept). */
static double hw_sqrt(double d)
{
	double r;
#if defined(__aarch64__)
	__asm__ volatile("fsqrt %d0, %d1" : "=w"(r) : "w"(d));
#else
	__asm__ volatile("fsqrt.d %0, %1" : "=f"(r) : "f"(d));
#endif
	return r;
}

static uint64_t bits_of(double d)
{
	union { double d; uint64_t u; } v = { .d = d };
	return v.u;
}

static uint32_t bits_of_f(float f)
{
	union { float f; uint32_t u; } v = { .f = f };
	return v.u;
}

uint32_t mix_round(void)
{
	uint32_t total = 0;
#if defined(__aarch64__)
	const uint32_t modes = 4;
#else
	const uint32_t modes = 5;
#endif

	for (uint32_t m = 0; m < modes; m++) {
		uint64_t h = 0;

		set_rounding(m);
		sink = bits_of(dv[0] / dv[1]);
		h = h * 31u + sink;
		sink = bits_of(-dv[0] / dv[1]);
		h = h * 31u + sink;
		sink = bits_of(dv[4] * dv[1]);
		h = h * 31u + sink;
		sink = bits_of(dv[0] + dv[5] * dv[5] * dv[5] * dv[5] * dv[5] * dv[5]);
		h = h * 31u + sink;
		sink = bits_of(dv[2] * dv[2]);
		h = h * 31u + sink;
		sink = bits_of(-dv[2] * dv[2]);
		h = h * 31u + sink;
		sink = bits_of(dv[0] - dv[0]);
		h = h * 31u + sink;
		sink = bits_of(hw_sqrt(dv[3]));
		h = h * 31u + sink;
		sink = bits_of_f(fv[0] / fv[1]);
		h = h * 31u + sink;
		sink = bits_of_f(fv[3] * fv[1] - fv[0]);
		h = h * 31u + sink;
		sink = bits_of_f(fv[2] * fv[1]);
		h = h * 31u + sink;
		sink = bits_of_f(-fv[3] - fv[0] / fv[1]);
		h = h * 31u + sink;
		set_rounding(0);
		printk("round %u: %08x%08x\n", m, (uint32_t)(h >> 32), (uint32_t)h);
		total = total * 33u + (uint32_t)(h ^ (h >> 32));
	}
	return total;
}
EXPORT_SYMBOL(mix_round);
#endif
