/*
 * An extension whose regions need more than the default
 * CONFIG_LLEXT_HEAP_SIZE of 8 KiB: a 12 KiB .bss buffer plus a 1 KiB
 * look-up table in .rodata. It fits once the heap is raised to 32 KiB.
 */
#include "llext_sample.h"

#define BUF_SIZE (12 * 1024)

/*
 * Global, so that it stays in .bss: gcc -O2 deletes a static array that only
 * test_entry writes and reads back, and the extension would then be small.
 */
uint8_t frame_buffer[BUF_SIZE];

/* 256 words; values only need to be non-zero so the table lands in .rodata */
#define ROW(b) (b) * 4 + 1, (b) * 4 + 2, (b) * 4 + 3, (b) * 4 + 4
#define ROW16(b) ROW(b), ROW(b + 1), ROW(b + 2), ROW(b + 3)
#define ROW64(b) ROW16(b), ROW16(b + 4), ROW16(b + 8), ROW16(b + 12)
static const uint32_t gamma_table[256] = {
	ROW64(0), ROW64(16), ROW64(32), ROW64(48),
};

int test_entry(void)
{
	uint32_t sum = 0;

	for (int i = 0; i < BUF_SIZE; i++) {
		frame_buffer[i] = (uint8_t)gamma_table[i & 255];
		sum += frame_buffer[i];
	}
	printk("filled %d bytes, checksum %u\n", BUF_SIZE, sum);
	return (int)sum;
}
EXPORT_SYMBOL(test_entry);
