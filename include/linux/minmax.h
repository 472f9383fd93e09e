/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UKMEM_LINUX_MINMAX_H
#define UKMEM_LINUX_MINMAX_H

#define min(a, b)                        \
	({                               \
		__typeof__(a) __a = (a); \
		__typeof__(b) __b = (b); \
		__a < __b ? __a : __b;   \
	})
#define max(a, b)                        \
	({                               \
		__typeof__(a) __a = (a); \
		__typeof__(b) __b = (b); \
		__a > __b ? __a : __b;   \
	})
#define min_t(t, a, b)                 \
	({                             \
		t __a = (t)(a);        \
		t __b = (t)(b);        \
		__a < __b ? __a : __b; \
	})
#define max_t(t, a, b)                 \
	({                             \
		t __a = (t)(a);        \
		t __b = (t)(b);        \
		__a > __b ? __a : __b; \
	})
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define clamp_t(t, v, lo, hi) min_t(t, max_t(t, v, lo), hi)
#define clamp_val(v, lo, hi) clamp_t(__typeof__(v), v, lo, hi)
#define swap(a, b)                       \
	do {                             \
		__typeof__(a) __t = (a); \
		(a) = (b);               \
		(b) = __t;               \
	} while (0)

#endif
