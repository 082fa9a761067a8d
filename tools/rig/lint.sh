#!/usr/bin/env bash
# lint.sh: make lint, the style gates. On every kernel source: checkpatch
# --strict, sparse (C=2) and W=1 against every line's test kernel, kernel-doc;
# the shell scripts pass shellcheck; python3 compiles the python. Uses the
# cached 6.12 test tree for checkpatch.pl and kernel-doc (builds it if
# missing). Exits non-zero on any finding.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

rig_deps
need_pkgs shellcheck
cd "$TOP_DIR"
fail=0
gate() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1) && [ -z "$out" ]; then
		msg "lint: $what: clean"
	else
		msg "lint: $what:"
		printf '%s\n' "$out" | head -n 40 >&2
		fail=1
	fi
}

mapfile -t ksrc < <(git ls-files '*.c' '*.h' | grep -v '^tools/rig/')
tree612=$("$RIG_DIR/kernel.sh" 6.12)
# Findings only: checkpatch closes each clean file with a "total: 0 ..." line.
checkpatch() {
	perl "$tree612/scripts/checkpatch.pl" --no-tree --strict --terse -f "$@" |
		grep -v '^total: 0 errors, 0 warnings, 0 checks' || true
}
# Warnings and errors of a W=1, sparse build in a copy under $2.
build_lint() {
	make -C "$1" M="$2" W=1 C=2 modules 2>&1 | grep -iE 'warning|error' || true
}
gate "checkpatch --strict" checkpatch "${ksrc[@]}"
gate "kernel-doc" perl "$tree612/scripts/kernel-doc" -none -Wall mymem/*.c mymem/*.h
gate "API reference up to date" bash "$RIG_DIR/docs.sh" --check
dkms_version() {
	grep -qx "PACKAGE_VERSION=\"$(mymem_version)\"" dkms.conf ||
		echo "dkms.conf: PACKAGE_VERSION is not MYMEM_VERSION $(mymem_version)"
}
gate "dkms.conf version" dkms_version
# The compile matrix is every kernel line Debian 12 has amd64 headers for,
# and the newest 7.x line of the newer suites (newer.sh).
matrix() {
	local l newest
	for l in $(apt-cache search --names-only '^linux-headers-[0-9]' | awk '{print $1}' |
		sed -n 's/^linux-headers-\([0-9]*\.[0-9]*\)[.0-9]*[-+].*-amd64$/\1/p' | sort -uV); do
		case " $ALL_KERNELS " in
		*" $l "*) ;;
		*) echo "Debian has linux-headers for $l: add the line to ALL_KERNELS (lib.sh)" ;;
		esac
	done
	newest=$(newest_line 7)
	[ -n "$newest" ] || echo "the newer suites carry no linux-source-7.*"
	for l in $ALL_KERNELS; do
		if from_newer "$l" && [ "$l" != "$newest" ]; then
			echo "the newer suites' newest 7.x line is ${newest:-none}, ALL_KERNELS (lib.sh) has $l"
		fi
	done
	case " $ALL_KERNELS " in
	*" ${newest:-none} "*) ;;
	*) [ -z "$newest" ] || echo "the newer suites carry linux-source-$newest: add $newest to ALL_KERNELS (lib.sh)" ;;
	esac
}
gate "kernel lines = Debian's lines ($ALL_KERNELS)" matrix
for line in $ALL_KERNELS; do
	tree=$("$RIG_DIR/kernel.sh" "$line")
	out=$CACHE/run/$line-lint
	rm -rf "$out"
	mkdir -p "$out"
	git ls-files Kbuild mymem kunit tools/demo tools/bench tools/stress tools/leak |
		tar -cf - -T - | tar -C "$out" -xf -
	gate "W=1 + sparse (C=2) on $line" build_lint "$tree" "$out"
done
# Userspace: warnings are errors (-Wall -Wextra -Werror in its Makefile).
myslabinfo_build() {
	make -s -C tools/myslabinfo BIN="$CACHE/run/lint-myslabinfo" CFLAGS="-O2 -g" \
		"$CACHE/run/lint-myslabinfo" 2>&1
	rm -f "$CACHE/run/lint-myslabinfo"
}
gate "myslabinfo -Wall -Wextra -Werror" myslabinfo_build
# Every sysfs and debugfs file has its entry under Documentation/ABI.
abi() {
	local f
	# The files of sysfs.c's list, and one per event counter (stats.c's names).
	{ sed -n 's/^\t&\([a-z_0-9]*\)_attr\.attr,$/\1/p' mymem/sysfs.c
	  sed -n 's/^\t\[[A-Z_]*\][\t ]*= "\([a-z_]*\)",$/\1/p' mymem/stats.c; } | while read -r f; do
		grep -q "^What:.*/sys/kernel/mymem/<cache>/$f\$" Documentation/ABI/testing/sysfs-kernel-mymem ||
			echo "sysfs file $f: no entry in Documentation/ABI/testing/sysfs-kernel-mymem"
	done
	grep -o 'debugfs_create_[a-z_]*("[a-z_]*"' mymem/debugfs.c | grep -v _dir |
		sed 's/.*("\(.*\)"/\1/' | while read -r f; do
		grep -q "^What:.*/sys/kernel/debug/mymem/.*$f\$" Documentation/ABI/testing/debugfs-mymem ||
			echo "debugfs file $f: no entry in Documentation/ABI/testing/debugfs-mymem"
	done
	grep -q '^What:.*/proc/myslabinfo$' Documentation/ABI/testing/procfs-myslabinfo ||
		echo "/proc/myslabinfo: no entry in Documentation/ABI/testing/procfs-myslabinfo"
}
gate "ABI documented" abi
gate "shellcheck" shellcheck -x tools/rig/*.sh tools/myslabinfo/test.sh .ci/run
gate "python" python3 -m py_compile tools/rig/analyse.py tools/bench/report.py tools/rig/ext2-tree.py
[ "$fail" -eq 0 ] || die "lint found problems"
msg "lint: all clean"
