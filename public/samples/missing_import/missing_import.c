/*
 * Calls two functions that no Zephyr image exports. Loading must fail while
 * linking: the lookup falls through the image's export table and every
 * loaded extension, and the loader reports the undefined symbol.
 */
#include "llext_sample.h"

extern int board_secret_init(uint32_t key);
extern void undefined_helper(const char *why);

int test_entry(void)
{
	int rc = board_secret_init(0xC0FFEEu);

	if (rc != 0) {
		undefined_helper("secret init failed");
	}
	printk("secret init: %d\n", rc);
	return rc;
}
EXPORT_SYMBOL(test_entry);
