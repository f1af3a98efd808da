#!/usr/bin/env bats
# cgroups, commands: update (flags, --resources FILE and -), pause/resume, ps (json, table),
# events (--stats, --interval, OOM), kill --all. Values are read back from the container's
# cgroup files. The same file runs on v1, hybrid and pure v2 hosts (see cgroup_helpers.bash).

load helpers
load cgroup_helpers

MiB=$((1024 * 1024))

# memory_files: sets MEM_LIMIT MEM_SWAP MEM_LOW to this layout's file names
memory_files() {
	if cg_v2; then
		MEM_LIMIT=memory.max MEM_SWAP=memory.swap.max MEM_LOW=memory.low
	else
		MEM_LIMIT=memory.limit_in_bytes MEM_SWAP=memory.memsw.limit_in_bytes MEM_LOW=memory.soft_limit_in_bytes
	fi
}

# assert_cpu_max QUOTA PERIOD
assert_cpu_max() {
	if cg_v2; then
		assert_cg cpu cpu.max "$1 $2"
	else
		assert_cg cpu cpu.cfs_quota_us "$1"
		assert_cg cpu cpu.cfs_period_us "$2"
	fi
}

# sorted_words TEXT: the words of TEXT, one a line, sorted numerically
sorted_words() {
	tr -s ' \n,[]' '\n' <<<"$1" | grep -v '^$' | sort -n
}

# --- update ---------------------------------------------------------------------------------

@test "update: flags change memory, cpu, pids and cpuset limits of a running container" {
	cg_has memory && cg_has pids && cg_has cpu || skip "needs memory, pids and cpu controllers"
	set_resources "{\"memory\": {\"limit\": $((64 * MiB))}, \"pids\": {\"limit\": 50},
		\"cpu\": {\"quota\": 50000, \"period\": 100000, \"shares\": 1024}}"
	run_sleeper
	memory_files
	assert_cg memory "$MEM_LIMIT" $((64 * MiB))
	assert_cg pids pids.max 50

	run runtime update --memory 96m --memory-reservation 48m --pids-limit 33 \
		--cpu-quota 20000 --cpu-period 50000 --cpu-share 256 "$CID"
	assert_success
	assert_cg memory "$MEM_LIMIT" $((96 * MiB))
	assert_cg memory "$MEM_LOW" $((48 * MiB))
	assert_cg pids pids.max 33
	assert_cpu_max 20000 50000
	if cg_v2; then
		assert_cg cpu cpu.weight $((1 + ((256 - 2) * 9999) / 262142))
	else
		assert_cg cpu cpu.shares 256
	fi
	# the container still runs, in the same cgroup
	assert_equal "$(state_field "$CID" status)" running status
}

@test "update: --memory-swap, raising and lowering memory+swap together" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((64 * MiB)), \"swap\": $((64 * MiB))}}"
	run_sleeper
	memory_files
	[[ -e $(cg_dir "$CG_PID" memory)/$MEM_SWAP ]] || skip "no swap accounting ($MEM_SWAP)"
	# up: on v1 memsw must be raised before the limit
	run runtime update --memory 128m --memory-swap 256m "$CID"
	assert_success
	assert_cg memory "$MEM_LIMIT" $((128 * MiB))
	if cg_v2; then assert_cg memory memory.swap.max $((128 * MiB)); else assert_cg memory "$MEM_SWAP" $((256 * MiB)); fi
	# down: the limit must go first
	run runtime update --memory 32m --memory-swap 48m "$CID"
	assert_success
	assert_cg memory "$MEM_LIMIT" $((32 * MiB))
	if cg_v2; then assert_cg memory memory.swap.max $((16 * MiB)); else assert_cg memory "$MEM_SWAP" $((48 * MiB)); fi
	# swap below the limit: refused, nothing changed
	run runtime update --memory 64m --memory-swap 32m "$CID"
	assert_failure
	assert_output_not_empty
	if is_berth; then assert_output_contains "memory.swap"; fi
	assert_cg memory "$MEM_LIMIT" $((32 * MiB))
}

@test "update: --cpuset-cpus and --cpuset-mems move a running container" {
	cg_has cpuset || skip "no cpuset controller"
	local last
	last=$(($(nproc --all) - 1))
	run_sleeper
	run runtime update --cpuset-cpus "$last" --cpuset-mems 0 "$CID"
	assert_success
	assert_cg cpuset cpuset.cpus "$last"
	assert_cg cpuset cpuset.mems 0
	grep -q "^Cpus_allowed_list:	$last\$" "/proc/$CG_PID/status" ||
		fail "init's affinity after update: $(grep Cpus_allowed_list "/proc/$CG_PID/status")"
	# a CPU the machine does not have: refused, the old value stays
	run runtime update --cpuset-cpus "$(($(nproc --all) + 64))" "$CID"
	assert_failure
	assert_output_not_empty
	if is_berth; then assert_output_contains "cpu.cpus"; fi
	assert_cg cpuset cpuset.cpus "$last"
}

@test "update: --resources FILE and --resources - (stdin) take a linux.resources object" {
	cg_has memory && cg_has pids && cg_has cpu || skip "needs memory, pids and cpu controllers"
	run_sleeper
	memory_files
	cat >"$TEST_WORK/resources.json" <<-EOF
		{"memory": {"limit": $((80 * MiB))}, "pids": {"limit": 44}, "cpu": {"quota": 30000, "period": 60000}}
	EOF
	run runtime update --resources "$TEST_WORK/resources.json" "$CID"
	assert_success
	assert_cg memory "$MEM_LIMIT" $((80 * MiB))
	assert_cg pids pids.max 44
	assert_cpu_max 30000 60000

	run runtime update --resources - "$CID" <<-EOF
		{"memory": {"limit": $((72 * MiB))}, "pids": {"limit": 55}, "cpu": {"quota": 40000, "period": 80000}}
	EOF
	assert_success
	assert_cg memory "$MEM_LIMIT" $((72 * MiB))
	assert_cg pids pids.max 55
	assert_cpu_max 40000 80000

	# -1 lifts a limit
	run runtime update --resources - "$CID" <<<'{"pids": {"limit": -1}, "cpu": {"quota": -1}}'
	assert_success
	assert_cg pids pids.max max
	if cg_v2; then
		[[ $(cg_read cpu cpu.max) == "max "* ]] || fail "cpu.max: $(cg_read cpu cpu.max)"
	else
		assert_cg cpu cpu.cfs_quota_us -1
	fi
}

@test "update: checkBeforeUpdate refuses a memory limit below the current usage" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((64 * MiB))}}"
	run_sleeper
	memory_files
	run runtime update --resources - "$CID" <<<'{"memory": {"limit": 4096, "checkBeforeUpdate": true}}'
	assert_failure
	assert_output_not_empty
	if is_berth; then assert_output_contains "memory.limit"; fi
	assert_cg memory "$MEM_LIMIT" $((64 * MiB))
	assert_equal "$(state_field "$CID" status)" running status
}

@test "update: --blkio-weight where the kernel has a weight file" {
	cg_has blkio || cg_has io || skip "no blkio/io controller"
	run_sleeper
	local dir
	dir=$(cg_dir "$CG_PID" "$(cg_v2 && echo io || echo blkio)")
	[[ -e $dir/blkio.weight || -e $dir/blkio.bfq.weight || -e $dir/io.bfq.weight || -e $dir/io.weight ]] ||
		skip "no block IO weight file in $dir"
	run runtime update --blkio-weight 250 "$CID"
	assert_success
	if [[ -e $dir/blkio.weight ]]; then
		assert_cg blkio blkio.weight 250
	elif [[ -e $dir/blkio.bfq.weight ]]; then
		grep -q 250 "$dir/blkio.bfq.weight" || fail "blkio.bfq.weight: $(cat "$dir/blkio.bfq.weight")"
	elif [[ -e $dir/io.bfq.weight ]]; then
		grep -qx 'default 250' "$dir/io.bfq.weight" || fail "io.bfq.weight: $(cat "$dir/io.bfq.weight")"
	else
		grep -qx "default $((1 + ((250 - 10) * 9999) / 990))" "$dir/io.weight" || fail "io.weight: $(cat "$dir/io.weight")"
	fi
}

@test "update works on a paused container (it stays paused)" {
	cg_has pids || skip "no pids controller"
	cg_v2 || cg_has freezer || skip "no freezer"
	run_sleeper
	run runtime pause "$CID"
	assert_success
	run runtime update --pids-limit 17 "$CID"
	assert_success
	assert_cg pids pids.max 17
	assert_equal "$(state_field "$CID" status)" paused status
	run runtime resume "$CID"
	assert_success
}

@test "update: bad JSON, unknown flags and a stopped container are refused" {
	run_sleeper
	run runtime update --resources - "$CID" <<<'{"memory": {"limit": "lots"}'
	assert_failure
	assert_output_not_empty
	run runtime update --pids-limit nope "$CID"
	assert_failure
	assert_output_not_empty
	run runtime kill "$CID" KILL
	assert_success
	wait_status "$CID" stopped
	run runtime update --pids-limit 10 "$CID"
	assert_failure
	assert_output_not_empty
}

@test "update: a lowered pids limit is enforced at once" {
	cg_has pids || skip "no pids controller"
	bind_shared
	run_sleeper 'while [ ! -e /shared/go ]; do sleep 0.1; done
		exec 2>/shared/err; i=0; while [ $i -lt 20 ]; do sleep 1000 & i=$((i+1)); echo $i > /shared/n; done
		echo NOLIMIT > /shared/n'
	run runtime update --pids-limit 5 "$CID"
	assert_success
	assert_cg pids pids.max 5
	touch "$SHARED/go"
	# the shell gives up at the first failed fork (and, as the container's init, ends it)
	wait_status "$CID" stopped 20
	local n
	n=$(cat "$SHARED/n")
	[[ $n =~ ^[0-9]+$ ]] && ((n <= 4)) || fail "started '$n' sleeps under a pids limit of 5; $(cat "$SHARED/err")"
}

# --- pause / resume -------------------------------------------------------------------------

# counter_value: the number the container last wrote to /shared/c (retries a torn read)
counter_value() {
	local v
	for _ in 1 2 3 4 5; do
		v=$(cat "$SHARED/c" 2>/dev/null)
		[[ $v =~ ^[0-9]+$ ]] && {
			echo "$v"
			return
		}
		sleep 0.05
	done
	echo "?"
}

# assert_frozen yes|no: the kernel's freezer state of the container
assert_frozen() {
	if cg_v2; then
		assert_cg unified cgroup.freeze "$([[ $1 == yes ]] && echo 1 || echo 0)"
		grep -qx "frozen $([[ $1 == yes ]] && echo 1 || echo 0)" <<<"$(cg_read unified cgroup.events)" ||
			fail "cgroup.events: $(cg_read unified cgroup.events)"
	else
		assert_cg freezer freezer.state "$([[ $1 == yes ]] && echo FROZEN || echo THAWED)"
	fi
}

@test "pause freezes every process (a counter stops, state says paused); resume thaws" {
	cg_v2 || cg_has freezer || skip "no freezer"
	bind_shared
	run_sleeper 'i=0; while :; do i=$((i+1)); echo $i > /shared/c; sleep 0.05; done'
	wait_file "$SHARED/c"
	run runtime pause "$CID"
	assert_success
	assert_equal "$(state_field "$CID" status)" paused status
	assert_frozen yes
	local before after
	before=$(counter_value)
	sleep 1
	after=$(counter_value)
	assert_equal "$after" "$before" "counter while paused"
	run runtime resume "$CID"
	assert_success
	assert_equal "$(state_field "$CID" status)" running status
	assert_frozen no
	sleep 1
	after=$(counter_value)
	[[ $after =~ ^[0-9]+$ ]] && ((after > before)) || fail "counter did not advance after resume: $before -> $after"
	# resuming a running container is refused
	run runtime resume "$CID"
	assert_failure
	assert_output_not_empty
}

@test "pause: a paused container can be killed and deleted; delete --force of a paused container leaves nothing" {
	cg_v2 || cg_has freezer || skip "no freezer"
	run_sleeper 'sleep 1000 & exec sleep 1000'
	run runtime pause "$CID"
	assert_success
	run runtime delete --force "$CID"
	assert_success
	wait_pid_gone "$CG_PID"
	assert_no_cgroup "$CID"
}

@test "pause and resume of a stopped container are refused" {
	cg_v2 || cg_has freezer || skip "no freezer"
	set_cmd 'true'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	run runtime pause "$CID"
	assert_failure
	assert_output_not_empty
	# resuming a running container is refused
	run runtime resume "$CID"
	assert_failure
	assert_output_not_empty
}

# --- ps -------------------------------------------------------------------------------------

@test "ps --format json lists the host pid of every process in the container's cgroup" {
	run_sleeper 'sleep 1000 & sleep 1001 & (sleep 1002 &) ; exec sleep 1003'
	local procs dir
	dir=$(container_procs_dir)
	wait_procs_at_least "$dir" 4
	procs=$(sort -n "$dir/cgroup.procs")
	assert_equal "$(wc -l <<<"$procs")" 4 "processes in $dir"
	run runtime ps --format json "$CID"
	assert_success
	jq -e 'type == "array" and all(type == "number")' >/dev/null <<<"$output" || fail "not a JSON array of pids: $output"
	assert_equal "$(jq -r '.[]' <<<"$output" | sort -n)" "$procs" "ps --format json vs cgroup.procs"
	grep -qx "$CG_PID" <<<"$procs" || fail "the init $CG_PID is not listed"
}

@test "ps (table) shows a header with PID and a line for every process" {
	run_sleeper 'sleep 1000 & exec sleep 1003'
	local dir pid
	dir=$(container_procs_dir)
	wait_procs_at_least "$dir" 2
	run runtime ps "$CID"
	assert_success
	[[ ${lines[0]} == *PID* ]] || fail "no header: ${lines[0]}"
	local col
	col=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "PID") print i }' <<<"${lines[0]}")
	[[ -n $col ]] || fail "no PID column: ${lines[0]}"
	for pid in $(cat "$dir/cgroup.procs"); do
		awk -v c="$col" -v p="$pid" 'NR > 1 && $c == p { found = 1 } END { exit !found }' <<<"$output" ||
			fail "pid $pid missing from the table: $output"
	done
	assert_equal "$((${#lines[@]} - 1))" "$(wc -l <"$dir/cgroup.procs")" "table rows"
}

@test "ps passes ps(1) options: -o pid,comm" {
	run_sleeper 'exec sleep 1003'
	run runtime ps "$CID" -o pid,comm
	assert_success
	[[ ${lines[0]} =~ PID[[:space:]]+(COMMAND|COMM) ]] || fail "header: ${lines[0]}"
	[[ ${lines[1]} =~ ^[[:space:]]*$CG_PID[[:space:]]+sleep$ ]] || fail "row: ${lines[1]}"
	assert_equal "${#lines[@]}" 2 "lines"
}

# --- events ---------------------------------------------------------------------------------

@test "events --stats prints one runc-shaped JSON stats event: cpu, memory, pids, blkio" {
	set_resources "{\"memory\": {\"limit\": $((64 * MiB))}, \"pids\": {\"limit\": 40}}"
	run_sleeper 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 1000 & exec sleep 1000'
	sleep 0.5
	run runtime events --stats "$CID"
	assert_success
	jq -e . >/dev/null <<<"$output" || fail "not JSON: $output"
	assert_equal "$(jq -r .type <<<"$output")" stats type
	assert_equal "$(jq -r .id <<<"$output")" "$CID" id
	jq -e '.data.cpu.usage.total > 0' >/dev/null <<<"$output" || fail "cpu.usage.total: $(jq -c .data.cpu <<<"$output")"
	jq -e '.data.cpu.usage.percpu | type == "array"' >/dev/null <<<"$output" || cg_v2 ||
		fail "cpu.usage.percpu: $(jq -c .data.cpu <<<"$output")"
	jq -e '.data.memory.usage.usage > 0' >/dev/null <<<"$output" || fail "memory.usage: $(jq -c .data.memory.usage <<<"$output")"
	assert_equal "$(jq -r .data.memory.usage.limit <<<"$output")" $((64 * MiB)) "memory.usage.limit"
	jq -e '.data.memory.raw | type == "object" and length > 0' >/dev/null <<<"$output" || fail "memory.raw: $(jq -c .data.memory <<<"$output")"
	assert_equal "$(jq -r .data.pids.current <<<"$output")" 2 "pids.current"
	assert_equal "$(jq -r .data.pids.limit <<<"$output")" 40 "pids.limit"
	jq -e '.data.blkio | type == "object"' >/dev/null <<<"$output" || fail "blkio: $(jq -c .data.blkio <<<"$output")"
}

@test "events --stats: blkio counts the container's direct writes to a disk" {
	cg_has blkio || cg_has io || skip "no blkio/io controller"
	if [[ -b /dev/ram0 ]]; then
		local major minor
		read -r major minor < <(stat -Lc '%Hr %Lr' /dev/ram0)
		update_config '.linux.devices += [{"path": "/dev/ram0", "type": "b", "major": $ma, "minor": $mi, "fileMode": 432}]' \
			--argjson ma "$major" --argjson mi "$minor"
		run_sleeper 'dd if=/dev/zero of=/dev/ram0 bs=64k count=32 oflag=direct 2>/dev/null; echo done > /dev/shm/done; exec sleep 1000'
	else
		[[ $(stat -fc %T "$SHARED") != tmpfs ]] || skip "no disk under $SHARED and no /dev/ram0"
		bind_shared
		run_sleeper 'dd if=/dev/zero of=/shared/f bs=64k count=32 oflag=direct 2>/shared/dd.err && echo done > /shared/done; exec sleep 1000'
		wait_file "$SHARED/done" || fail "dd failed: $(cat "$SHARED/dd.err")"
	fi
	local i
	for i in $(seq 50); do
		run runtime events --stats "$CID"
		assert_success
		jq -e '[.data.blkio.ioServiceBytesRecursive[]? | select((.op | ascii_downcase) == "write") | .value] | add // 0 | . >= 2097152' \
			>/dev/null <<<"$output" && return 0
		sleep 0.1
	done
	fail "no 2 MiB of writes in blkio stats: $(jq -c .data.blkio <<<"$output")"
}

@test "events --interval 200ms streams stats events and stops when the container exits" {
	set_cmd 'sleep 2'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	bg_start runtime events --interval 200ms "$CID" >"$TEST_WORK/events" 2>&1
	local events_pid=$BG_PID
	# the stream ends by itself once the init exits (well before the 30 s runtime timeout)
	for _ in $(seq 100); do
		is_live_pid "$events_pid" || break
		sleep 0.1
	done
	if is_berth; then
		! is_live_pid "$events_pid" || fail "events still running 10 s after the container started"
		wait "$events_pid" || fail "events exited with status $? when the container ended"
	else
		# runc 1.1.5 keeps streaming (errors) after the container is gone
		kill "$events_pid" 2>/dev/null || true
	fi
	wait "$events_pid" || true
	local n
	n=$(jq -r 'select(.type == "stats") | .id' "$TEST_WORK/events" | grep -cx "$CID") ||
		fail "no stats events: $(cat "$TEST_WORK/events")"
	# 2 s at 200 ms: about 10 events; generous for a loaded machine
	((n >= 3)) || fail "only $n stats events in about 2 s at 200 ms: $(cat "$TEST_WORK/events")"
}

@test "events reports an OOM kill in the container" {
	cg_has memory || skip "no memory controller"
	set_resources "{\"memory\": {\"limit\": $((32 * MiB)), \"swap\": $((32 * MiB))}}"
	bind_shared
	run_sleeper 'while [ ! -e /shared/go ]; do sleep 0.1; done
		dd if=/dev/zero of=/dev/null bs=64M count=1; echo $? > /shared/dd; exec sleep 1000'
	bg_start runtime events --interval 1s "$CID" >"$TEST_WORK/events" 2>&1
	# let events take its first look (the OOM count before the kill)
	for _ in $(seq 50); do
		[[ -s $TEST_WORK/events ]] && break
		sleep 0.1
	done
	touch "$SHARED/go"
	wait_file "$SHARED/dd"
	assert_equal "$(cat "$SHARED/dd")" 137 "dd's status (SIGKILL by the OOM killer)"
	local oom=''
	for _ in $(seq 50); do
		# whole lines only: the stream may be in the middle of writing the next one
		oom=$(grep -F '"oom"' "$TEST_WORK/events" | head -n 1)
		[[ -n $oom ]] && break
		sleep 0.1
	done
	[[ -n $oom ]] || fail "no oom event: $(grep -v '"stats"' "$TEST_WORK/events" | head -5)"
	assert_equal "$(jq -r .type <<<"$oom")" oom "event type"
	assert_equal "$(jq -r .id <<<"$oom")" "$CID" "oom event id"
}

@test "events of a stopped or unknown container fail" {
	set_cmd 'true'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	run runtime events --stats "$CID"
	assert_failure
	assert_output_not_empty
	run runtime events --stats "$CID-nope"
	assert_failure
	assert_output_not_empty
}

# --- kill --all -----------------------------------------------------------------------------

@test "kill --all KILL kills every process of the cgroup, also those outside the init's tree" {
	# no pid namespace: the processes would outlive the init; only the cgroup finds them all
	remove_namespace pid
	run_sleeper 'setsid sleep 1001 & (sleep 1002 &); sleep 1003 & exec sleep 1000'
	local dir pids pid
	dir=$(container_procs_dir)
	wait_procs_at_least "$dir" 4
	pids=$(cat "$dir/cgroup.procs")
	assert_equal "$(wc -l <<<"$pids")" 4 "processes before kill --all"
	run runtime kill --all "$CID" KILL
	assert_success
	for pid in $pids; do
		wait_pid_gone "$pid" 5
	done
	[[ -z $(cat "$dir/cgroup.procs" 2>/dev/null) ]] || fail "left in $dir: $(cat "$dir/cgroup.procs")"
	wait_status "$CID" stopped
}

@test "kill --all TERM signals every process: children die, the init's handler runs" {
	bind_shared
	run_sleeper 'trap "echo TERM > /shared/init; exit 0" TERM; sleep 1001 & sleep 1002 & wait'
	local dir pids pid
	dir=$(container_procs_dir)
	wait_procs_at_least "$dir" 3
	pids=$(cat "$dir/cgroup.procs")
	run runtime kill --all "$CID" TERM
	assert_success
	for pid in $pids; do
		wait_pid_gone "$pid" 5
	done
	wait_file "$SHARED/init"
	assert_equal "$(cat "$SHARED/init")" TERM "the init's trap"
}

@test "kill --all KILL empties a cgroup whose processes keep forking" {
	cg_has pids || skip "no pids controller"
	set_resources '{"pids": {"limit": 300}}'
	remove_namespace pid
	# a spawner that never stops forking short-lived sleeps (bounded by their 2 s lifetime);
	# the init is a plain sleep, so the container runs whatever happens to the spawner
	run_sleeper '(while :; do (sleep 2 &); sleep 0.01; done) 2>/dev/null & exec sleep 1000'
	local dir
	dir=$(cg_dir "$CG_PID" pids)
	for _ in $(seq 100); do
		[[ $(wc -l <"$dir/cgroup.procs") -ge 10 ]] && break
		sleep 0.1
	done
	[[ $(wc -l <"$dir/cgroup.procs") -ge 10 ]] || fail "the spawner did not get going: $(cat "$dir/cgroup.procs")"
	run runtime kill --all "$CID" KILL
	assert_success
	for _ in $(seq 50); do
		[[ -z $(cat "$dir/cgroup.procs") ]] && break
		sleep 0.1
	done
	[[ -z $(cat "$dir/cgroup.procs") ]] || fail "still in the cgroup: $(tr '\n' ' ' <"$dir/cgroup.procs")"
}

@test "kill --all reaches processes that outlive the init (no pid namespace), as runc does" {
	remove_namespace pid
	bind_shared
	set_cmd 'sleep 1000 & echo $! > /shared/child; exit 0'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_file "$SHARED/child"
	wait_status "$CID" stopped
	local dir
	dir=$(cg_dir "$(cat "$SHARED/child")" pids 2>/dev/null || cg_dir "$(cat "$SHARED/child")" unified)
	[[ -n $(cat "$dir/cgroup.procs") ]] || fail "the child is not in $dir"
	# the init is gone, the container is stopped, but its cgroup still holds the child
	run runtime kill --all "$CID" KILL
	assert_success
	wait_pid_gone "$(cat "$SHARED/child")" 5
}
