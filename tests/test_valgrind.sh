#!/usr/bin/env bash
# test_valgrind.sh VALGRIND PROGRAM CASE - memcheck sees ukmem's memory.
#
# Runs tests/valgrind/valgrind_cases.c's CASE under memcheck and checks the
# report it must give (ctest label "valgrind").  The program boots a 32 MiB
# machine; under Valgrind ukmem's vmalloc space shrinks to what memcheck
# can shadow.
set -u
vg=$1 prog=$2 case=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$vg" --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite "$prog" "$case" >"$out" 2>&1
rc=$?

fail() {
	echo "test_valgrind.sh $case: $1 (valgrind exit $rc)"
	cat "$out"
	exit 1
}
want() {
	grep -q -- "$1" "$out" || fail "missing \"$1\""
}

case $case in
uaf)
	[ $rc = 99 ] || fail "no error reported"
	want "Invalid read of size 1"
	want "at 0x.*: uaf (valgrind_cases.c"
	want "is 0 bytes inside a block of size 64 free'd"
	want "by 0x.*: kfree"
	;;
oob)
	[ $rc = 99 ] || fail "no error reported"
	want "Invalid write of size 1"
	want "at 0x.*: oob (valgrind_cases.c"
	;;
uninit)
	[ $rc = 99 ] || fail "no error reported"
	want "Conditional jump or move depends on uninitialised value(s)"
	want "at 0x.*: uninit (valgrind_cases.c"
	;;
leak)
	[ $rc = 99 ] || fail "no error reported"
	want "100 bytes in 1 blocks are definitely lost"
	want "by 0x.*: lose (valgrind_cases.c"
	;;
clean)
	[ $rc = 0 ] || fail "errors reported"
	want "ERROR SUMMARY: 0 errors"
	grep -q "ukmem_check failed\|shutdown:" "$out" && fail "the machine was not clean"
	;;
*)
	fail "unknown case"
	;;
esac
echo "test_valgrind.sh $case: ok"
