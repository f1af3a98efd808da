#!/usr/bin/env bats
# cgroups, resources: every linux.resources field is written to the kernel file the cgroup
# version has for it (read back from the container's own cgroup directories), and the limits
# are enforced (memory OOM-kills, pids stops fork, a cpu quota slows a busy loop, a device rule
# blocks access). Bad input fails with a clear error naming the field and leaves no cgroup.
# The same file runs on v1, hybrid and pure v2 hosts (see cgroup_helpers.bash).

load helpers
load cgroup_helpers

MiB=$((1024 * 1024))

# the runtime-spec conversion of cpu.shares to cgroup v2's cpu.weight
shares_to_weight() {
	echo $((1 + (($1 - 2) * 9999) / 262142))
}

# assert_created_nothing: the failed command left no container state and no cgroup
assert_created_nothing() {
	assert_no_cgroup "$CID" "$CID-*"
	[[ -z $(ls -A "$STATE_ROOT" 2>/dev/null) ]] || fail "state left: $(ls -A "$STATE_ROOT")"
}

# run_fails_clearly FIELD...: `run` and `create` both fail, each name every FIELD (berth's
# messages; for other runtimes only a non-empty error), and nothing is left
run_fails_clearly() {
	local cmd field
	for cmd in create run; do
		if [[ $cmd == create ]]; then
			create_container
		else
			run_container
		fi
		assert_failure
		assert_output_not_empty
		if is_berth; then
			for field in "$@"; do
				assert_output_contains "$field"
			done
		fi
		assert_created_nothing
	done
}

# --- read back ------------------------------------------------------------------------------

@test "memory: limit, reservation and swap are written to the memory controller's files" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((64 * MiB)), \"reservation\": $((32 * MiB)), \"swap\": $((128 * MiB))}}"
	create_container
	assert_success
	cg_container_pid
	if cg_v2; then
		assert_cg memory memory.max $((64 * MiB))
		assert_cg memory memory.low $((32 * MiB))
		# the spec's swap is memory+swap; memory.swap.max is swap alone
		if [[ -e $(cg_dir "$CG_PID" memory)/memory.swap.max ]]; then
			assert_cg memory memory.swap.max $((64 * MiB))
		fi
	else
		assert_cg memory memory.limit_in_bytes $((64 * MiB))
		assert_cg memory memory.soft_limit_in_bytes $((32 * MiB))
		if [[ -e $(cg_dir "$CG_PID" memory)/memory.memsw.limit_in_bytes ]]; then
			assert_cg memory memory.memsw.limit_in_bytes $((128 * MiB))
		fi
	fi
}

@test "memory: swap equal to the limit means no swap; swappiness and disableOOMKiller on v1" {
	cg_has memory || skip "no memory controller"
	if cg_v2; then
		set_resources "{\"memory\": {\"limit\": $((48 * MiB)), \"swap\": $((48 * MiB))}}"
	else
		set_resources "{\"memory\": {\"limit\": $((48 * MiB)), \"swap\": $((48 * MiB)), \"swappiness\": 7, \"disableOOMKiller\": true}}"
	fi
	create_container
	assert_success
	cg_container_pid
	if cg_v2; then
		assert_cg memory memory.max $((48 * MiB))
		if [[ -e $(cg_dir "$CG_PID" memory)/memory.swap.max ]]; then
			assert_cg memory memory.swap.max 0
		fi
	else
		assert_cg memory memory.limit_in_bytes $((48 * MiB))
		assert_cg memory memory.swappiness 7
		grep -qx 'oom_kill_disable 1' <<<"$(cg_read memory memory.oom_control)" ||
			fail "memory.oom_control: $(cg_read memory memory.oom_control)"
	fi
}

@test "pids: limit is written to pids.max" {
	cg_has pids || skip "no pids controller"
	set_resources '{"pids": {"limit": 23}}'
	create_container
	assert_success
	cg_container_pid
	assert_cg pids pids.max 23
}

@test "cpu: shares (v2: cpu.weight by the runtime-spec formula), quota, period, burst" {
	cg_has cpu || skip "no cpu controller"
	set_resources '{"cpu": {"shares": 512, "quota": 20000, "period": 50000, "burst": 5000}}'
	create_container
	assert_success
	cg_container_pid
	local dir
	dir=$(cg_dir "$CG_PID" cpu)
	if cg_v2; then
		assert_cg cpu cpu.weight "$(shares_to_weight 512)"
		assert_cg cpu cpu.max "20000 50000"
		if is_berth && [[ -e $dir/cpu.max.burst ]]; then assert_cg cpu cpu.max.burst 5000; fi
	else
		assert_cg cpu cpu.shares 512
		assert_cg cpu cpu.cfs_quota_us 20000
		assert_cg cpu cpu.cfs_period_us 50000
		# runc 1.1.5 has no cpu.burst
		if is_berth && [[ -e $dir/cpu.cfs_burst_us ]]; then assert_cg cpu cpu.cfs_burst_us 5000; fi
	fi
}

@test "cpu: realtimeRuntime/realtimePeriod on v1, a clear error on v2" {
	cg_has cpu || skip "no cpu controller"
	set_resources '{"cpu": {"realtimePeriod": 1000000, "realtimeRuntime": 10000}}'
	if cg_v2; then
		run_fails_clearly "realtime"
		return
	fi
	local dir
	dir=$(cg_own_dir cpu)
	[[ -e $dir/cpu.rt_runtime_us ]] || skip "no realtime groups (CONFIG_RT_GROUP_SCHED)"
	create_container
	assert_success
	cg_container_pid
	assert_cg cpu cpu.rt_period_us 1000000
	assert_cg cpu cpu.rt_runtime_us 10000
}

@test "cpu: idle marks the cgroup SCHED_IDLE" {
	cg_has cpu || skip "no cpu controller"
	requires_berth "runc 1.1.5 has no cpu.idle"
	set_resources '{"cpu": {"idle": 1}}'
	create_container
	if [[ $status -ne 0 ]]; then
		assert_output_contains idle
		assert_created_nothing
		skip "this kernel has no cpu.idle: $output"
	fi
	cg_container_pid
	assert_cg cpu cpu.idle 1
}

@test "cpu: shares 2 and 262144 map to the ends of cpu.weight on v2 (1 and 10000)" {
	cg_has cpu || skip "no cpu controller"
	local shares want
	for shares in 2 262144 1024; do
		set_resources "{\"cpu\": {\"shares\": $shares}}"
		create_container_id "$CID-$shares"
		assert_success
		cg_container_pid "$CID-$shares"
		if cg_v2; then
			want=$(shares_to_weight "$shares")
			[[ $shares != 2 ]] || assert_equal "$want" 1 "formula at 2"
			[[ $shares != 262144 ]] || assert_equal "$want" 10000 "formula at 262144"
			assert_cg cpu cpu.weight "$want"
		else
			assert_cg cpu cpu.shares "$shares"
		fi
		run runtime delete --force "$CID-$shares"
		assert_success
	done
}

@test "cpuset: cpus and mems are written and the container's processes may run only there" {
	cg_has cpuset || skip "no cpuset controller"
	local last
	last=$(($(nproc --all) - 1))
	set_resources "{\"cpu\": {\"cpus\": \"$last\", \"mems\": \"0\"}}"
	set_cmd 'grep -E "^(Cpus|Mems)_allowed_list" /proc/self/status; exec sleep 1000'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	cg_container_pid
	assert_cg cpuset cpuset.cpus "$last"
	assert_cg cpuset cpuset.mems 0
	for _ in $(seq 50); do
		grep -q Mems_allowed_list "$io_file" && break
		sleep 0.1
	done
	output=$(<"$io_file")
	assert_output_contains "Cpus_allowed_list:	$last"
	assert_output_contains "Mems_allowed_list:	0"
	# and the kernel's view of the init itself
	grep -q "^Cpus_allowed_list:	$last\$" "/proc/$CG_PID/status" ||
		fail "init's affinity: $(grep Cpus_allowed_list "/proc/$CG_PID/status")"
}

@test "blockIO: weight is written where the kernel has a weight file, else a clear error" {
	cg_has blkio || cg_has io || skip "no blkio/io controller"
	set_resources '{"blockIO": {"weight": 300}}'
	local key=blkio
	cg_v2 && key=io
	create_container
	if [[ $status -ne 0 ]]; then
		# BFQ not in use and no CFQ: no weight file at all
		assert_output_contains_i weight
		if is_berth; then assert_output_contains "blockIO.weight"; fi
		assert_created_nothing
		skip "this kernel has no block IO weight file: $output"
	fi
	cg_container_pid
	local dir
	dir=$(cg_dir "$CG_PID" "$key")
	if cg_v2; then
		if [[ -e $dir/io.bfq.weight ]]; then
			grep -q '^default 300$' "$dir/io.bfq.weight" || fail "io.bfq.weight: $(cat "$dir/io.bfq.weight")"
		else
			grep -q "^default $((1 + ((300 - 10) * 9999) / 990))\$" "$dir/io.weight" ||
				fail "io.weight: $(cat "$dir/io.weight")"
		fi
	else
		if [[ -e $dir/blkio.weight ]]; then
			assert_cg blkio blkio.weight 300
		else
			grep -q '300' "$dir/blkio.bfq.weight" || fail "blkio.bfq.weight: $(cat "$dir/blkio.bfq.weight")"
		fi
	fi
}

@test "blockIO: throttle devices are written to blkio.throttle.* (v1) or io.max (v2)" {
	cg_has blkio || cg_has io || skip "no blkio/io controller"
	local dev major minor
	dev=$(host_block_device)
	[[ -n $dev ]] || skip "no block device to throttle (the root file system is not on a disk)"
	read -r major minor <<<"$dev"
	set_resources "{\"blockIO\": {
		\"throttleReadBpsDevice\": [{\"major\": $major, \"minor\": $minor, \"rate\": $((2 * MiB))}],
		\"throttleWriteBpsDevice\": [{\"major\": $major, \"minor\": $minor, \"rate\": $MiB}],
		\"throttleReadIOPSDevice\": [{\"major\": $major, \"minor\": $minor, \"rate\": 300}],
		\"throttleWriteIOPSDevice\": [{\"major\": $major, \"minor\": $minor, \"rate\": 200}]}}"
	create_container
	assert_success
	cg_container_pid
	if cg_v2; then
		assert_cg io io.max "$major:$minor rbps=$((2 * MiB)) wbps=$MiB riops=300 wiops=200"
	else
		assert_cg blkio blkio.throttle.read_bps_device "$major:$minor $((2 * MiB))"
		assert_cg blkio blkio.throttle.write_bps_device "$major:$minor $MiB"
		assert_cg blkio blkio.throttle.read_iops_device "$major:$minor 300"
		assert_cg blkio blkio.throttle.write_iops_device "$major:$minor 200"
	fi
}

@test "blockIO: a read throttle slows direct reads from the device (VM's /dev/ram0)" {
	[[ -b /dev/ram0 ]] || skip "no /dev/ram0 (the VM loads brd; this host has none)"
	cg_has blkio || cg_has io || skip "no blkio/io controller"
	local major minor
	read -r major minor < <(stat -Lc '%Hr %Lr' /dev/ram0)
	set_resources "{\"blockIO\": {\"throttleReadBpsDevice\": [{\"major\": $major, \"minor\": $minor, \"rate\": $MiB}]}}"
	update_config '.linux.devices += [{"path": "/dev/ram0", "type": "b", "major": $ma, "minor": $mi, "fileMode": 432}]' \
		--argjson ma "$major" --argjson mi "$minor"
	# 3 MiB at 1 MiB/s: at least 2 s (the first second's budget may be spent at once)
	set_cmd 'start=$(date +%s); dd if=/dev/ram0 of=/dev/null bs=64k count=48 iflag=direct 2>/dev/null || exit 3; echo $(( $(date +%s) - start ))'
	run_container
	assert_success
	[[ ${lines[-1]} =~ ^[0-9]+$ ]] || fail "unexpected output: $output"
	((${lines[-1]} >= 2)) || fail "3 MiB read at 1 MiB/s took ${lines[-1]} s"
}

@test "hugepageLimits: written to hugetlb.<size>.limit_in_bytes / .max, or a clear error without a hugetlb hierarchy" {
	local size=2MB
	[[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ]] || skip "no 2 MB huge pages on this kernel"
	set_resources "{\"hugepageLimits\": [{\"pageSize\": \"$size\", \"limit\": $((4 * MiB))}]}"
	if ! cg_has hugetlb; then
		# hybrid hosts here: hugetlb is only on the cgroup2 hierarchy
		run_fails_clearly hugepageLimits hugetlb
		return
	fi
	create_container
	assert_success
	cg_container_pid
	if cg_v2; then
		assert_cg hugetlb "hugetlb.$size.max" $((4 * MiB))
	else
		assert_cg hugetlb "hugetlb.$size.limit_in_bytes" $((4 * MiB))
	fi
}

@test "network: classID and priorities go to net_cls/net_prio, or a clear error where they are absent" {
	set_resources '{"network": {"classID": 1048577, "priorities": [{"name": "lo", "priority": 5}]}}'
	if cg_v2 || ! cg_has net_cls || ! cg_has net_prio; then
		run_fails_clearly "linux.resources.network"
		return
	fi
	create_container
	assert_success
	cg_container_pid
	assert_cg net_cls net_cls.classid 1048577
	grep -qx 'lo 5' <<<"$(cg_read net_prio net_prio.ifpriomap)" || fail "ifpriomap: $(cg_read net_prio net_prio.ifpriomap)"
}

@test "unified: key/values go to the container's cgroup2 directory (v2, and hybrid's cgroup2)" {
	if cg_v2; then
		set_resources '{"unified": {"cgroup.max.descendants": "5", "pids.max": "42", "memory.high": "50331648"}}'
	elif [[ $CG_LAYOUT == hybrid ]]; then
		requires_berth "runc 1.1.5 refuses linux.resources.unified unless the host is pure cgroup v2"
		set_resources '{"unified": {"cgroup.max.descendants": "5"}}'
	else
		set_resources '{"unified": {"cgroup.max.descendants": "5"}}'
		run_fails_clearly "linux.resources.unified"
		return
	fi
	create_container
	assert_success
	cg_container_pid
	assert_cg unified cgroup.max.descendants 5
	if cg_v2; then
		assert_cg pids pids.max 42
		assert_cg memory memory.high 50331648
	fi
}

@test "unified: a key that would move processes is refused" {
	cg_v2 || [[ $CG_LAYOUT == hybrid ]] || skip "no cgroup2 hierarchy"
	set_resources '{"unified": {"cgroup.procs": "1"}}'
	run_fails_clearly 'cgroup.procs'
}

# --- enforced -------------------------------------------------------------------------------

@test "memory limit enforced: allocating past it OOM-kills the process; run exits 137 and says so" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((32 * MiB)), \"swap\": $((32 * MiB))}}"
	# dd's buffer is one 64 MiB block, filled by reading /dev/zero
	set_cmd 'exec dd if=/dev/zero of=/dev/null bs=64M count=1'
	run_container
	assert_failure 137
	if is_berth; then
		assert_output_contains_i "memory limit"
	fi
}

@test "run: a process killed by SIGKILL without an OOM exits 137 and no memory limit is blamed" {
	set_resources "{\"memory\": {\"limit\": $((64 * MiB))}}"
	# outside a pid namespace the init is not protected from its own SIGKILL
	remove_namespace pid
	set_cmd 'kill -KILL $$'
	run_container
	assert_failure 137
	refute_output_contains "memory limit"
	refute_output_contains "OOM"
}

@test "memory limit enforced: a child past the limit is OOM-killed, the container lives on; the kernel counts it" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((32 * MiB)), \"swap\": $((32 * MiB))}}"
	bind_shared
	run_sleeper 'dd if=/dev/zero of=/dev/null bs=64M count=1; echo $? > /shared/dd; exec sleep 1000'
	wait_file "$SHARED/dd"
	assert_equal "$(cat "$SHARED/dd")" 137 "dd's exit status"
	if cg_v2; then
		grep -Eq '^oom_kill [1-9]' <<<"$(cg_read memory memory.events)" ||
			fail "memory.events: $(cg_read memory memory.events)"
	else
		grep -Eq '^oom_kill [1-9]' <<<"$(cg_read memory memory.oom_control)" ||
			fail "memory.oom_control: $(cg_read memory memory.oom_control)"
	fi
	assert_equal "$(state_field "$CID" status)" running "container status"
}

@test "pids limit enforced: fork fails inside once the limit is reached" {
	cg_has pids || skip "no pids controller"
	set_resources '{"pids": {"limit": 10}}'
	# each started sleep prints its number; ash gives up at the first failed fork
	set_cmd 'exec 2>&1; i=0; while [ $i -lt 40 ]; do sleep 100 & i=$((i+1)); echo $i; done; echo NOLIMIT'
	run_container
	refute_output_contains NOLIMIT
	assert_output_contains_i "fork"
	local n=0 line
	for line in "${lines[@]}"; do
		[[ $line =~ ^[0-9]+$ ]] && n=$line
	done
	# the shell itself is one of the 10
	((n >= 5 && n <= 9)) || fail "started $n sleeps under pids.limit 10: $output"
}

# spin_count: iterations of a shell busy loop in 2 s of wall time inside the container
spin_count() {
	set_cmd '( i=0; trap "echo \$i; exit 0" TERM; while :; do i=$((i+1)); done ) & p=$!; sleep 2; kill $p; wait $p'
	run runtime run --bundle "$BUNDLE" "$1" </dev/null
	assert_success
	[[ ${lines[-1]} =~ ^[0-9]+$ ]] || fail "no count: $output"
	echo "${lines[-1]}"
}

@test "cpu quota enforced: a 10% quota slows a busy loop to well under half its free speed" {
	cg_has cpu || skip "no cpu controller"
	local free limited
	free=$(spin_count "$CID-free")
	set_resources '{"cpu": {"quota": 10000, "period": 100000}}'
	limited=$(spin_count "$CID-quota")
	echo "# busy loop in 2 s: $free free, $limited at 10% quota" >&3
	((free > 0)) || fail "no iterations without a quota"
	((limited * 3 < free)) || fail "10% quota: $limited iterations vs $free without (expected < 1/3)"
}

# Device numbers 240-254 are for local use: no driver has them, so an open that the device
# cgroup lets through fails with ENXIO ("No such device or address"), and one that it blocks
# fails with EPERM ("Operation not permitted"). No device is touched either way.
@test "devices: a deny rule blocks access; later rules win; what no rule allows is denied" {
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"},
		{"allow": true, "type": "c", "major": 240, "minor": 0, "access": "rw"},
		{"allow": false, "type": "c", "major": 240, "minor": 0, "access": "w"}]'
	# the nodes are made from outside: the default capabilities have no CAP_MKNOD
	mkdir "$ROOTFS/nodes"
	mknod -m 666 "$ROOTFS/nodes/d0" c 240 0
	mknod -m 666 "$ROOTFS/nodes/d1" c 240 1
	set_cmd 'exec 2>&1
		echo "read d0: $(cat /nodes/d0 2>&1)"
		echo "write d0: $( (echo x > /nodes/d0) 2>&1)"
		echo "read d1: $(cat /nodes/d1 2>&1)"'
	run_container
	assert_success
	local read0 write0 read1
	read0=$(grep '^read d0:' <<<"$output")
	write0=$(grep '^write d0:' <<<"$output")
	read1=$(grep '^read d1:' <<<"$output")
	[[ $read0 == *"No such device or address"* ]] || fail "reading c 240:0 (allowed r) should reach the (missing) driver: $read0"
	[[ $write0 == *"Operation not permitted"* ]] || fail "writing c 240:0 (denied w) should be refused: $write0"
	[[ $read1 == *"Operation not permitted"* ]] || fail "reading c 240:1 (no rule) should be refused: $read1"
}

@test "devices: the default rules let busybox use /dev/null, zero, full, urandom, tty and ptmx" {
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}]'
	set_cmd 'exec 2>&1
		echo x > /dev/null && echo null-w
		head -c 4 /dev/zero | wc -c | grep -q 4 && echo zero-r
		echo x > /dev/full 2>/dev/null; [ -c /dev/full ] && head -c 1 /dev/full | wc -c | grep -q 1 && echo full-r
		head -c 16 /dev/urandom | wc -c | grep -q 16 && echo urandom-r
		head -c 16 /dev/random | wc -c | grep -q 16 && echo random-r
		exec 5<>/dev/ptmx && echo ptmx-rw
		(: </dev/tty) 2>&1 | grep -q "Operation not permitted" || echo tty-ok'
	run_container
	assert_success
	local want
	for want in null-w zero-r full-r urandom-r random-r ptmx-rw tty-ok; do
		assert_output_contains "$want"
	done
}

@test "devices: deny rule for /dev/null write blocks 'echo > /dev/null' (later rules win)" {
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"},
		{"allow": false, "type": "c", "major": 1, "minor": 3, "access": "w"}]'
	set_cmd 'exec 2>&1; echo x > /dev/null && echo WRITE-OK || echo WRITE-DENIED; head -c 1 /dev/null && echo READ-OK'
	run_container
	assert_output_contains READ-OK
	if is_berth; then
		assert_output_contains WRITE-DENIED
	fi
}

# --- bad input ------------------------------------------------------------------------------

@test "bad input: a memory limit below what the kernel accepts" {
	cg_has memory || skip "no memory controller"
	set_resources '{"memory": {"limit": 4096}}'
	run_fails_clearly "memory"
	if is_berth; then assert_output_contains "linux.resources.memory.limit"; fi
}

@test "bad input: swap smaller than the memory limit" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((64 * MiB)), \"swap\": $((32 * MiB))}}"
	run_fails_clearly "memory.swap"
}

@test "bad input: a cpuset outside the machine's CPUs" {
	cg_has cpuset || skip "no cpuset controller"
	set_resources "{\"cpu\": {\"cpus\": \"$(($(nproc --all) + 64))\"}}"
	run_fails_clearly "cpu.cpus"
}

@test "bad input: a cpuset memory node that does not exist" {
	cg_has cpuset || skip "no cpuset controller"
	set_resources '{"cpu": {"mems": "63"}}'
	run_fails_clearly "cpu.mems"
}

@test "bad input: a cgroupsPath containing '..'" {
	requires_berth "runc 1.1.5 resolves '..' in cgroupsPath lexically instead of refusing it"
	local path
	for path in "/$CID/../$CID-esc" "$CID/../../$CID-esc" "../$CID-esc"; do
		update_config '.linux.cgroupsPath = $p' --arg p "$path"
		run_fails_clearly "cgroupsPath"
		assert_no_cgroup "$CID-esc"
	done
}

@test "bad input: a device rule with a bad type" {
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}, {"allow": true, "type": "x", "major": 1, "minor": 3, "access": "rw"}]'
	run_fails_clearly "devices[1].type"
}

@test "bad input: a device rule with bad access letters" {
	requires_berth "runc 1.1.5 accepts unknown access letters"
	update_config '.linux.resources.devices = [{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwq"}]'
	run_fails_clearly "devices[0].access"
}

@test "cpu: a quota without a period keeps the cgroup's period (100 ms), as runc and Docker expect" {
	cg_has cpu || skip "no cpu controller"
	set_resources '{"cpu": {"quota": 30000}}'
	create_container
	assert_success
	cg_container_pid
	if cg_v2; then
		assert_cg cpu cpu.max "30000 100000"
	else
		assert_cg cpu cpu.cfs_quota_us 30000
		assert_cg cpu cpu.cfs_period_us 100000
	fi
}

@test "bad input: cpu shares below 2, a negative quota, a zero period" {
	cg_has cpu || skip "no cpu controller"
	requires_berth "runc 1.1.5 writes a negative quota as -1 (unlimited)"
	set_resources '{"cpu": {"quota": -5, "period": 100000}}'
	run_fails_clearly "cpu.quota"
	set_resources '{"cpu": {"quota": 5000, "period": 0}}'
	run_fails_clearly "cpu.period"
	update_config 'del(.linux.resources.cpu)'
	set_resources '{"cpu": {"shares": 1}}'
	run_fails_clearly "cpu.shares"
}

@test "bad input: a blkio weight outside 10-1000" {
	set_resources '{"blockIO": {"weight": 5000}}'
	run_fails_clearly "blockIO.weight"
}
