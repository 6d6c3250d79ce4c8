/*
 * hello_or1k: the OpenRISC 1000 gallery sample. No Debian toolchain targets OpenRISC,
 * so the object is written instruction by instruction (wasm-core/test/elf/hello-or1k.ts,
 * by scripts/build-openrisc-sample.mjs) rather than assembled from this file; this is
 * what it holds, as GNU as for or1k-elf would take it. Big-endian ELF32, RELA.
 *
 *   #include <zephyr/llext/symbol.h>
 *   void test_entry(void) { printk("Hello from OpenRISC\n"); }
 *   EXPORT_SYMBOL(test_entry);
 */
        .section .rodata
        .align  4
.LC0:   .string "Hello from OpenRISC\n"
.LC1:   .string "test_entry"

        .text
        .align  4
        .global test_entry
        .type   test_entry, @function
test_entry:                             /* encoding   relocation */
        l.addi  r1, r1, -4              /* 9c21fffc              */
        l.sw    0(r1), r9               /* d4014800              */
        l.movhi r3, hi(.LC0)            /* 18600000   R_OR1K_HI_16_IN_INSN .LC0 */
        l.jal   printk                  /* 04000000   R_OR1K_INSN_REL_26 printk */
         l.ori  r3, r3, lo(.LC0)        /* a8630000   R_OR1K_LO_16_IN_INSN .LC0 (delay slot) */
        l.lwz   r9, 0(r1)               /* 85210000              */
        l.jr    r9                      /* 44004800              */
         l.addi r1, r1, 4               /* 9c210004   (delay slot) */
        .size   test_entry, 32

        /* EXPORT_SYMBOL(test_entry): struct llext_symbol { const char *name; void *addr; } */
        .section .exported_sym, "a"
        .align  4
        .global __llext_sym_test_entry
        .type   __llext_sym_test_entry, @object
__llext_sym_test_entry:
        .long   .LC1                    /* R_OR1K_32 .LC1 */
        .long   test_entry              /* R_OR1K_32 test_entry */
        .size   __llext_sym_test_entry, 8
