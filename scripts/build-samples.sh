#!/usr/bin/env bash
# Rebuilds every sample extension in public/samples from its C sources.
#
# Layout: one directory per source sample (public/samples/data_mix/, ...).
# Outputs sit next to their sources and are named <sample>.<variant>.llext.
# The ARM Cortex-M4 build made with Zephyr's default ARM flags has no variant
# part (data_mix/data_mix.llext); the others name arch and options, e.g.
# data_mix.riscv32-medany.llext or hello_world.arm64.slid.llext. Catalogue ids
# in public/samples/index.json follow the same pattern with dashes
# (data_mix, data_mix-riscv32-medany, hello_world-arm64-slid).
#
# Flags follow cmake/modules/llext.cmake: the application's flags minus
# LLEXT_REMOVE_FLAGS (-Os, -ffunction-sections, -fdata-sections, -fno-pic,
# -g...) plus the arch's LLEXT_APPEND_FLAGS. COMMON stands for what is left of
# a typical application's flags. Nothing here emits debug info, and every
# source is compiled from its own directory, so the only path that reaches an
# output is the source's base name in its STT_FILE symbol.
#
# The catalogue's "flags" strings spell out each output's commands; after a
# change here, scripts/check-sample-flags.mjs replays them and compares bytes.
#
# Needs: gcc-arm-none-eabi gcc-riscv64-unknown-elf gcc-xtensa-lx106
# binutils-xtensa-lx106 gcc-arc-linux-gnu gcc-aarch64-linux-gnu clang lld
# gcc (host, for x86) node.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SAMPLES=$ROOT/public/samples
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Optimisation level, -O2 unless a build sets OPT. LLEXT_REMOVE_FLAGS drops
# -Os, so an image built with the default CONFIG_SIZE_OPTIMIZATIONS compiles
# its extensions with no -O option at all (-O0); -O2 is what an image with
# CONFIG_SPEED_OPTIMIZATIONS passes through.
DEFAULT_OPT=-O2
COMMON=(-ffreestanding -fno-common -nostdlib -fno-asynchronous-unwind-tables -fno-unwind-tables -I../include)

# Zephyr ARM APPEND flags (-mlong-calls -mthumb) on a Cortex-M4 board
ARM_M4=(-mcpu=cortex-m4 -mfloat-abi=soft -mthumb -mlong-calls)
# Zephyr RISC-V APPEND flags besides -march/-mabi/-mcmodel
RV_LLEXT=(-mno-relax -msmall-data-limit=0)
RV32=(-march=rv32imac -mabi=ilp32)
RV64=(-march=rv64gc -mabi=lp64d)
# The host gcc builds PIE by default; Zephyr's x86 cross compilers do not.
X86=(-fno-pic)
# Debian's aarch64-linux-gnu-gcc builds PIE by default; aarch64-zephyr-elf-gcc
# does not. Zephyr's ARM64 flags append nothing for extensions.
ARM64=(-fno-pic)
# Zephyr Xtensa APPEND flags; -ffreestanding is already in COMMON
XTENSA=(-nodefaultlibs)
ARC=(-fno-pic)

RV32_LD=(riscv64-unknown-elf-ld -m elf32lriscv)
RV64_LD=(riscv64-unknown-elf-ld)

output_name() { # <sample> <variant>
  if [ -n "$2" ]; then echo "$1.$2.llext"; else echo "$1.llext"; fi
}

# LLEXT_TYPE_ELF_OBJECT: the compiler's object file is the extension.
# object <sample> <variant> <cc...> -- <flags...>
object() {
  local sample=$1 variant=$2; shift 2
  local cc=() out
  while [ "$1" != "--" ]; do cc+=("$1"); shift; done; shift
  out=$(output_name "$sample" "$variant")
  (cd "$SAMPLES/$sample" && "${cc[@]}" "${OPT:-$DEFAULT_OPT}" "${COMMON[@]}" "$@" -c "$sample.c" -o "$out")
  echo "  $sample/$out"
}

# LLEXT_TYPE_ELF_RELOCATABLE: compile each source, partially link (-r), then
# drop .xt.* sections with objcopy as Zephyr's packaging step does.
# SOURCES (space separated) defaults to <sample>.c. REMOVE_SECTIONS (space
# separated) names further sections to drop in the objcopy step; objcopy
# drops their relocation sections with them.
# relocatable <sample> <variant> <objcopy> <ld...> -- <cc...> -- <flags...>
relocatable() {
  local sample=$1 variant=$2 objcopy=$3; shift 3
  local ld=() cc=() objs=() out src section remove=(--remove-section='.xt.*')
  for section in ${REMOVE_SECTIONS:-}; do remove+=(--remove-section="$section"); done
  while [ "$1" != "--" ]; do ld+=("$1"); shift; done; shift
  while [ "$1" != "--" ]; do cc+=("$1"); shift; done; shift
  out=$(output_name "$sample" "$variant")
  for src in ${SOURCES:-$sample.c}; do
    (cd "$SAMPLES/$sample" && "${cc[@]}" "${OPT:-$DEFAULT_OPT}" "${COMMON[@]}" "$@" -c "$src" -o "$TMP/${src%.c}.o")
    objs+=("$TMP/${src%.c}.o")
  done
  "${ld[@]}" -r "${objs[@]}" -o "$TMP/partial.o"
  "$objcopy" "${remove[@]}" "$TMP/partial.o" "$SAMPLES/$sample/$out"
  rm -f "${objs[@]}" "$TMP/partial.o"
  echo "  $sample/$out"
}

# LLEXT_TYPE_ELF_SHAREDLIB: link a shared object, then strip .xt.* (plain
# strip also drops .symtab, leaving .dynsym, as in Zephyr's packaging).
# sharedlib <sample> <variant> <strip> <cc...> -- <flags...>
sharedlib() {
  local sample=$1 variant=$2 strip=$3; shift 3
  local cc=() out
  while [ "$1" != "--" ]; do cc+=("$1"); shift; done; shift
  out=$(output_name "$sample" "$variant")
  (cd "$SAMPLES/$sample" && "${cc[@]}" "${OPT:-$DEFAULT_OPT}" "${COMMON[@]}" "$@" -fPIC -shared "$sample.c" -o "$TMP/lib.so")
  "$strip" --remove-section='.xt.*' -o "$SAMPLES/$sample/$out" "$TMP/lib.so"
  rm -f "$TMP/lib.so"
  echo "  $sample/$out"
}

# CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID: the last packaging step.
# slid <sample> <variant of the input> <variant of the output>
slid() {
  local sample=$1
  node "$ROOT/scripts/inject-slids.mjs" \
    "$SAMPLES/$sample/$(output_name "$sample" "$2")" \
    "$SAMPLES/$sample/$(output_name "$sample" "$3")" >/dev/null
  echo "  $sample/$(output_name "$sample" "$3")"
}

echo "ARM Cortex-M4 (Thumb-2), ELF_OBJECT"
for s in hello_world data_mix missing_import big_heap; do
  object "$s" "" arm-none-eabi-gcc -- "${ARM_M4[@]}"
done
# -O0 as with a default (size-optimised) image. At -O2 gcc moves the
# constructor and destructor to .text.startup and .text.exit, after .rodata in
# the file, and the TEXT region then overlaps RODATA: that build must fail.
OPT=-O0 object init_fini "" arm-none-eabi-gcc -- "${ARM_M4[@]}"
OPT=-O2 object init_fini O2 arm-none-eabi-gcc -- "${ARM_M4[@]}"
object relative_calls "" arm-none-eabi-gcc -- "${ARM_M4[@]}"
object cpu_mix "" arm-none-eabi-gcc -- "${ARM_M4[@]}"
# C++ with a weak vtable, with the flags Zephyr adds for C++ extensions.
(cd "$SAMPLES/weak_vtable" &&
  arm-none-eabi-g++ "$DEFAULT_OPT" "${COMMON[@]}" "${ARM_M4[@]}" -fno-rtti -fno-exceptions -c weak_vtable.cpp -o weak_vtable.llext)
echo "  weak_vtable/weak_vtable.llext"
object relative_calls short-calls arm-none-eabi-gcc -- -mcpu=cortex-m4 -mfloat-abi=soft -mthumb
object movw_movt "" arm-none-eabi-gcc -- "${ARM_M4[@]}" -mslow-flash-data
object movw_movt a32 arm-none-eabi-gcc -- -mcpu=cortex-a9 -mfloat-abi=soft -marm
(cd "$SAMPLES/provider_consumer" &&
  for s in provider consumer; do
    arm-none-eabi-gcc "$DEFAULT_OPT" "${COMMON[@]}" "${ARM_M4[@]}" -c "$s.c" -o "$s.llext"
    echo "  provider_consumer/$s.llext"
  done)
# clang writes .strtab at section index 1, before .symtab: Zephyr cannot find
# the symbol string table, so this one must fail.
object data_mix clang clang --target=thumbv7em-none-eabi -- -mcpu=cortex-m4 -mfloat-abi=soft -mlong-calls
slid hello_world "" slid

echo "ARM Cortex-M4, RELOCATABLE and SHAREDLIB"
SOURCES="multi_file_main.c multi_file_scale.c" \
  relocatable multi_file "" arm-none-eabi-objcopy arm-none-eabi-ld -- arm-none-eabi-gcc -- "${ARM_M4[@]}"
sharedlib data_mix so arm-none-eabi-strip arm-none-eabi-gcc -- "${ARM_M4[@]}"
# The clang object through GNU ld -r, which writes .symtab, .strtab and
# .shstrtab last, in that order. clang emits .ARM.exidx even with
# -fno-unwind-tables; Zephyr does not load that section and refuses the
# relocations patching it, so packaging removes it.
REMOVE_SECTIONS=.ARM.exidx \
  relocatable data_mix clang-relocatable arm-none-eabi-objcopy arm-none-eabi-ld -- clang --target=thumbv7em-none-eabi -- -mcpu=cortex-m4 -mfloat-abi=soft -mlong-calls

echo "RISC-V, RELOCATABLE"
relocatable hello_world riscv32-medlow riscv64-unknown-elf-objcopy "${RV32_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV32[@]}" -mcmodel=medlow "${RV_LLEXT[@]}"
relocatable hello_world riscv64-medany riscv64-unknown-elf-objcopy "${RV64_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV64[@]}" -mcmodel=medany "${RV_LLEXT[@]}"
slid hello_world riscv64-medany riscv64-medany.slid
relocatable data_mix riscv32-medlow riscv64-unknown-elf-objcopy "${RV32_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV32[@]}" -mcmodel=medlow "${RV_LLEXT[@]}"
relocatable data_mix riscv32-medany riscv64-unknown-elf-objcopy "${RV32_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV32[@]}" -mcmodel=medany "${RV_LLEXT[@]}"
relocatable data_mix riscv64-medany riscv64-unknown-elf-objcopy "${RV64_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV64[@]}" -mcmodel=medany "${RV_LLEXT[@]}"
# Without -mno-relax: R_RISCV_RELAX everywhere, and -falign-functions=4 makes
# the assembler emit R_RISCV_ALIGN for the padding between functions.
relocatable data_mix riscv32-relax riscv64-unknown-elf-objcopy "${RV32_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV32[@]}" -mcmodel=medany -msmall-data-limit=0 -falign-functions=4
relocatable data_mix riscv32-clang llvm-objcopy ld.lld -- clang --target=riscv32-unknown-elf -- "${RV32[@]}" -mcmodel=medlow "${RV_LLEXT[@]}"
relocatable cpu_mix riscv32-medlow riscv64-unknown-elf-objcopy "${RV32_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV32[@]}" -mcmodel=medlow "${RV_LLEXT[@]}"
relocatable cpu_mix riscv64-medany riscv64-unknown-elf-objcopy "${RV64_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV64[@]}" -mcmodel=medany "${RV_LLEXT[@]}"
SOURCES="multi_file_main.c multi_file_scale.c" \
  relocatable multi_file riscv32-medany riscv64-unknown-elf-objcopy "${RV32_LD[@]}" -- riscv64-unknown-elf-gcc -- "${RV32[@]}" -mcmodel=medany "${RV_LLEXT[@]}"

echo "x86, ELF_OBJECT"
object hello_world x86_64 gcc -- "${X86[@]}" -m64 -mcmodel=small
object data_mix x86_64-small gcc -- "${X86[@]}" -m64 -mcmodel=small
object data_mix x86_64-large gcc -- "${X86[@]}" -m64 -mcmodel=large
object hello_world i386 gcc -- "${X86[@]}" -m32
object data_mix i386 gcc -- "${X86[@]}" -m32

echo "AArch64, ELF_OBJECT"
object hello_world arm64 aarch64-linux-gnu-gcc -- "${ARM64[@]}"
slid hello_world arm64 arm64.slid
object data_mix arm64 aarch64-linux-gnu-gcc -- "${ARM64[@]}"
object data_mix arm64-large aarch64-linux-gnu-gcc -- "${ARM64[@]}" -mcmodel=large
# clang's section order (.strtab at index 1) again: this one must fail.
object data_mix arm64-clang clang --target=aarch64-none-elf --
object cpu_mix arm64 aarch64-linux-gnu-gcc -- "${ARM64[@]}"

echo "Xtensa lx106"
sharedlib hello_world lx106-pic xtensa-lx106-elf-strip xtensa-lx106-elf-gcc -- "${XTENSA[@]}"
sharedlib data_mix lx106-pic xtensa-lx106-elf-strip xtensa-lx106-elf-gcc -- "${XTENSA[@]}"
object data_mix lx106 xtensa-lx106-elf-gcc -- "${XTENSA[@]}"
object data_mix lx106-longcalls xtensa-lx106-elf-gcc -- "${XTENSA[@]}" -mlongcalls -mtext-section-literals
object cpu_mix lx106-longcalls xtensa-lx106-elf-gcc -- "${XTENSA[@]}" -mlongcalls -mtext-section-literals

echo "ARC, ELF_OBJECT"
object hello_world archs arc-linux-gnu-gcc -- "${ARC[@]}" -mcpu=archs
object data_mix archs arc-linux-gnu-gcc -- "${ARC[@]}" -mcpu=archs
object data_mix arcem-longcalls arc-linux-gnu-gcc -- "${ARC[@]}" -mcpu=em -mlong-calls

echo "OpenRISC (no Debian toolchain: written by scripts/build-openrisc-sample.mjs)"
(cd "$SAMPLES/hello_or1k" && node "$ROOT/scripts/build-openrisc-sample.mjs" hello_or1k.llext)
