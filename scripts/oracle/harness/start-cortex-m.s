@ The QEMU oracle's Cortex-M start: the vector table at 0 (VTOR's reset value), with the
@ harness's own stack top as the initial SP (the called functions run on the board's
@ calling-thread stack, see oracle_invoke in runtime.c), and one handler for every fault.
	.syntax unified
	.thumb

	.section .oracle.vectors, "a", %progbits
	.word oracle_harness_stack_top
	.word oracle_reset
	.rept 14
	.word oracle_fault
	.endr

	.text
	.thumb_func
	.global oracle_reset
oracle_reset:
	@ As arch/arm/core/cortex_m/fault.c: z_arm_fault_init() and the SHCSR set-up of
	@ Zephyr's Cortex-M start: MemManage, BusFault and UsageFault have their own
	@ handlers, and integer division by zero traps.
	ldr r0, =0xE000ED24		@ SHCSR
	ldr r1, [r0]
	orr r1, r1, #0x70000		@ MEMFAULTENA | BUSFAULTENA | USGFAULTENA
	str r1, [r0]
	ldr r0, =0xE000ED14		@ CCR
	ldr r1, [r0]
	orr r1, r1, #0x10		@ DIV_0_TRP
	str r1, [r0]
	dsb
	isb
	bl oracle_main
	b .

	.thumb_func
	.global oracle_fault
oracle_fault:
	tst lr, #4
	ite eq
	mrseq r0, msp
	mrsne r0, psp
	mrs r1, ipsr
	b oracle_cortex_m_fault
	.pool
