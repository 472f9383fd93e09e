#!/usr/bin/env bash
# check_freestanding.sh - the allocator core includes nothing from the host.
#
# Usage: check_freestanding.sh SOURCE_DIR        (run by CTest)
#
# The core (src/mm, src/lib) must build on a static arena with no OS, so it
# may include only:
#   - the C11 freestanding headers (stddef.h stdint.h stdbool.h stdarg.h
#     stdalign.h stdnoreturn.h limits.h float.h iso646.h);
#   - ukmem's own kernel-API headers: <linux/...>, <asm/...>, <ukmem/...>;
#   - the platform contract: <platform/plat.h> or "../platform/plat.h";
#   - headers that are themselves part of the core or of include/;
#   - declaration headers of src/kernel/ (<kernel/kinternal.h>, ...): the
#     core calls printk and friends, which live there, and the headers are
#     checked by these same rules, so they bring in nothing from the host.
# That only holds if the headers it reaches obey the same rule, so every
# header under include/ is checked too: it may include linux/, asm/, ukmem/
# and freestanding headers, and reach a host header only by #include_next of
# a UAPI name (<linux/...> or <asm/...>), which is how a ukmem header that
# shadows a glibc-visible UAPI header hands over to the system's.
#
# Conditional blocks are not evaluated: an include is checked wherever it
# appears.  An include by macro (#include FOO) is refused, as it cannot be
# checked.

set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
root=$(cd "$root" && pwd)
cd "$root"

freestanding=" stddef.h stdint.h stdbool.h stdarg.h stdalign.h stdnoreturn.h limits.h float.h iso646.h "
errors=0
scanned=0

fail() {
	echo "$1: $2" >&2
	errors=$((errors + 1))
}

# Lexically normalise a relative path (a/b/../c -> a/c).
normpath() {
	local IFS=/ part out=()
	for part in $1; do
		case $part in
		'' | .) ;;
		..) [ ${#out[@]} -gt 0 ] && unset 'out[${#out[@]}-1]' ;;
		*) out+=("$part") ;;
		esac
	done
	local joined
	joined=$(printf '%s/' "${out[@]}")
	echo "${joined%/}"
}

# Where a quoted include resolves the way the compiler would: the including
# file's directory first, then -Isrc and -Iinclude.
resolve_quoted() {
	local dir=$1 name=$2 cand
	for cand in "$dir/$name" "src/$name" "include/$name"; do
		if [ -f "$cand" ]; then
			normpath "$cand"
			return 0
		fi
	done
	return 1
}

# check FILE MODE   (MODE: core or header)
check() {
	local file=$1 mode=$2 dir lineno=0 line directive delim name resolved
	dir=$(dirname "$file")
	scanned=$((scanned + 1))
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		[[ $line =~ ^[[:space:]]*#[[:space:]]*(include_next|include)[[:space:]]*(.*)$ ]] || continue
		directive=${BASH_REMATCH[1]}
		rest=${BASH_REMATCH[2]}
		if [[ $rest =~ ^\<([^\>]+)\> ]]; then
			delim='<'
		elif [[ $rest =~ ^\"([^\"]+)\" ]]; then
			delim='"'
		else
			fail "$file:$lineno" "#$directive $rest: include by macro cannot be checked"
			continue
		fi
		name=${BASH_REMATCH[1]}

		if [ "$directive" = include_next ]; then
			if [ "$mode" = header ] && [ "$delim" = '<' ] &&
			   [[ $name == linux/* || $name == asm/* ]]; then
				continue
			fi
			local close='>'
			[ "$delim" = '<' ] || close='"'
			fail "$file:$lineno" "#include_next $delim$name$close: only a ukmem header under include/ may hand over to a UAPI <linux/...> or <asm/...> header"
			continue
		fi

		if [ "$delim" = '<' ]; then
			if [[ $freestanding == *" $name "* ]]; then
				continue
			fi
			case $name in
			linux/* | asm/* | ukmem/*)
				if [ ! -f "include/$name" ]; then
					fail "$file:$lineno" "#include <$name>: not one of ukmem's headers (include/$name does not exist), so it would come from the host"
				fi
				continue
				;;
			esac
			# <platform/plat.h>, <kernel/kinternal.h>: found through -Isrc.
			if [ "$mode" = core ] && [ -f "src/$name" ]; then
				tree_header "$file:$lineno" "<$name>" "$(normpath "src/$name")"
				continue
			fi
			fail "$file:$lineno" "#include <$name>: not freestanding (the $mode may include only C11 freestanding headers, <linux/...>, <asm/...>, <ukmem/...>$([ "$mode" = core ] && echo ' and <platform/plat.h>'))"
			continue
		fi

		# "quoted": must be part of the core, of include/, or the contract.
		if ! resolved=$(resolve_quoted "$dir" "$name"); then
			fail "$file:$lineno" "#include \"$name\": no such file in the tree, so it would come from the host"
			continue
		fi
		if [ "$mode" = header ] && [[ $resolved != include/* ]]; then
			fail "$file:$lineno" "#include \"$name\": a public header may include only public headers"
			continue
		fi
		tree_header "$file:$lineno" "\"$name\"" "$resolved"
	done <"$file"
}

# A core file includes @3, a header of the tree: fine if it is part of the
# core, include/, the platform contract, or a src/kernel/ header, which is
# then checked by the core's rules too.
tree_header() {
	local where=$1 spelled=$2 resolved=$3
	case $resolved in
	src/mm/* | src/lib/* | include/* | src/platform/plat.h) ;;
	src/kernel/*.h)
		if [[ $queued != *" $resolved "* ]]; then
			queued="$queued$resolved "
			pending+=("$resolved")
		fi
		;;
	*)
		fail "$where" "#include $spelled: $resolved is outside the freestanding core (src/mm, src/lib, include/, src/platform/plat.h, src/kernel/*.h)"
		;;
	esac
}
queued=" "
pending=()

while IFS= read -r -d '' f; do
	check "$f" core
done < <(find src/mm src/lib -type f \( -name '*.c' -o -name '*.h' \) -print0 2>/dev/null | sort -z)
if [ -f src/platform/plat.h ]; then
	check src/platform/plat.h core
fi
# src/kernel/ headers the core reached (and those they reach in turn).
i=0
while [ $i -lt ${#pending[@]} ]; do
	check "${pending[$i]}" core
	i=$((i + 1))
done
while IFS= read -r -d '' f; do
	check "$f" header
done < <(find include -type f -name '*.h' -print0 2>/dev/null | sort -z)

if [ "$errors" -ne 0 ]; then
	echo "check_freestanding: $errors forbidden include(s) in $scanned files" >&2
	exit 1
fi
echo "check_freestanding: $scanned files, all includes freestanding"
