/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/export.h - EXPORT_SYMBOL and friends.
 *
 * In the kernel these put a symbol into the table other modules link
 * against.  A ukmem module is a shared object dlopen()ed RTLD_LOCAL, so
 * modules do not see each other's symbols (docs/MODULES.md); everything a
 * module may call is in libukmem.  The macros therefore only check that the
 * symbol is declared, and swallow the semicolon.
 */
#ifndef UKMEM_LINUX_EXPORT_H
#define UKMEM_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS(sym, ns) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL_FOR_MODULES(sym, mods) extern __typeof__(sym) sym

#endif /* UKMEM_LINUX_EXPORT_H */
