#!/bin/sh
# fuzz/oops_chain_test.sh FUZZER WORKDIR - ukmem's oops handler chains to
# ASan's and libFuzzer's (issue 5, section 8).
#
# Runs the fuzz target with UKMEM_FUZZ_FAULT_SELFTEST=1, whose first input
# writes into a vmalloc guard page, and checks, in this order, ukmem's
# 6.12 page-fault oops, ASan's SEGV report for the same address, and
# libFuzzer's crash file; the target must exit nonzero.
set -u
fuzzer=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir" || exit 1
UKMEM_FUZZ_FAULT_SELFTEST=1 UKMEM_CMDLINE= "$fuzzer" -runs=2 -artifact_prefix="$dir/" \
	>"$dir/out.txt" 2>&1
rc=$?
fail() {
	echo "oops_chain_test: $*"
	cat "$dir/out.txt"
	exit 1
}
[ "$rc" -ne 0 ] || fail "the fuzzer exited 0 after a fault"
line() {
	grep -n -- "$1" "$dir/out.txt" | head -n 1 | cut -d: -f1
}
oops=$(line "BUG: unable to handle page fault for address: ")
guard=$(line "ukmem: The buggy address belongs to the guard page of the virtual mapping")
asan=$(line "ERROR: AddressSanitizer: SEGV on unknown address")
unit=$(line "Test unit written to $dir/crash-")
[ -n "$oops" ] || fail "no oops from ukmem"
[ -n "$guard" ] || fail "no guard-page line from ukmem"
[ -n "$asan" ] || fail "no ASan report after the oops (the chain is broken)"
[ -n "$unit" ] || fail "no crash file from libFuzzer"
[ "$oops" -lt "$asan" ] && [ "$asan" -lt "$unit" ] || fail "out of order: oops $oops, ASan $asan, crash $unit"
ls "$dir"/crash-* >/dev/null 2>&1 || fail "the crash file is missing"
echo "oops_chain_test: oops (line $oops), ASan (line $asan), libFuzzer's crash file (line $unit)"
