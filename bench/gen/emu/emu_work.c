/* The emulator benchmark's workload (npm run bench, key emuMips): an LLEXT extension whose
 * exported function runs a mix of what extension code does, loads, stores, shifts, branches,
 * calls and a multiply, for as many rounds as asked. Built by build.sh for the Cortex-M4,
 * RV32IMAC and Xtensa (lx106, call0); the objects sit in bench/objects/. */
#include <stdint.h>

#define EXPORT_SYMBOL(x) \
	static const struct { const char *name; const void *addr; } __llext_sym_##x \
	__attribute__((section(".exported_sym"), used)) = { #x, (const void *)&x }

static uint8_t buf[256];
static uint32_t table[16];

static __attribute__((noinline)) uint32_t crc_byte(uint32_t crc, uint8_t b)
{
	crc ^= b;
	for (int k = 0; k < 8; k++)
		crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
	return crc;
}

uint32_t emu_work(uint32_t rounds)
{
	uint32_t crc = 0xFFFFFFFFu, acc = 1;

	for (uint32_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7u + 3u);
	for (uint32_t r = 0; r < rounds; r++) {
		for (uint32_t i = 0; i < sizeof(buf); i++)
			crc = crc_byte(crc, buf[i]);
		table[r & 15u] += crc;
		acc = acc * 1664525u + table[(r + 3u) & 15u];
	}
	return ~crc ^ acc;
}
EXPORT_SYMBOL(emu_work);
