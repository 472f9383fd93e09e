/* SPDX-License-Identifier: GPL-2.0 */
/*
 * body.h - the code of the header-compatibility modules, included after the
 * headers by kernel_first.c and libc_first.c.
 *
 * It uses a little of each header, kernel and libc, so that a declaration
 * that clashes, a macro that swallows a libc name, or a type that differs
 * shows up as an error under -Wall -Wextra -Werror.  It is compiled, never
 * linked or run.
 */

static pthread_mutex_t compat_lock = PTHREAD_MUTEX_INITIALIZER;
static struct page *compat_page;
static unsigned long compat_addr;

static int __init compat_init(void)
{
	char name[32];
	phys_addr_t phys;
	void *p;
	int fd;

	compat_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!compat_page)
		return -ENOMEM;
	p = page_address(compat_page);
	memset(p, 0x55, PAGE_SIZE);
	phys = page_to_phys(compat_page);
	pr_info("page %p phys %pa pfn %lu aligned %d\n", p, &phys,
		(unsigned long)PHYS_PFN(virt_to_phys(p)), (int)PAGE_ALIGNED(p));

	compat_addr = __get_free_page(GFP_KERNEL);
	if (!compat_addr) {
		__free_page(compat_page);
		return -ENOMEM;
	}

	/* libc next to the kernel API */
	pthread_mutex_lock(&compat_lock);
	snprintf(name, sizeof(name), "%s-%d", "compat", (int)getpid());
	pthread_mutex_unlock(&compat_lock);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		int n = 0;

		(void)ioctl(fd, FIONREAD, &n);
		close(fd);
	}
	p = malloc(strlen(name) + 1);
	if (!p)
		return errno ? -errno : -ENOMEM;
	strcpy(p, name);
	printf("%s %lu\n", (char *)p, (unsigned long)PAGE_ALIGN(strlen(name)));
	free(p);
	return 0;
}

static void __exit compat_exit(void)
{
	free_page(compat_addr);
	__free_page(compat_page);
}

module_init(compat_init);
module_exit(compat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ukmem header-compatibility check");
