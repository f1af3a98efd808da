#!/usr/bin/env bats
# containerd 1.6 (a private containerd, see daemons.bash) through ctr, with the runtime under
# test as the runc shim's binary: `ctr run --runtime io.containerd.runc.v2 --runc-binary PATH`.
# The containers live in the namespace $E2E_TAG, which is also their cgroup parent.

# SC2016: the container's shell expands what is single-quoted. SC2086: id lists split on purpose.
# shellcheck disable=SC2016,SC2086

bats_require_minimum_version 1.5.0
load helpers

IMG=$E2E_IMAGE_CTR

teardown() {
	local id
	for id in $(ct containers ls -q 2>/dev/null | grep "^e2e-$E2E_RT-$BATS_TEST_NUMBER"); do
		ct tasks kill -s KILL "$id" >/dev/null 2>&1 || true
		retry 5 eval '! ct tasks ls -q | grep -qx "$id" || ct tasks delete "$id" >/dev/null 2>&1' || true
		ct containers delete "$id" >/dev/null 2>&1 || true
	done
}

# task_status ID: RUNNING, PAUSED, STOPPED... as `ctr tasks ls` shows it.
task_status() { ct tasks ls | awk -v id="$1" '$1 == id { print $3 }'; }
task_pid() { ct tasks ls | awk -v id="$1" '$1 == id { print $2 }'; }

@test "containerd: run --rm prints the output and returns the exit code" {
	local n
	n=$(cname)
	run ct_run --rm "$IMG" "$n" sh -c 'echo "hello from containerd, pid $$"' </dev/null
	assert_success
	assert_output "hello from containerd, pid 1"
	assert_runtime_called create "$n"
	run ct_run --rm "$IMG" "$(cname exit)" sh -c 'exit 42' </dev/null
	assert_status 42
	run ct containers ls -q
	refute_output_contains "$n"
}

@test "containerd: run -d, task exec, task ps" {
	local n
	n=$(cname)
	run ct_run -d "$IMG" "$n" sleep 1000
	assert_success
	assert_equal "$(task_status "$n")" RUNNING "task status"
	run ct_exec --exec-id e2e-exec "$n" sh -c 'echo "exec beside $(cat /proc/1/comm) as $(id -u)"; exit 5' </dev/null
	assert_status 5
	assert_output "exec beside sleep as 0"
	assert_runtime_called exec "$n"
	# task ps asks the runtime (ps --format json) for the container's host pids.
	local pid
	pid=$(task_pid "$n")
	run ct tasks ps "$n"
	assert_success
	assert_output_contains "$pid"
	[[ ${#lines[@]} -eq 2 ]] || fail "expected one process under the header:" "$output"
	assert_equal "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " "the process task ps names"
}

@test "containerd: task pause and resume" {
	local n
	n=$(cname)
	ct_run -d "$IMG" "$n" sleep 1000 >/dev/null
	run ct tasks pause "$n"
	assert_success
	assert_equal "$(task_status "$n")" PAUSED "task status"
	assert_equal "$(cat "/sys/fs/cgroup/freezer/$E2E_TAG/$n/freezer.state")" FROZEN "freezer.state"
	run ct tasks resume "$n"
	assert_success
	assert_equal "$(task_status "$n")" RUNNING "task status"
	assert_equal "$(cat "/sys/fs/cgroup/freezer/$E2E_TAG/$n/freezer.state")" THAWED "freezer.state"
	run ct_exec --exec-id e2e-after "$n" echo alive </dev/null
	assert_output alive
}

@test "containerd: task kill, task delete (exit status), container delete" {
	local n
	n=$(cname)
	ct_run -d "$IMG" "$n" sh -c 'trap "exit 3" TERM; while :; do sleep 0.1; done' >/dev/null
	[[ -d /sys/fs/cgroup/memory/$E2E_TAG/$n ]] || fail "no memory cgroup for the task"
	run ct tasks kill "$n"
	assert_success
	retry 10 eval '[[ $(task_status "$n") == STOPPED ]]' || fail "the task did not stop: $(task_status "$n")"
	run ct tasks delete "$n"
	assert_success
	assert_output_contains "exit code 3"
	run ct tasks ls -q
	refute_output_contains "$n"
	[[ ! -d /sys/fs/cgroup/memory/$E2E_TAG/$n ]] || fail "the task's memory cgroup is still there"
	run ct containers delete "$n"
	assert_success
}
