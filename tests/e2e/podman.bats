#!/usr/bin/env bats
# Podman 4.3 (no daemon: conmon calls the runtime) with the runtime under test:
# `podman --runtime PATH --cgroup-manager cgroupfs --events-backend file` with private --root,
# --runroot and --tmpdir, and a private containers.conf (daemons.bash: no network, file locks,
# berth-runtime in runtime_supports_json so conmon passes --log-format json, and on a machine
# whose root lacks CAP_SYS_RESOURCE, default ulimits within the hard limits).

# SC2016: the container's shell expands what is single-quoted. SC2086: id lists split on purpose.
# shellcheck disable=SC2016,SC2086

bats_require_minimum_version 1.5.0
load helpers

IMG=$E2E_IMAGE_PODMAN

teardown() {
	local ids
	ids=$(pm ps -aq --filter "name=^e2e-$E2E_RT-$BATS_TEST_NUMBER" 2>/dev/null)
	[[ -z $ids ]] || pm rm -f -t 0 $ids >/dev/null 2>&1 || true
}

@test "podman: run --rm prints the output and returns the exit code" {
	local n
	n=$(cname)
	run pm_run --rm --name "$n" "$IMG" sh -c 'echo "hello from podman $(id -u) $(ulimit -n)"'
	assert_success
	if has_cap_sys_resource; then
		assert_output_contains "hello from podman 0 "
	else
		assert_output "hello from podman 0 4096"
	fi
	assert_runtime_called create '[0-9a-f]{64}'
	run pm_run --rm "$IMG" sh -c 'exit 42'
	assert_status 42
}

@test "podman: run -d, exec, stop, rm" {
	local n
	n=$(cname)
	run pm_run -d --name "$n" "$IMG" sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
	assert_success
	local id=$output
	run pm exec "$n" sh -c 'echo "exec as $(id -u) in $(pwd)"; exit 3'
	assert_status 3
	assert_output "exec as 0 in /"
	run pm exec -e FOO=bar -w /tmp "$n" sh -c 'echo "$FOO $(pwd)"'
	assert_output "bar /tmp"
	assert_runtime_called exec "$id"
	run pm inspect -f '{{.State.Status}}' "$n"
	assert_output running
	run pm stop -t 10 "$n"
	assert_success
	run pm inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$n"
	assert_output "exited 0"
	run pm rm "$n"
	assert_success
	run pm ps -aq --filter "name=^$n\$"
	assert_output ""
}

@test "podman: a memory limit is set and enforced" {
	local n
	n=$(cname)
	run pm_run -d --name "$n" -m 64m --memory-swap 64m "$IMG" sleep 1000
	assert_success
	local id=$output
	assert_equal "$(cat "/sys/fs/cgroup/memory/$E2E_TAG-podman/libpod-$id/memory.limit_in_bytes")" $((64 << 20)) \
		"memory.limit_in_bytes"
	run pm exec "$n" cat /sys/fs/cgroup/memory/memory.limit_in_bytes
	assert_output $((64 << 20))
	# dd allocates (and fills) a 200 MiB buffer: the kernel kills it, podman reports 137.
	run pm exec "$n" dd if=/dev/zero of=/dev/null bs=200M count=1
	assert_status 137
}

@test "podman: a failing create shows the runtime's own message (127 when not found)" {
	run -127 pm_run --rm "$IMG" /no/such/program
	assert_output_contains 'exec: "/no/such/program"'
	assert_output_contains 'no such file or directory'
	if is_berth; then
		refute_output_contains 'runc create failed'
	else
		assert_output_contains 'runc create failed'
	fi
}
