/*
 * Code that runs on llext_bringup()/llext_teardown(): two entries in
 * .preinit_array, one in .init_array and one in .fini_array. The arrays hold
 * function pointers (absolute relocations into .text); Zephyr requires
 * sh_entsize == sizeof(void *) for them and calls the entries in array order.
 * Each stage shifts a nibble into `trail`, so 0x123 after bringup proves the
 * order preinit_a, preinit_b, init, and teardown turns it into 0x1234.
 */
#include "llext_sample.h"

static int trail;

static void preinit_a(void)
{
	trail = 1;
}

static void preinit_b(void)
{
	trail = (trail << 4) | 2;
}

/* gcc has no attribute for .preinit_array; place the pointers by hand */
__attribute__((section(".preinit_array"), used))
static void (*const preinit_entries[])(void) = { preinit_a, preinit_b };

/* constructor/destructor land in .init_array/.fini_array on EABI targets */
__attribute__((constructor)) static void init_stage(void)
{
	trail = (trail << 4) | 3;
}

__attribute__((destructor)) static void fini_stage(void)
{
	trail = (trail << 4) | 4;
	printk("fini: trail 0x%x\n", trail);
}

int test_entry(void)
{
	printk("test_entry: trail 0x%x (expect 0x123)\n", trail);
	return trail;
}
EXPORT_SYMBOL(test_entry);
