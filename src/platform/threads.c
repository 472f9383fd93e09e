// SPDX-License-Identifier: GPL-2.0
/*
 * platform/threads.c - how many threads the process has, for the
 * __GFP_NOFAIL wait: a request that can only be satisfied by another
 * thread freeing memory warns when there is no other thread.
 */
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include "plat.h"

int plat_nr_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 2; /* unknown: assume someone else may free */
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}
