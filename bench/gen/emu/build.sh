#!/usr/bin/env bash
# Builds the emulator benchmark's objects (bench/objects/emu-work.*.llext) from emu_work.c with
# Zephyr's LLEXT flags for each architecture. Needs gcc-arm-none-eabi, gcc-riscv64-unknown-elf,
# gcc-xtensa-lx106 (a call0 object with long calls, which the windowed cores run as well) and
# gcc-aarch64-linux-gnu.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
OUT=../../objects
COMMON=(-O2 -ffreestanding -fno-common -nostdlib -fno-asynchronous-unwind-tables -fno-unwind-tables -c)
arm-none-eabi-gcc "${COMMON[@]}" -mcpu=cortex-m4 -mfloat-abi=soft -mthumb -mlong-calls emu_work.c -o "$OUT/emu-work.cortex-m4.llext"
riscv64-unknown-elf-gcc "${COMMON[@]}" -march=rv32imac_zicsr -mabi=ilp32 -mcmodel=medany -mno-relax emu_work.c -o "$OUT/emu-work.rv32.llext"
xtensa-lx106-elf-gcc "${COMMON[@]}" -mlongcalls -mtext-section-literals emu_work.c -o "$OUT/emu-work.lx106.llext"
aarch64-linux-gnu-gcc "${COMMON[@]}" -fno-pic emu_work.c -o "$OUT/emu-work.aarch64.llext"
