// The QEMU oracle's AArch64 start (QEMU virt, cortex-a53: EL1 from the ELF entry, MMU off).
// As arch/arm64/core/reset.c: z_arm64_el1_init() does for Zephyr: Advanced SIMD and floating
// point do not trap (CPACR_EL1.FPEN), the SP alignment check is on (SCTLR_EL1.SA) and the
// alignment check is off (SCTLR_EL1.A). The runner has a stack of its own (the called
// functions run on the board's calling-thread stack, see oracle_invoke below); every
// exception goes to oracle_arm64_fault in runtime.c.
	.section .oracle.start, "ax", %progbits
	.global _start
_start:
	adrp x0, oracle_harness_stack_top
	add x0, x0, :lo12:oracle_harness_stack_top
	mov sp, x0
	adrp x0, oracle_vectors
	add x0, x0, :lo12:oracle_vectors
	msr vbar_el1, x0
	mov x0, #(3 << 20)
	msr cpacr_el1, x0
	mrs x0, sctlr_el1
	orr x0, x0, #(1 << 3)
	bic x0, x0, #(1 << 1)
	msr sctlr_el1, x0
	isb
	bl oracle_main
1:	b 1b

// uintptr_t oracle_invoke(uintptr_t fn, const uintptr_t *args): calls fn(args[0..3]) with sp at
// the top of the board's calling-thread stack (oracle_stack_top, from ld --defsym); returns x0.
	.text
	.balign 4
	.global oracle_invoke
oracle_invoke:
	stp x29, x30, [sp, #-16]!
	mov x29, sp
	mov x9, x0
	mov x10, x1
	adrp x11, oracle_stack_top
	add x11, x11, :lo12:oracle_stack_top
	mov sp, x11
	ldp x0, x1, [x10]
	ldp x2, x3, [x10, #16]
	blr x9
	mov sp, x29
	ldp x29, x30, [sp], #16
	ret

// VBAR_EL1: 16 entries of 128 bytes. Every one reports the exception with the harness's own
// stack (the faulting code's sp may be what faulted).
	.section .oracle.vectors, "ax", %progbits
	.balign 2048
oracle_vectors:
	.rept 16
	.balign 128
	adrp x3, oracle_harness_stack_top
	add x3, x3, :lo12:oracle_harness_stack_top
	mov sp, x3
	mrs x0, esr_el1
	mrs x1, elr_el1
	mrs x2, far_el1
	b oracle_arm64_fault
	.endr
