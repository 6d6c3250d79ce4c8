/*
 * Second translation unit of the multi_file extension: a calibration table
 * in .rodata, a running count in .data and the helper the first unit calls.
 */
#include "llext_sample.h"

const int32_t calibration[4] = { -12, 7, 0, 31 };
int32_t readings_scaled = 1;

int32_t scale_reading(int32_t raw, int channel)
{
	readings_scaled++;
	return raw * 3 / 2 + calibration[channel & 3];
}
