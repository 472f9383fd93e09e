/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/highmem.h - temporary kernel mappings of pages.
 *
 * A lowmem page is always mapped (the direct map), so mapping it is
 * page_address().  A highmem page (arch=i386, arch=arm) has no permanent
 * mapping: kmap() gives it one of LAST_PKMAP slots of the pkmap window at
 * PKMAP_BASE (a run-time value, chosen at the first kmap of a boot), and
 * kmap_local_page() one of KM_MAX_IDX slots of the calling thread's stack
 * in the fixmap-like kmap_local area.  Both are real host mappings of the
 * page's physical memory; mm/highmem.c explains the machinery.  On x86_64
 * every variant returns page_address().
 */
#ifndef UKMEM_LINUX_HIGHMEM_H
#define UKMEM_LINUX_HIGHMEM_H

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The pkmap window: 512 slots (2 MiB) on both 32-bit models (i386 is PAE). */
#define LAST_PKMAP 512
#define LAST_PKMAP_MASK (LAST_PKMAP - 1)
extern unsigned long ukmem_pkmap_base;
#define PKMAP_BASE (ukmem_pkmap_base)
#define PKMAP_NR(virt) (((unsigned long)(virt)-PKMAP_BASE) >> PAGE_SHIFT)
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

/* kmap_local slots a task may hold at once (no DEBUG_KMAP_LOCAL guard slots). */
#define KM_MAX_IDX 16

void *kmap_high(struct page *page);
void kunmap_high(struct page *page);
void kmap_flush_unused(void);
void *__kmap_local_page_prot(struct page *page, pgprot_t prot);
void kunmap_local_indexed(const void *vaddr);
struct page *kmap_to_page(void *addr);

static inline void *kmap(struct page *page)
{
	if (!PageHighMem(page))
		return page_address(page);
	return kmap_high(page);
}

static inline void kunmap(struct page *page)
{
	if (PageHighMem(page))
		kunmap_high(page);
}

static inline void *kmap_local_page(struct page *page)
{
	if (!PageHighMem(page))
		return page_address(page);
	return __kmap_local_page_prot(page, PAGE_KERNEL);
}

static inline void *kmap_local_page_prot(struct page *page, pgprot_t prot)
{
	if (!PageHighMem(page))
		return page_address(page);
	return __kmap_local_page_prot(page, prot);
}

static inline void *kmap_local_folio(struct folio *folio, size_t offset)
{
	struct page *page = folio_page(folio, offset / PAGE_SIZE);

	return (char *)kmap_local_page(page) + offset % PAGE_SIZE;
}

static inline void __kunmap_local(const void *addr)
{
	if ((unsigned long)addr < PAGE_OFFSET || (unsigned long)addr >= (unsigned long)high_memory)
		kunmap_local_indexed(addr);
}
#define kunmap_local(addr) __kunmap_local(addr)

/* Deprecated in 6.12 in favour of kmap_local_page(); the same slots. */
static inline void *kmap_atomic(struct page *page)
{
	preempt_disable();
	return kmap_local_page(page);
}

static inline void *kmap_atomic_prot(struct page *page, pgprot_t prot)
{
	preempt_disable();
	return kmap_local_page_prot(page, prot);
}

static inline void __kunmap_atomic(const void *addr)
{
	kunmap_local(addr);
	preempt_enable();
}
#define kunmap_atomic(addr) __kunmap_atomic(addr)

static inline void clear_highpage(struct page *page)
{
	void *kaddr = kmap_local_page(page);

	memset(kaddr, 0, PAGE_SIZE);
	kunmap_local(kaddr);
}

static inline void clear_user_highpage(struct page *page, unsigned long vaddr)
{
	(void)vaddr;
	clear_highpage(page);
}

static inline void copy_highpage(struct page *to, struct page *from)
{
	char *vfrom = kmap_local_page(from);
	char *vto = kmap_local_page(to);

	memcpy(vto, vfrom, PAGE_SIZE);
	kunmap_local(vto);
	kunmap_local(vfrom);
}

static inline void copy_user_highpage(struct page *to, struct page *from, unsigned long vaddr,
				      void *vma)
{
	(void)vaddr;
	(void)vma;
	copy_highpage(to, from);
}

static inline void zero_user_segments(struct page *page, unsigned int start1, unsigned int end1,
				      unsigned int start2, unsigned int end2)
{
	char *kaddr = kmap_local_page(page);

	if (end1 > start1)
		memset(kaddr + start1, 0, end1 - start1);
	if (end2 > start2)
		memset(kaddr + start2, 0, end2 - start2);
	kunmap_local(kaddr);
}

static inline void zero_user_segment(struct page *page, unsigned int start, unsigned int end)
{
	zero_user_segments(page, start, end, 0, 0);
}

static inline void zero_user(struct page *page, unsigned int start, unsigned int size)
{
	zero_user_segments(page, start, start + size, 0, 0);
}

static inline void memcpy_page(struct page *dst_page, size_t dst_off, struct page *src_page,
			       size_t src_off, size_t len)
{
	char *dst = kmap_local_page(dst_page);
	char *src = kmap_local_page(src_page);

	memcpy(dst + dst_off, src + src_off, len);
	kunmap_local(src);
	kunmap_local(dst);
}

static inline void memset_page(struct page *page, size_t offset, int val, size_t len)
{
	char *addr = kmap_local_page(page);

	memset(addr + offset, val, len);
	kunmap_local(addr);
}

static inline void memcpy_to_page(struct page *page, size_t offset, const char *from, size_t len)
{
	char *to = kmap_local_page(page);

	memcpy(to + offset, from, len);
	kunmap_local(to);
}

static inline void memcpy_from_page(char *to, struct page *page, size_t offset, size_t len)
{
	char *from = kmap_local_page(page);

	memcpy(to, from + offset, len);
	kunmap_local(from);
}

static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	char *addr = kmap_local_page(page);

	memset(addr + offset, 0, len);
	kunmap_local(addr);
}

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_HIGHMEM_H */
