/*
 * The smallest useful extension, after Zephyr's tests/subsys/llext
 * hello_world_ext.c: two printk calls, one read-only constant and an
 * exported entry point the application looks up by name. Printing the
 * constant's address keeps it in .rodata (gcc would otherwise fold the value
 * into the code) and shows where the loader placed it.
 */
#include "llext_sample.h"

static const uint32_t number = 42;

void test_entry(void)
{
	printk("hello world\n");
	printk("A number is %u (at %p)\n", number, &number);
}
EXPORT_SYMBOL(test_entry);
