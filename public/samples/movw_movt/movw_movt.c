/*
 * Address materialisation without literal pools. With -mslow-flash-data
 * (Thumb-2) or in A32 mode for Cortex-A, gcc loads addresses with MOVW/MOVT
 * pairs, so the loader must split each 32-bit address into two 16-bit
 * immediates (R_ARM_*MOVW_ABS_NC and R_ARM_*MOVT_ABS).
 */
#include "llext_sample.h"

static const char banner[] = "movw/movt";
static int hits;
uint32_t last_value = 0x12345678u;

int test_entry(void)
{
	hits++;
	last_value ^= (uint32_t)hits;
	printk("%s: hits=%d value=%x\n", banner, hits, last_value);
	return hits;
}
EXPORT_SYMBOL(test_entry);
