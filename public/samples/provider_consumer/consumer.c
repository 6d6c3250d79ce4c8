/*
 * Second half of an extension-to-extension link: shared_counter_inc and
 * shared_counter are not in the Zephyr image, so they only resolve when
 * provider.llext is already loaded. printk comes from the image.
 */
#include "llext_sample.h"

extern int shared_counter;
extern int shared_counter_inc(int by);

int test_entry(void)
{
	int v = shared_counter_inc(2);

	printk("consumer: got %d, counter reads %d\n", v, shared_counter);
	return v;
}
EXPORT_SYMBOL(test_entry);
