/*
 * Freestanding stand-in for the parts of Zephyr's <zephyr/llext/symbol.h>,
 * <zephyr/sys/printk.h>, <zephyr/kernel.h> and <string.h> that an extension
 * sees when it is compiled with -DLL_EXTENSION_BUILD.
 *
 * The samples are built without a Zephyr tree, so this header reproduces the
 * ABI-relevant pieces only: the layout of the export table entry, the section
 * it lives in, and the prototypes of kernel functions the samples import.
 * Everything declared extern here stays an undefined symbol in the extension
 * and is resolved by the loader against the Zephyr image's export table.
 */
#ifndef LLEXT_SAMPLE_H
#define LLEXT_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * One export table entry. Zephyr's struct llext_const_symbol: the first
 * member is the name pointer, or the SLID when the image is built with
 * CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID. Two pointer-sized words.
 */
struct llext_const_symbol {
	union {
		const char *name;
		uintptr_t slid;
	};
	const void *addr;
};

#define LLEXT_SAMPLE_STRINGIFY_(x) #x
#define LLEXT_SAMPLE_STRINGIFY(x) LLEXT_SAMPLE_STRINGIFY_(x)

/*
 * In an extension build Zephyr's EXPORT_SYMBOL becomes LL_EXTENSION_SYMBOL:
 * a static entry in ".exported_sym", kept alive by `used` since nothing in the
 * extension refers to it. The loader builds the extension's symbol table from
 * this section after relocating it (the name and addr words carry ordinary
 * absolute relocations).
 */
#define EXPORT_SYMBOL(x)                                                      \
	static const struct llext_const_symbol                                \
		__attribute__((section(".exported_sym"), used))               \
		__llext_sym_##x = {                                           \
			.name = LLEXT_SAMPLE_STRINGIFY(x),                    \
			.addr = (const void *)&x,                             \
		}

#ifdef __cplusplus
extern "C" {
#endif

/* <zephyr/sys/printk.h> */
extern int printk(const char *fmt, ...);

/* <zephyr/kernel.h>: a timeout is a tick count wrapped in a struct. */
typedef struct {
	int64_t ticks;
} k_timeout_t;

extern int32_t k_sleep(k_timeout_t timeout);
extern void k_yield(void);
extern int64_t k_uptime_ticks(void);
extern void *k_malloc(size_t size);
extern void k_free(void *ptr);

/* <string.h>, provided by the image's C library */
extern void *memcpy(void *dst, const void *src, size_t n);
extern void *memset(void *dst, int c, size_t n);
extern size_t strlen(const char *s);
extern int strcmp(const char *a, const char *b);

#ifdef __cplusplus
}
#endif

#endif /* LLEXT_SAMPLE_H */
