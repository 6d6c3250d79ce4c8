/*
 * The QEMU oracle's runtime: the part of a Zephyr image an extension calls (printk), the
 * runner that calls the extension's functions in the order of the plan, and the fault
 * report. Built freestanding for Cortex-M (Thumb), RISC-V, Xtensa (call0) and AArch64; console
 * output and exit go through semihosting (on Xtensa the simulator's SIMCALL), so QEMU needs no
 * UART model.
 *
 * Output protocol (read by wasm-core/test/oracle/qemu.ts), each marker starts with the
 * byte 0x01, which no sample prints:
 *   \x01run <index>\n         a plan step starts; what follows up to the next marker is its
 *                            console output, byte for byte
 *   \x01ret <hex>\n          the step returned; <hex> is r0 / a0, pointer-width digits
 *   \x01fault <cause> pc=<hex> addr=<hex>\n
 *                            the step faulted (the system halts, as Zephyr's fatal error does)
 *   \x01end\n                every step ran
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* One plan step, written by the test (plan.s). */
struct oracle_step {
	uintptr_t kind; /* 0 end, 1 call `target`, 2 call the pointer stored at `target` */
	uintptr_t target;
	uintptr_t args[4];
};

extern const struct oracle_step oracle_plan[];

/* ---- semihosting ---- */

#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_Stopped_ApplicationExit 0x20026
#define ADP_Stopped_RunTimeErrorUnknown 0x20023

static uintptr_t semihost(uintptr_t op, uintptr_t arg)
{
#if defined(__arm__)
	register uintptr_t r0 __asm__("r0") = op;
	register uintptr_t r1 __asm__("r1") = arg;
	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
#elif defined(__riscv)
	register uintptr_t a0 __asm__("a0") = op;
	register uintptr_t a1 __asm__("a1") = arg;
	/* The RISC-V semihosting sequence: uncompressed, within one page. */
	__asm__ volatile(".option push\n"
			 ".option norvc\n"
			 ".balign 16\n"
			 "slli zero, zero, 0x1f\n"
			 "ebreak\n"
			 "srai zero, zero, 7\n"
			 ".option pop\n"
			 : "+r"(a0)
			 : "r"(a1)
			 : "memory");
	return a0;
#elif defined(__XTENSA__)
	/* The Xtensa simulator's SIMCALL (QEMU target/xtensa/xtensa-semi.c): a2 the call, a3-a5
	 * its arguments: exit(code) is 1, write(fd, buf, len) is 4. */
	register uintptr_t a2 __asm__("a2");
	register uintptr_t a3 __asm__("a3");
	register uintptr_t a4 __asm__("a4") = 0;
	register uintptr_t a5 __asm__("a5") = 0;

	if (op == SYS_EXIT) {
		a2 = 1;
		a3 = arg == ADP_Stopped_ApplicationExit ? 0 : 1;
	} else {
		size_t n = 0;

		while (((const char *)arg)[n] != '\0') {
			n++;
		}
		a2 = 4;
		a3 = 1;
		a4 = arg;
		a5 = n;
	}
	__asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
	return a2;
#elif defined(__aarch64__)
	register uintptr_t x0 __asm__("x0") = op;
	register uintptr_t x1 __asm__("x1") = arg;
	__asm__ volatile("hlt 0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
#else
#error "unsupported architecture"
#endif
}

static char out_buf[256];
static size_t out_len;

static void out_flush(void)
{
	if (out_len == 0) {
		return;
	}
	out_buf[out_len] = '\0';
	semihost(SYS_WRITE0, (uintptr_t)out_buf);
	out_len = 0;
}

static void out_char(char c)
{
	if (c == '\0') {
		return; /* SYS_WRITE0 cannot carry it; printk of "%c" with 0 prints nothing here */
	}
	out_buf[out_len++] = c;
	if (out_len == sizeof(out_buf) - 1 || c == '\n') {
		out_flush();
	}
}

static void out_str(const char *s)
{
	while (*s) {
		out_char(*s++);
	}
}

__attribute__((noreturn)) static void oracle_exit(int ok)
{
	out_flush();
#if (defined(__riscv) && __riscv_xlen == 64) || defined(__aarch64__)
	static uintptr_t block[2];

	block[0] = ok ? ADP_Stopped_ApplicationExit : ADP_Stopped_RunTimeErrorUnknown;
	block[1] = ok ? 0 : 1;
	semihost(SYS_EXIT, (uintptr_t)block);
#else
	semihost(SYS_EXIT, ok ? ADP_Stopped_ApplicationExit : ADP_Stopped_RunTimeErrorUnknown);
#endif
	for (;;) {
	}
}

/* ---- printk: the conversions of lib/os/cbprintf_complete.c that integers and strings use ---- */

static void out_pad(char c, int n)
{
	while (n-- > 0) {
		out_char(c);
	}
}

/* v / base, with the remainder, by shifts: no libgcc division routine on 32-bit targets. */
static uint64_t udivmod(uint64_t v, unsigned int base, unsigned int *rem)
{
	uint64_t q = 0;
	uint64_t r = 0;

	for (int bit = 63; bit >= 0; bit--) {
		r = (r << 1) | ((v >> bit) & 1);
		if (r >= base) {
			r -= base;
			q |= (uint64_t)1 << bit;
		}
	}
	*rem = (unsigned int)r;
	return q;
}

/* Digits of `v` in base 10 or 16 into the end of buf; returns the first digit. */
static char *encode_uint(uint64_t v, unsigned int base, int upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		unsigned int rem;

		v = udivmod(v, base, &rem);
		*--p = digits[rem];
	} while (v != 0);
	return p;
}

int oracle_printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(*fmt++);
			continue;
		}
		fmt++;
		int minus = 0, plus = 0, space = 0, alt = 0, zero = 0;

		for (;; fmt++) {
			if (*fmt == '-') {
				minus = 1;
			} else if (*fmt == '+') {
				plus = 1;
			} else if (*fmt == ' ') {
				space = 1;
			} else if (*fmt == '#') {
				alt = 1;
			} else if (*fmt == '0') {
				zero = 1;
			} else {
				break;
			}
		}
		int width = 0;

		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				minus = 1;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9') {
				width = width * 10 + (*fmt++ - '0');
			}
		}
		int precision = -1;

		if (*fmt == '.') {
			fmt++;
			precision = 0;
			if (*fmt == '*') {
				precision = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9') {
					precision = precision * 10 + (*fmt++ - '0');
				}
			}
		}
		int length = 0; /* 0 int, 1 long, 2 long long, 3 size_t/ptrdiff_t/intmax_t */

		while (*fmt == 'h' || *fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j') {
			if (*fmt == 'l') {
				length = length == 1 ? 2 : 1;
			} else if (*fmt == 'z' || *fmt == 't') {
				length = 3;
			} else if (*fmt == 'j') {
				length = 2;
			}
			fmt++;
		}
		char conv = *fmt ? *fmt++ : '\0';
		char buf[24];
		char *end = buf + sizeof(buf);
		const char *body = end;
		const char *prefix = "";
		int is_int = 0;

		switch (conv) {
		case '%':
			out_char('%');
			continue;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!minus) {
				out_pad(' ', width - 1);
			}
			out_char(c);
			if (minus) {
				out_pad(' ', width - 1);
			}
			continue;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;

			while (s[len] && (precision < 0 || len < precision)) {
				len++;
			}
			if (!minus) {
				out_pad(' ', width - len);
			}
			for (int i = 0; i < len; i++) {
				out_char(s[i]);
			}
			if (minus) {
				out_pad(' ', width - len);
			}
			continue;
		}
		case 'd':
		case 'i': {
			int64_t v = length == 2   ? va_arg(ap, long long)
				    : length == 1 ? va_arg(ap, long)
				    : length == 3 ? (int64_t)va_arg(ap, ptrdiff_t)
						  : va_arg(ap, int);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

			body = encode_uint(mag, 10, 0, end);
			prefix = v < 0 ? "-" : plus ? "+" : space ? " " : "";
			is_int = 1;
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = length == 2   ? va_arg(ap, unsigned long long)
				     : length == 1 ? va_arg(ap, unsigned long)
				     : length == 3 ? (uint64_t)va_arg(ap, size_t)
						   : va_arg(ap, unsigned int);

			body = encode_uint(v, conv == 'u' ? 10 : 16, conv == 'X', end);
			if (alt && conv != 'u' && v != 0) {
				prefix = conv == 'X' ? "0X" : "0x";
			}
			is_int = 1;
			break;
		}
		case 'p': {
			/* cbprintf_complete.c: "(nil)", otherwise 0x and the significant digits. */
			void *p = va_arg(ap, void *);

			if (p == NULL) {
				body = "(nil)";
				end = (char *)body + 5;
			} else {
				body = encode_uint((uintptr_t)p, 16, 0, end);
				prefix = "0x";
				is_int = 1;
			}
			break;
		}
		default:
			/* Not a conversion cbprintf knows: printed as it was written. */
			out_char('%');
			if (conv) {
				out_char(conv);
			}
			continue;
		}
		int len = (int)(end - body);
		int zeros = 0;

		if (is_int && precision >= 0) {
			zero = 0;
			if (len < precision) {
				zeros = precision - len;
			}
		}
		int plen = 0;

		while (prefix[plen]) {
			plen++;
		}
		int pad = width - len - zeros - plen;

		if (zero && !minus && is_int) {
			zeros += pad > 0 ? pad : 0;
			pad = 0;
		}
		if (!minus) {
			out_pad(' ', pad);
		}
		out_str(prefix);
		out_pad('0', zeros);
		for (const char *q = body; q < end; q++) {
			out_char(*q);
		}
		if (minus) {
			out_pad(' ', pad);
		}
	}
	va_end(ap);
	/* Zephyr's printk() returns nothing; the oracle leaves 0 in the return register. */
	return 0;
}

/* ---- the runner ---- */

static void out_hex(uintptr_t v)
{
	char buf[2 * sizeof(uintptr_t)];
	char *end = buf + sizeof(buf);
	char *p = encode_uint(v, 16, 0, end);

	out_pad('0', (int)(sizeof(buf) - (size_t)(end - p)));
	while (p < end) {
		out_char(*p++);
	}
}

static void out_dec(unsigned int v)
{
	char buf[12];
	char *end = buf + sizeof(buf);
	char *p = encode_uint(v, 10, 0, end);

	while (p < end) {
		out_char(*p++);
	}
}

/*
 * Calls fn(args[0..3]) on the board's calling-thread stack: the stack pointer starts at its
 * top (oracle_stack_top, from ld --defsym), as the engine starts a call, while the runner
 * itself runs on a stack of its own. Returns r0 / a0.
 */
#if defined(__arm__)
__attribute__((naked)) static uintptr_t oracle_invoke(uintptr_t fn, const uintptr_t *args)
{
	__asm__ volatile("push {r4, r5, lr}\n"
			 "mov r4, sp\n"
			 "ldr r5, =oracle_stack_top\n"
			 "mov sp, r5\n"
			 "mov r12, r0\n"
			 "ldr r0, [r1]\n"
			 "ldr r2, [r1, #8]\n"
			 "ldr r3, [r1, #12]\n"
			 "ldr r1, [r1, #4]\n"
			 "blx r12\n"
			 "mov sp, r4\n"
			 "pop {r4, r5, pc}\n"
			 ".ltorg\n");
}
#elif defined(__riscv)
#if __riscv_xlen == 64
#define REG_S "sd"
#define REG_L "ld"
#define REG_SZ "8"
#else
#define REG_S "sw"
#define REG_L "lw"
#define REG_SZ "4"
#endif
__attribute__((naked)) static uintptr_t oracle_invoke(uintptr_t fn, const uintptr_t *args)
{
	__asm__ volatile(".option push\n"
			 ".option norelax\n"
			 "addi sp, sp, -16\n" REG_S " ra, 0(sp)\n" REG_S " s0, " REG_SZ "(sp)\n"
			 "mv s0, sp\n"
			 "la sp, oracle_stack_top\n"
			 "mv t0, a0\n"
			 "mv t1, a1\n" REG_L " a0, 0(t1)\n" REG_L " a1, " REG_SZ "(t1)\n" REG_L
			 " a2, 2*" REG_SZ "(t1)\n" REG_L " a3, 3*" REG_SZ "(t1)\n"
			 "jalr t0\n"
			 "mv sp, s0\n" REG_L " ra, 0(sp)\n" REG_L " s0, " REG_SZ "(sp)\n"
			 "addi sp, sp, 16\n"
			 "ret\n"
			 ".option pop\n");
}
#elif defined(__XTENSA__)
/* In start-xtensa.s: CALLX0 with a1 at oracle_stack_top. */
uintptr_t oracle_invoke(uintptr_t fn, const uintptr_t *args);
#elif defined(__aarch64__)
uintptr_t oracle_invoke(uintptr_t fn, const uintptr_t *args); /* start-aarch64.s */
#endif

__attribute__((noreturn)) void oracle_main(void)
{
	for (unsigned int i = 0; oracle_plan[i].kind != 0; i++) {
		const struct oracle_step *s = &oracle_plan[i];
		uintptr_t target = s->kind == 2 ? *(const uintptr_t *)s->target : s->target;

		out_str("\001run ");
		out_dec(i);
		out_char('\n');
		uintptr_t ret = oracle_invoke(target, s->args);

		out_str("\001ret ");
		out_hex(ret);
		out_char('\n');
	}
	out_str("\001end\n");
	oracle_exit(1);
}

/* A fault ends the run: report it and stop, as z_fatal_error() halts the system. */
__attribute__((noreturn)) void oracle_fault_report(const char *cause, uintptr_t pc, uintptr_t addr)
{
	out_str("\001fault ");
	out_str(cause);
	out_str(" pc=");
	out_hex(pc);
	out_str(" addr=");
	out_hex(addr);
	out_char('\n');
	oracle_exit(0);
}

#if defined(__arm__)
/*
 * Cortex-M: the stacked frame's PC and the System Control Block's fault status
 * (arch/arm/core/cortex_m/fault.c reads the same registers).
 */
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2C)
#define SCB_MMFAR (*(volatile uint32_t *)0xE000ED34)
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38)

__attribute__((noreturn)) void oracle_cortex_m_fault(const uint32_t *frame, uint32_t ipsr)
{
	uint32_t cfsr = SCB_CFSR;
	uint32_t addr = 0;
	const char *cause = "hardfault";

	if (cfsr & 0x1) {
		cause = "memmanage-iaccviol";
	} else if (cfsr & 0x2) {
		cause = "memmanage-daccviol";
		addr = SCB_MMFAR;
	} else if (cfsr & 0x100) {
		cause = "busfault-ibuserr";
	} else if (cfsr & 0x200) {
		cause = "busfault-preciserr";
		addr = SCB_BFAR;
	} else if (cfsr & 0x400) {
		cause = "busfault-impreciserr";
	} else if (cfsr & 0x10000) {
		cause = "usagefault-undefinstr";
	} else if (cfsr & 0x20000) {
		cause = "usagefault-invstate";
	} else if (cfsr & 0x40000) {
		cause = "usagefault-invpc";
	} else if (cfsr & 0x1000000) {
		cause = "usagefault-unaligned";
	} else if (cfsr & 0x2000000) {
		cause = "usagefault-divbyzero";
	} else if ((ipsr & 0x1ff) != 3) {
		cause = "exception";
	}
	(void)SCB_HFSR;
	oracle_fault_report(cause, frame[6], addr);
}
#elif defined(__riscv)
/* RISC-V: mcause, mepc, mtval as the trap left them. */
__attribute__((noreturn)) void oracle_riscv_trap(uintptr_t mcause, uintptr_t mepc, uintptr_t mtval)
{
	static const char *const causes[] = {
		"instruction-misaligned", "instruction-access-fault", "illegal-instruction",
		"breakpoint", "load-misaligned", "load-access-fault", "store-misaligned",
		"store-access-fault", "ecall-u", "ecall-s", "reserved-10", "ecall-m",
		"instruction-page-fault", "load-page-fault", "reserved-14", "store-page-fault",
	};
	const char *cause = mcause < 16 ? causes[mcause] : "interrupt";

	oracle_fault_report(cause, mepc, mtval);
}
#elif defined(__XTENSA__)
/* Xtensa: EXCCAUSE, EPC1, EXCVADDR as the exception left them (start-xtensa.s). */
__attribute__((noreturn)) void oracle_xtensa_trap(uintptr_t exccause, uintptr_t epc1, uintptr_t excvaddr)
{
	static const char *const causes[] = {
		"illegal-instruction", "syscall", "instr-fetch-error", "load-store-error",
		"level1-interrupt", "alloca", "integer-divide-by-zero", "reserved-7",
		"privileged", "load-store-alignment", "reserved-10", "reserved-11",
		"instr-pif-data-error", "load-store-pif-data-error", "instr-pif-addr-error",
		"load-store-pif-addr-error", "inst-tlb-miss", "inst-tlb-multihit",
		"inst-fetch-privilege", "reserved-19", "inst-fetch-prohibited",
	};
	const char *cause = exccause < 21 ? causes[exccause] : "exception";

	oracle_fault_report(cause, epc1, excvaddr);
}
#elif defined(__aarch64__)
/*
 * AArch64: the exception class of ESR_EL1, ELR_EL1 and, for aborts, FAR_EL1
 * (arch/arm64/core/fatal.c: dump_esr() decodes the same fields).
 */
__attribute__((noreturn)) void oracle_arm64_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
	unsigned int fsc = (unsigned int)esr & 0x3f;
	const char *cause = "exception";
	uintptr_t addr = 0;

	switch (ec) {
	case 0x00:
		cause = "unknown-reason";
		break;
	case 0x15:
		cause = "svc";
		break;
	case 0x3c:
		cause = "brk";
		break;
	case 0x22:
		cause = "pc-alignment";
		addr = far;
		break;
	case 0x26:
		cause = "sp-alignment";
		break;
	case 0x21:
		cause = "instruction-abort";
		addr = far;
		break;
	case 0x25:
		cause = fsc == 0x21 ? "alignment" : "data-abort";
		addr = far;
		break;
	default:
		break;
	}
	oracle_fault_report(cause, elr, addr);
}
#endif
