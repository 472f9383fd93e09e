/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/stddef.h - shadows the UAPI header of the same name (which defines
 * __struct_group and friends), so it includes it where the host has it.
 */
#ifndef UKMEM_LINUX_STDDEF_H
#define UKMEM_LINUX_STDDEF_H

#if defined(__has_include_next)
#if __has_include_next(<linux/stddef.h>)
#include_next <linux/stddef.h>
#endif
#endif
#include <stddef.h>

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#endif
