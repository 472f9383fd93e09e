// SPDX-License-Identifier: GPL-2.0
/* plain.c - a shared object that is not a module: the loader refuses it. */
int ukmem_test_plain_value(void);

int ukmem_test_plain_value(void)
{
	return 42;
}
