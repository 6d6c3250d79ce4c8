# The QEMU oracle's Xtensa start (qemu-system-xtensa -M sim -cpu dc233c: the ELF's code at the
# reset vector 0xfe000000, in the sim machine's ROM). The board profile's RAM sits at
# 0x60000000; the sim machine's RAM is at physical 0, so the 512 MiB region 0x60000000 of
# the MMU's spanning way is mapped there (the ELF's load addresses are physical). Code is
# call0 (lx106), which the windowed dc233c runs as it is. The runner has a stack of its own
# (the called functions run on the board's calling-thread stack, see oracle_invoke); every
# exception goes to oracle_xtensa_trap.
	.section .oracle.start, "ax"
	.global _start
_start:
	j 1f
	.balign 4
.Lmain:	.word oracle_main
.Lvec:	.word oracle_vectors
.Lstack:	.word oracle_harness_stack_top
1:	# way 6, entry 3 (0x60000000..0x7fffffff) -> physical 0, RWX write-back (attribute 7)
	movi a2, 0x600
	slli a2, a2, 20
	addi a2, a2, 6
	movi a3, 7
	.byte 0x30, 0xe2, 0x50	# wdtlb a3, a2
	.byte 0x30, 0x62, 0x50	# witlb a3, a2
	isync
	dsync
	l32r a2, .Lvec
	wsr.vecbase a2
	# PS: user vector mode (UM), EXCM clear, interrupts at level 0 (none is enabled)
	movi a2, 0x20
	wsr.ps a2
	rsync
	l32r a1, .Lstack
	l32r a2, .Lmain
	callx0 a2
2:	j 2b

# Exceptions: kernel (0x300), user (0x340) and double (0x3c0) vectors report EXCCAUSE, EPC1
# and EXCVADDR.
	.section .oracle.vectors, "ax"
	.global oracle_vectors
oracle_vectors:
.Ltrap:	.word oracle_xtensa_trap
	.org 0x300
	j .Lreport
	.org 0x340
	j .Lreport
	.org 0x3c0
	j .Lreport
.Lreport:
	rsr.exccause a2
	rsr.epc1 a3
	rsr.excvaddr a4
	l32r a8, .Ltrap
	callx0 a8
3:	j 3b

# uintptr_t oracle_invoke(uintptr_t fn, const uintptr_t *args): calls fn(args[0..3]) on the
# board's calling-thread stack (oracle_stack_top, from ld --defsym), as the engine starts a
# call, with CALLX0; returns a2.
	.text
	.balign 4
.Lboard_stack:	.word oracle_stack_top
	.global oracle_invoke
	.type oracle_invoke, @function
oracle_invoke:
	addi a1, a1, -16
	s32i a0, a1, 0
	s32i a12, a1, 4
	mov a12, a1
	l32r a8, .Lboard_stack
	mov a1, a8
	mov a8, a2
	l32i a2, a3, 0
	l32i a4, a3, 8
	l32i a5, a3, 12
	l32i a3, a3, 4
	callx0 a8
	mov a1, a12
	l32i a0, a1, 0
	l32i a12, a1, 4
	addi a1, a1, 16
	ret
