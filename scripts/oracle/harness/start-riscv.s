# The QEMU oracle's RISC-V start (QEMU virt, -bios none: machine mode from the ELF entry).
# The runner has a stack of its own (the called functions run on the board's calling-thread
# stack, see oracle_invoke in runtime.c); every trap goes to oracle_riscv_trap.
	.option norelax
	.section .oracle.start, "ax", @progbits
	.global _start
_start:
	la sp, oracle_harness_stack_top
	la t0, oracle_trap
	csrw mtvec, t0
	# mstatus.FS = Initial: floating-point instructions (rv64gc) do not trap.
	li t0, 0x2000
	csrs mstatus, t0
	call oracle_main
1:	j 1b

	.text
	.balign 4
oracle_trap:
	csrr a0, mcause
	csrr a1, mepc
	csrr a2, mtval
	call oracle_riscv_trap
1:	j 1b
