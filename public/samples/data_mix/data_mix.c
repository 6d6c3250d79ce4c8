/*
 * Every allocated data kind at once, with pointers between them so that the
 * loader has to relocate data as well as code: a table in .data holding
 * pointers to strings (.rodata), to functions (.text) and to a constant
 * array (.rodata), a counter in .data and a scratch buffer in .bss.
 */
#include "llext_sample.h"

typedef int (*op_fn)(int a, int b);

struct op_entry {
	const char *name;
	op_fn fn;
	const int *weights;
};

static const int add_weights[4] = { 1, 2, 3, 4 };
static const int sub_weights[4] = { 10, 20, 30, 40 };

int calls_made = 5;            /* .data: non-zero initialiser */
static char scratch[64];       /* .bss */

static int op_add(int a, int b)
{
	return a + b;
}

static int op_sub(int a, int b)
{
	return a - b;
}

/* .data, because it holds addresses the loader must patch */
struct op_entry op_table[2] = {
	{ "add", op_add, add_weights },
	{ "sub", op_sub, sub_weights },
};

int test_entry(void)
{
	int total = 0;

	for (int i = 0; i < 2; i++) {
		const struct op_entry *e = &op_table[i];
		int r = e->fn(e->weights[i], e->weights[3]);

		scratch[i] = (char)r;
		total += r;
		calls_made++;
		printk("%s -> %d\n", e->name, r);
	}
	printk("calls made: %d, scratch at %p\n", calls_made, scratch);
	return total;
}
EXPORT_SYMBOL(test_entry);
