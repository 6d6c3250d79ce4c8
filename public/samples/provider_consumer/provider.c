/*
 * First half of an extension-to-extension link: this extension exports a
 * function and a data object. Load it before consumer.llext, which imports
 * both by name.
 */
#include "llext_sample.h"

int shared_counter = 100;

int shared_counter_inc(int by)
{
	shared_counter += by;
	printk("provider: counter is now %d\n", shared_counter);
	return shared_counter;
}
EXPORT_SYMBOL(shared_counter_inc);
EXPORT_SYMBOL(shared_counter);
