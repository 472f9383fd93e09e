/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UKMEM_LINUX_IO_H
#define UKMEM_LINUX_IO_H

#include <linux/types.h>
#include <asm/io.h>

#endif
