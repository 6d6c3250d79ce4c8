/*
 * Two translation units combined into one extension with a partial link
 * (`ld -r`), which is how Zephyr packages LLEXT_TYPE_ELF_RELOCATABLE
 * extensions. After the partial link the call to scale_reading() and the
 * reference to calibration[] are no longer imports: they resolve inside the
 * extension.
 */
#include "llext_sample.h"

extern const int32_t calibration[4];
extern int32_t scale_reading(int32_t raw, int channel);

int test_entry(void)
{
	int32_t sum = 0;

	for (int ch = 0; ch < 4; ch++) {
		sum += scale_reading(100 * (ch + 1), ch);
	}
	printk("scaled sum %d (offset[0] = %d)\n", sum, calibration[0]);
	return sum;
}
EXPORT_SYMBOL(test_entry);
