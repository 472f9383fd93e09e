/* SPDX-License-Identifier: GPL-2.0 */
/*
 * asm/ptrace.h - the registers of a trapped access, as far as ukmem's
 * fault handling uses them: the faulting instruction and the stack
 * pointer (the kernel's x86 struct pt_regs has every register; the oops
 * handler prints the rest from the host's signal context).
 */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

struct pt_regs {
	unsigned long ip; /* the faulting instruction */
	unsigned long sp;
};

#endif /* _ASM_PTRACE_H */
