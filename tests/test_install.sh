#!/usr/bin/env bash
# test_install.sh - install ukmem into a scratch prefix and use it from there.
#
# Usage: test_install.sh BUILD_DIR SOURCE_DIR CC [EXTRA_CFLAGS]   (CTest "install")
#
# What a user gets from `cmake --install` must work without the source tree:
#   1. the layout: bin/ukmem, libukmem.so/.a in the libdir that ukmem.pc
#      names, headers under include/ukmem/{linux,asm,ukmem}/;
#   2. the installed headers compile with glibc's in both orders
#      (tests/compat, -std=gnu11 -Wall -Wextra -Werror, pkg-config --cflags);
#   3. a program built with pkg-config runs against the installed library,
#      dynamically and statically;
#   4. a module built with README's one-line command runs under the installed
#      CLI with no LD_LIBRARY_PATH (the CLI's rpath finds the library).
# EXTRA_CFLAGS carries -fsanitize=... when the build under test is sanitized.

set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
cc=$3
extra=${4:-}
# shellcheck disable=SC2206
extra_flags=($extra)

prefix=$(mktemp -d "${TMPDIR:-/tmp}/ukmem-install.XXXXXX")
work=$prefix/work
trap 'rm -rf "$prefix"' EXIT
mkdir -p "$work"

step() { echo "== $*"; }
die() { echo "test_install: $*" >&2; exit 1; }

step "cmake --install $build --prefix $prefix/usr"
cmake --install "$build" --prefix "$prefix/usr" >"$work/install.log" ||
	{ cat "$work/install.log"; die "cmake --install failed"; }

pc=$(find "$prefix/usr" -name ukmem.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || die "no ukmem.pc installed"
export PKG_CONFIG_PATH=${pc%/*}
unset PKG_CONFIG_LIBDIR || true
echo "$pc:"
cat "$pc"

libdir=$(pkg-config --variable=libdir ukmem)
includedir=$(pkg-config --variable=includedir ukmem)
cflags=$(pkg-config --cflags ukmem)
libs=$(pkg-config --libs ukmem)

step "layout"
for f in "$libdir/libukmem.so" "$libdir/libukmem.a" \
	 "$includedir/ukmem/ukmem/ukmem.h" "$includedir/ukmem/linux/gfp.h" \
	 "$includedir/ukmem/linux/mm.h" "$includedir/ukmem/asm/page.h"; do
	[ -e "$f" ] || die "missing after install: $f"
done
[[ " $cflags " == *" -I$includedir/ukmem "* ]] ||
	die "pkg-config --cflags ukmem gives '$cflags', expected -I$includedir/ukmem"
have_cli=0
if [ -x "$build/ukmem" ]; then
	have_cli=1
	[ -x "$prefix/usr/bin/ukmem" ] || die "the CLI was built but not installed to bin/ukmem"
fi
# Static functions too: %pS names them from .symtab.
if nm "$libdir/libukmem.so" >"$work/nm.txt" 2>/dev/null; then
	grep -q ' t ' "$work/nm.txt" ||
		die "libukmem.so has no local symbols (stripped?): %pS needs .symtab"
fi

step "installed headers compile with glibc's, both orders"
for case in "kernel_first.c" "libc_first.c -DKBUILD_MODNAME=\"compat\"" "libc_first.c -D_GNU_SOURCE"; do
	read -r file def <<<"$case"
	# Only the installed headers: copy the sources away from the tree.
	cp "$src/tests/compat/$file" "$src/tests/compat/body.h" "$work/"
	# shellcheck disable=SC2086
	"$cc" -std=gnu11 -Wall -Wextra -Werror $cflags ${def:+"$def"} \
		-c "$work/$file" -o "$work/compat.o" ||
		die "installed headers: $file ${def:-} does not compile"
done

step "a program built with pkg-config"
cat >"$work/prog.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <ukmem/ukmem.h>

int main(void)
{
	struct page *page;
	char *p;
	int err;

	err = ukmem_boot("mem=64M quiet");
	if (err) {
		fprintf(stderr, "ukmem_boot: %d\n", err);
		return 1;
	}
	page = alloc_pages(GFP_KERNEL, 2);
	if (!page)
		return 2;
	p = page_address(page);
	memset(p, 0x55, 4 * PAGE_SIZE);
	if (p[4 * PAGE_SIZE - 1] != 0x55)
		return 3;
	__free_pages(page, 2);
	err = ukmem_check();
	ukmem_shutdown();
	printf("prog: ok\n");
	return err ? 4 : 0;
}
EOF
# shellcheck disable=SC2086
"$cc" -std=gnu11 -Wall -Wextra -Werror "${extra_flags[@]}" $cflags "$work/prog.c" \
	-o "$work/prog" $libs || die "prog.c does not build with pkg-config"
LD_LIBRARY_PATH=$libdir "$work/prog" || die "prog (shared) failed"

# Static: libukmem.a plus what `pkg-config --static` says it needs.
static_libs=$(pkg-config --static --libs ukmem | sed 's/\(^\| \)-lukmem\( \|$\)/ /')
# shellcheck disable=SC2086
"$cc" -std=gnu11 -Wall -Wextra -Werror "${extra_flags[@]}" $cflags "$work/prog.c" \
	-o "$work/prog_static" "$libdir/libukmem.a" $static_libs ||
	die "prog.c does not link against libukmem.a with pkg-config --static"
"$work/prog_static" || die "prog (static) failed"

if [ "$have_cli" = 1 ]; then
	step "README's module one-liner, run by the installed CLI"
	cat >"$work/hello.c" <<'EOF'
#include <linux/module.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>

static unsigned long hello_page;

static int __init hello_init(void)
{
	hello_page = __get_free_page(GFP_KERNEL);
	if (!hello_page)
		return -ENOMEM;
	pr_info("hello: page at %px\n", (void *)hello_page);
	return 0;
}

static void __exit hello_exit(void)
{
	free_page(hello_page);
	pr_info("hello: bye\n");
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
EOF
	(
		cd "$work"
		# shellcheck disable=SC2046,SC2086
		"$cc" "${extra_flags[@]}" -shared -fPIC $(pkg-config --cflags ukmem) \
			-DKBUILD_MODNAME='"hello"' hello.c -o hello.so $(pkg-config --libs ukmem)
	) || die "README's module build line failed"
	(unset LD_LIBRARY_PATH; "$prefix/usr/bin/ukmem" run "$work/hello.so") >"$work/run.log" 2>&1 ||
		{ cat "$work/run.log"; die "installed ukmem run hello.so failed"; }
	cat "$work/run.log"
	grep -q "hello: bye" "$work/run.log" || die "hello's exit message is missing"
else
	echo "== no CLI built: skipping the module run"
fi

echo "test_install: ok"
