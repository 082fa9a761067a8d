#!/bin/busybox sh
# shellcheck shell=dash
# /init of the rig's initramfs (busybox sh). What it runs is set by /rig.conf:
#   MODE     kunit: load mymem, then each test module, and dump each suite's
#                   KTAP from debugfs;
#            demo:  load mymem and the demo client, show what they made;
#            bench: load mymem, then the benchmark once per BENCH mode;
#            meminit: load mymem and the kernel's lib/test_meminit.c on it;
#            leak:  a client leaks, mymem is unloaded and loaded again;
#            guide: the guide's recipe (Documentation/mymem.rst, "Debug
#                   your module's allocations") on a redirected ext2.ko;
#            ext2bench: make bench's ext2 workload, on the kernel's SLUB
#                   (ext2-slub.ko) and on mymem (ext2.ko) in turns, EXT2_ORDER;
#            ext2:  the kernel's fs/ext2 built by make redirect: a file
#                   system on a RAM disk, files made, read, renamed and
#                   deleted, checked against the host's checksums, fsck;
#   TESTS    test modules to load in order (kunit mode), without .ko;
#   PARAMS   module parameters for mymem.ko;
#   LOAD     insmod (default): mymem.ko from /mods; modprobe: mymem as
#            "make install" put it in /lib/modules (stock boots), with
#            modinfo's view of it; /mods/mymem_client.ko, built against
#            the installed SDK, is then loaded after the demo;
#   BENCH    benchmark modes to run (bench mode), see tools/bench/;
#   STRESS   mymem_stress.ko's parameters (stress mode: the endurance run,
#            with this shell reading every file and writing shrink and
#            validate to every cache meanwhile).
# Every line meant for the host starts with "MYMEM-RIG: ". The last one is
# "MYMEM-RIG: done": a log without it is a crash or a timeout.
export PATH=/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
MODE=kunit TESTS="" PARAMS="" BENCH="" STRESS="" LOAD=insmod EXT2_ORDER="" KEEP=
# shellcheck disable=SC1091
. /rig.conf

rig() { echo "MYMEM-RIG: $*"; }
# Quiet the console while printing a block, so that no kernel message
# lands in the middle of it (dmesg is dumped whole at the end).
quiet() { echo 1 >/proc/sys/kernel/printk; }
loud() { echo 7 >/proc/sys/kernel/printk; }
# show_cmd CMD...: CMD's output between show markers labelled with CMD,
# and a FAIL line if it fails.
show_cmd() {
	rig "show-begin $*"
	"$@" || rig "FAIL: $* (exit $?)"
	rig "show-end"
}

nodes=0
for n in /sys/devices/system/node/node[0-9]*; do [ -e "$n" ] && nodes=$((nodes + 1)); done
rig "booted $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) nodes=$nodes"
# PARAMS is split into words but never globbed (debug= takes '*').
set -f
# shellcheck disable=SC2086
if [ "$LOAD" = modprobe ]; then
	modprobe mymem $PARAMS || rig "FAIL: modprobe mymem"
	rig "modinfo $(modinfo -F version mymem) $(modinfo -F license mymem)"
else
	insmod /mods/mymem.ko $PARAMS || rig "FAIL: insmod mymem.ko"
fi
set +f

case $MODE in
kunit)
	for t in $TESTS; do
		insmod "/mods/$t.ko" || rig "FAIL: insmod $t.ko"
	done
	quiet
	for d in /sys/kernel/debug/kunit/*; do
		[ -f "$d/results" ] || continue
		rig "ktap-begin ${d##*/}"
		cat "$d/results"
		rig "ktap-end ${d##*/}"
	done
	loud
	for t in $TESTS; do
		rmmod "$t" || rig "FAIL: rmmod $t"
	done
	;;
demo)
	insmod /mods/mymem_demo.ko || rig "FAIL: insmod mymem_demo.ko"
	quiet
	rig "show-begin /proc/myslabinfo"
	cat /proc/myslabinfo
	rig "show-end"
	rig "show-begin /sys/kernel/mymem"
	ls /sys/kernel/mymem
	rig "show-end"
	# procps' slabtop reading /proc/myslabinfo in place of /proc/slabinfo
	# (a kernel without CONFIG_SLUB_DEBUG has none to mount over).
	if [ ! -e /proc/slabinfo ]; then
		rig "no-slabtop: this kernel has no /proc/slabinfo (CONFIG_SLUB_DEBUG off) to bind-mount /proc/myslabinfo over"
	elif mount --bind /proc/myslabinfo /proc/slabinfo; then
		rig "show-begin slabtop"
		TERM=dumb /usr/bin/slabtop -o -s c
		rig "show-end"
		umount /proc/slabinfo
	else
		rig "FAIL: cannot bind-mount /proc/myslabinfo over /proc/slabinfo"
	fi
	# The kernel's tools/vm/slabinfo (6.1) on /sys/kernel/mymem.
	rig "show-begin slabinfo"
	slabinfo
	rig "show-end"
	rig "show-begin slabinfo -r demo_task"
	slabinfo -r demo_task
	rig "show-end"
	# Ours: list, totals, report, JSON, the slab map, actions.
	show_cmd myslabinfo
	show_cmd myslabinfo -T
	show_cmd myslabinfo -r '^demo_task$'
	show_cmd myslabinfo -r --json '^demo_'
	show_cmd myslabinfo --map demo_task --svg /tmp/demo_task.svg
	show_cmd myslabinfo --map demo_task --json
	show_cmd cat /tmp/demo_task.svg
	show_cmd myslabinfo --validate '^demo_'
	show_cmd myslabinfo --zero '^demo_task$'
	show_cmd myslabinfo --json '^demo_task$'
	loud
	rmmod mymem_demo || rig "FAIL: rmmod mymem_demo"
	if [ -f /mods/mymem_client.ko ]; then
		# The client's work, seen through ftrace: the mymem:* events.
		t=/sys/kernel/tracing
		mount -t tracefs tracefs $t 2>/dev/null
		echo 1 >$t/events/mymem/enable || rig "FAIL: no mymem events in tracefs"
		# and through myslabinfo's live view: 3 refreshes, 3 s apart.
		myslabinfo --top -d 3 -n 3 '^client_conn$' >/tmp/top.txt 2>&1 &
		top=$!
		sleep 1
		insmod /mods/mymem_client.ko || rig "FAIL: insmod mymem_client.ko"
		wait $top || rig "FAIL: myslabinfo --top"
		rmmod mymem_client || rig "FAIL: rmmod mymem_client"
		echo 0 >$t/events/mymem/enable
		quiet
		show_cmd cat /tmp/top.txt
		# and through perf: the client once more, recorded system-wide.
		if [ -x /bin/perf ]; then
			perf record -q -e 'mymem:*' -a -o /tmp/perf.data -- \
				sh -c 'insmod /mods/mymem_client.ko && rmmod mymem_client' ||
				rig "FAIL: perf record -e mymem:*"
			perf script -i /tmp/perf.data >/tmp/perf.txt 2>/dev/null ||
				rig "FAIL: perf script"
			rig "perf $(grep -c 'mymem:mymem_alloc: .*name=client_conn' /tmp/perf.txt)" \
				"$(grep -c 'mymem:mymem_free: .*name=client_conn' /tmp/perf.txt)" \
				"$(grep -c 'mymem:mymem_slab_new: name=client_conn' /tmp/perf.txt)" \
				"$(grep -c 'mymem:mymem_slab_free: name=client_conn' /tmp/perf.txt)"
			rig "show-begin perf script"
			grep -m 4 'mymem:' /tmp/perf.txt
			rig "show-end"
		fi
		# and through bpftrace: counts by cache and event, a third run.
		if [ -x /bin/bpftrace ]; then
			# -c splits its command at spaces: no quoting, hence a script.
			echo 'insmod /mods/mymem_client.ko && rmmod mymem_client' >/tmp/client.sh
			bpftrace -e 'tracepoint:mymem:mymem_* { @[probe, str(args->name)] = count(); }' \
				-c '/bin/sh /tmp/client.sh' \
				>/tmp/bpftrace.txt 2>&1 || rig "FAIL: bpftrace"
			show_cmd cat /tmp/bpftrace.txt
		fi
		rig "ftrace $(grep -c 'mymem_alloc: .*name=client_conn' $t/trace)" \
			"$(grep -c 'mymem_free: .*name=client_conn' $t/trace)" \
			"$(grep -c 'mymem_slab_new: name=client_conn' $t/trace)" \
			"$(grep -c 'mymem_slab_free: name=client_conn' $t/trace)"
		rig "show-begin ftrace"
		grep -m 4 'mymem_' $t/trace
		rig "show-end"
		loud
	fi
	;;
stress)
	rm -f /tmp/stop /tmp/rounds
	(
		n=0
		while [ ! -e /tmp/stop ]; do
			cat /proc/myslabinfo /sys/kernel/mymem/*/* >/dev/null 2>&1
			for f in /sys/kernel/mymem/*/shrink /sys/kernel/mymem/stress_*/validate; do
				echo 1 >"$f"
			done 2>/dev/null
			echo 2 >/proc/sys/vm/drop_caches
			n=$((n + 1))
		done
		echo "$n" >/tmp/rounds
	) &
	# shellcheck disable=SC2086
	insmod /mods/mymem_stress.ko $STRESS || rig "FAIL: insmod mymem_stress.ko"
	rmmod mymem_stress || rig "FAIL: rmmod mymem_stress"
	touch /tmp/stop
	wait
	rig "stress-shell-rounds $(cat /tmp/rounds)"
	;;
leak)
	# A client leaks a cache's objects and a large kmalloc and goes; mymem
	# is unloaded (reporting them) and loaded again; the leaked pages must
	# not be taken for mymem's, and a new cache of the same size is sound.
	insmod /mods/mymem_leak.ko phase=leak || rig "FAIL: insmod mymem_leak.ko phase=leak"
	rmmod mymem_leak || rig "FAIL: rmmod mymem_leak"
	where=$(dmesg | sed -n 's/.*mymem_leak: leaked .* pfn=\([0-9]*\) large pfn=\([0-9]*\)$/pfn=\1 large=\2/p')
	rmmod mymem || rig "FAIL: rmmod mymem with leftovers"
	insmod /mods/mymem.ko || rig "FAIL: insmod mymem.ko again"
	# shellcheck disable=SC2086
	insmod /mods/mymem_leak.ko phase=check $where || rig "FAIL: mymem_leak phase=check $where"
	rmmod mymem_leak || rig "FAIL: rmmod mymem_leak"
	;;
meminit)
	# The kernel's lib/test_meminit.c on mymem: its init prints the
	# verdict and fails on a failure. It has no exit: it stays, and so
	# does mymem under it.
	insmod /mods/test_meminit.ko || rig "test_meminit refused to load"
	KEEP=1
	;;
ext2)
	# make redirect's proof on code none of us wrote: the kernel's own
	# fs/ext2, unchanged, on mymem. /data holds the host's tree.tar and
	# tree.md5 (ext2-tree.py); mke2fs and e2fsck are the host's.
	c=/sys/kernel/mymem/ext2_inode_cache
	drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
	phase() { rig "ext2-phase $1 objects=$(cat $c/objects 2>/dev/null) slabs=$(cat $c/slabs 2>/dev/null)"; }
	verdict() { if [ "$2" = 0 ]; then rig "RESULT ok ext2-$1"; else rig "RESULT fail ext2-$1 : $3"; fi; }
	# check NAME LIST: every file of LIST (md5sum's format) reads back as made.
	check() { (cd /mnt && md5sum -c -s "$2"); verdict "$1" $? "contents differ from the host's checksums"; }
	insmod /mods/ext2.ko || rig "FAIL: insmod ext2.ko (make redirect)"
	[ -d $c ] || rig "FAIL: ext2.ko made no mymem cache ext2_inode_cache"
	/usr/sbin/mke2fs -q -F -t ext2 -b 1024 -N 16384 /dev/ram0 || rig "FAIL: mke2fs /dev/ram0"
	mkdir -p /mnt
	mount -t ext2 /dev/ram0 /mnt || rig "FAIL: mount -t ext2 /dev/ram0"
	grep -q '^/dev/ram0 /mnt ext2 ' /proc/mounts || rig "FAIL: /dev/ram0 is not mounted as ext2"
	phase mounted
	tar -xf /data/tree.tar -C /mnt
	verdict create $? "tar -x failed"
	n=$(find /mnt/t -type f | wc -l)
	verdict count "$([ "$n" = "$(wc -l </data/tree.md5)" ] && echo 0)" "$n files on the file system"
	phase created
	drop
	phase dropped
	check read /data/tree.md5
	# Renamed: every directory of the second level and every file f0?0.
	for d in /mnt/t/*/*; do mv "$d" "$d.r"; done
	for f in /mnt/t/*/*/f0?0; do mv "$f" "$f.r"; done
	sed -e 's#^\([0-9a-f]*  t/d[0-9]*/e[0-9]*\)/#\1.r/#' -e 's#/\(f0[0-9]0\)$#/\1.r#' \
		/data/tree.md5 >/tmp/renamed.md5
	drop
	check rename /tmp/renamed.md5
	phase renamed
	# Deleted: half the tree; the other half still reads back.
	rm -rf /mnt/t/d0[0-7]
	drop
	grep -v '  t/d0[0-7]/' /tmp/renamed.md5 >/tmp/kept.md5
	check delete /tmp/kept.md5
	n=$(find /mnt/t -type f | wc -l)
	verdict delete-count "$([ "$n" = "$(wc -l </tmp/kept.md5)" ] && echo 0)" "$n files left"
	phase deleted
	umount /mnt || rig "FAIL: umount /mnt"
	/usr/sbin/e2fsck -fn /dev/ram0 >/tmp/fsck.txt 2>&1
	verdict fsck $? "e2fsck -fn: $(tail -n 3 /tmp/fsck.txt | tr '\n' ' ')"
	phase unmounted
	bad=0
	for v in /sys/kernel/mymem/*/validate; do
		echo 1 >"$v"
		if [ "$(cat "$v")" != 0 ]; then
			bad=1
			rig "validate: ${v%/validate} found problems"
		fi
	done
	verdict validate $bad "a cache did not validate"
	rmmod ext2 || rig "FAIL: rmmod ext2"
	verdict cache-gone "$([ ! -e $c ] && echo 0)" "ext2_inode_cache is still there after rmmod ext2"
	;;
guide)
	# Documentation/mymem.rst, "Debug your module's allocations on a
	# running kernel", step by step, with the kernel's fs/ext2 (built by
	# make redirect on the host) as the module.
	c=/sys/kernel/mymem/ext2_inode_cache
	verdict() { if [ "$2" = 0 ]; then rig "RESULT ok guide-$1"; else rig "RESULT fail guide-$1 : $3"; fi; }
	insmod /mods/ext2.ko || rig "FAIL: insmod ext2.ko"
	[ -d $c ]
	verdict listed $? "/sys/kernel/mymem has no ext2_inode_cache"
	echo 1 >$c/red_zone
	echo 1 >$c/store_user
	verdict switch "$([ "$(cat $c/red_zone)$(cat $c/store_user)" = 11 ] && echo 0)" \
		"red_zone, store_user read $(cat $c/red_zone) $(cat $c/store_user)"
	insmod /mods/brd.ko rd_nr=1 rd_size=65536 || rig "FAIL: insmod brd.ko"
	/usr/sbin/mke2fs -q -F -t ext2 -b 1024 -N 16384 /dev/ram0 || rig "FAIL: mke2fs"
	mkdir -p /mnt
	mount -t ext2 /dev/ram0 /mnt || rig "FAIL: mount -t ext2"
	tar -xf /data/tree.tar -C /mnt && sync && echo 3 >/proc/sys/vm/drop_caches &&
		(cd /mnt && md5sum -c -s /data/tree.md5)
	verdict workload $? "the files did not read back as made"
	echo 1 >$c/validate
	verdict validate "$(cat $c/validate)" "validate found $(cat $c/validate) problems"
	grep -qE 'ext2_alloc_inode|alloc_inode_sb.*\[ext2\]' $c/alloc_calls
	verdict alloc-calls $? "alloc_calls does not name ext2_alloc_inode: $(head -n 2 $c/alloc_calls | tr '\n' ' ')"
	quiet
	show_cmd cat $c/alloc_calls
	show_cmd myslabinfo -r '^ext2_inode_cache$'
	loud
	myslabinfo -r '^ext2_inode_cache$' | grep -q ext2_inode_cache
	verdict myslabinfo $? "myslabinfo -r printed no report of ext2_inode_cache"
	echo 0 >$c/red_zone
	echo 0 >$c/store_user
	umount /mnt || rig "FAIL: umount"
	rmmod ext2 && rmmod brd && [ ! -e $c ]
	verdict unload $? "rmmod ext2 failed or left its cache"
	;;
ext2bench)
	# One CPU under -icount shift=0: guest nanoseconds are instructions.
	# Each run: mke2fs, mount, then the phases of the ext2 proof, each
	# timed (create: tar -x and sync; read: drop_caches and md5sum -c;
	# rename: the renames, drop_caches, md5sum -c; delete: rm -rf of half,
	# drop_caches, md5sum -c), with the pages of ext2's inode cache after it.
	insmod /mods/brd.ko rd_nr=1 rd_size=65536 || rig "FAIL: insmod brd.ko"
	now() { sed -n 's/^now at \([0-9]*\) nsecs$/\1/p' /proc/timer_list; }
	# Pages of ext2_inode_cache in a slabinfo file: num_slabs * pagesperslab.
	held() { awk '$1 == "ext2_inode_cache" { print $15 * $6 }' "$1"; }
	drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
	# mymem's counters of ext2's inode cache since its ext2.ko was loaded:
	# which paths the phase's allocations and frees took.
	paths() {
		for n in alloc_fastpath alloc_slowpath free_fastpath free_slowpath \
			alloc_slab free_slab; do
			read -r v _ </sys/kernel/mymem/ext2_inode_cache/$n
			printf '%s=%s ' $n "$v"
		done
	}
	mkdir -p /mnt
	run=0
	for impl in $EXT2_ORDER; do
		run=$((run + 1))
		ko=/mods/ext2-slub.ko info=/proc/slabinfo
		[ "$impl" = mymem ] && ko=/mods/ext2.ko info=/proc/myslabinfo
		insmod $ko || rig "FAIL: insmod $ko"
		/usr/sbin/mke2fs -q -F -t ext2 -b 1024 -N 16384 /dev/ram0 || rig "FAIL: mke2fs"
		mount -t ext2 /dev/ram0 /mnt || rig "FAIL: mount ($impl)"
		drop
		for phase in create read rename delete; do
			t0=$(now)
			case $phase in
			create) tar -xf /data/tree.tar -C /mnt && sync ;;
			read) drop && (cd /mnt && md5sum -c -s /data/tree.md5) ;;
			rename)
				for d in /mnt/t/*/*; do mv "$d" "$d.r"; done
				for f in /mnt/t/*/*/f0?0; do mv "$f" "$f.r"; done
				sed -e 's#^\([0-9a-f]*  t/d[0-9]*/e[0-9]*\)/#\1.r/#' \
					-e 's#/\(f0[0-9]0\)$#/\1.r#' /data/tree.md5 >/tmp/renamed.md5
				drop && (cd /mnt && md5sum -c -s /tmp/renamed.md5) ;;
			delete)
				rm -rf /mnt/t/d0[0-7]
				grep -v '  t/d0[0-7]/' /tmp/renamed.md5 >/tmp/kept.md5
				drop && (cd /mnt && md5sum -c -s /tmp/kept.md5) ;;
			esac
			st=$?
			t1=$(now)
			[ $st = 0 ] || rig "FAIL: ext2bench $impl $phase (exit $st)"
			rig "ext2bench impl=$impl run=$run phase=$phase ns=$((t1 - t0)) pages=$(held $info)"
			[ "$impl" = mymem ] && rig "ext2paths run=$run phase=$phase $(paths)"
		done
		umount /mnt || rig "FAIL: umount ($impl)"
		rmmod ext2 || rig "FAIL: rmmod ext2 ($impl)"
	done
	;;
bench)
	for m in $BENCH; do
		insmod /mods/mymem_bench.ko mode="$m" || rig "FAIL: benchmark $m"
		rmmod mymem_bench || rig "FAIL: rmmod mymem_bench"
	done
	;;
esac

[ -n "${KEEP:-}" ] || rmmod mymem || rig "FAIL: rmmod mymem"
quiet
rig "tainted $(cat /proc/sys/kernel/tainted)"
rig "dmesg-begin"
dmesg
rig "dmesg-end"
rig "done"
reboot -f
