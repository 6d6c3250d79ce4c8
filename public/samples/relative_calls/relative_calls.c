/*
 * Functions calling each other inside the extension plus one call out to the
 * kernel. Built twice: with Zephyr's -mlong-calls (every external call loads
 * the target from a literal, R_ARM_ABS32) and without it (calls are BL
 * instructions, R_ARM_THM_CALL, which only reach +-16 MiB).
 */
#include "llext_sample.h"

/* noinline keeps the calls visible as calls */
__attribute__((noinline)) int fib_step(int a, int b)
{
	return a + b;
}

__attribute__((noinline)) int fib(int n)
{
	int a = 0, b = 1;

	while (n-- > 0) {
		int t = fib_step(a, b);

		a = b;
		b = t;
	}
	return a;
}

int test_entry(void)
{
	int v = fib(10);

	printk("fib(10) = %d\n", v);
	return v;
}
EXPORT_SYMBOL(test_entry);
