/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/highmem.h - temporary kernel mappings of pages.
 *
 * A lowmem page is always mapped (the direct map), so mapping it is
 * page_address().  A highmem page (arch=i386, arch=arm) has no permanent
 * mapping; the pkmap and kmap_local machinery that maps one is the work
 * of the highmem issue, declared here.  Until it lands, kmap of a highmem
 * page does not link.
 */
#ifndef UKMEM_LINUX_HIGHMEM_H
#define UKMEM_LINUX_HIGHMEM_H

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/string.h>

void *kmap_high(struct page *page);
void kunmap_high(struct page *page);
void *__kmap_local_page_prot(struct page *page, pgprot_t prot);
void kunmap_local_indexed(const void *vaddr);

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

static inline void clear_highpage(struct page *page)
{
	void *kaddr = kmap_local_page(page);

	memset(kaddr, 0, PAGE_SIZE);
	kunmap_local(kaddr);
}

static inline void copy_highpage(struct page *to, struct page *from)
{
	char *vfrom = kmap_local_page(from);
	char *vto = kmap_local_page(to);

	memcpy(vto, vfrom, PAGE_SIZE);
	kunmap_local(vto);
	kunmap_local(vfrom);
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

#endif /* UKMEM_LINUX_HIGHMEM_H */
