#!/usr/bin/env bats
# Docker 20.10 (a private dockerd on a private containerd, see daemons.bash) running its
# containers with the runtime under test: `docker run --runtime $E2E_DOCKER_RUNTIME`.
# dockerd hands the runtime to containerd's runc shim (io.containerd.runc.v2, BinaryName), which
# calls it with --root, --log FILE --log-format json, create --bundle --pid-file
# [--console-socket], start, state, exec --process --detach, ps --format json, pause, resume,
# update --resources, kill and delete.

# SC2016: the container's shell expands what is single-quoted. SC2086: id lists split on purpose.
# shellcheck disable=SC2016,SC2086

bats_require_minimum_version 1.5.0
load helpers

IMG=$E2E_IMAGE_DOCKER

teardown() {
	local ids
	ids=$(dk ps -aq --filter "name=^e2e-$E2E_RT-$BATS_TEST_NUMBER" 2>/dev/null)
	[[ -z $ids ]] || dk rm -f $ids >/dev/null 2>&1 || true
}

# The container's directory in a v1 hierarchy (dockerd runs with --cgroup-parent /$E2E_TAG-docker).
docker_cgroup() { # NAME CONTROLLER
	echo "/sys/fs/cgroup/$2/$E2E_TAG-docker/$(dk_id "$1")"
}

@test "docker: run --rm prints the output and returns the exit code" {
	run dk_run --rm --name "$(cname)" "$IMG" echo hello from docker
	assert_success
	assert_output "hello from docker"
	assert_runtime_called create "$(cname)|[0-9a-f]{64}"
	run dk_run --rm "$IMG" sh -c 'exit 42'
	assert_status 42
}

@test "docker: -e, -w, --user and --hostname reach the process" {
	run dk_run --rm -e GREETING=hi -w /tmp --user 1000:2000 --hostname e2e-host "$IMG" \
		sh -c 'echo "$GREETING $(pwd) $(id -u):$(id -g) $(hostname)"'
	assert_success
	assert_output "hi /tmp 1000:2000 e2e-host"
}

@test "docker: run -d, logs, stop (SIGTERM reaches the process), rm" {
	local n
	n=$(cname)
	dk_run -d --name "$n" "$IMG" sh -c 'trap "echo got TERM; exit 0" TERM; echo started; while :; do sleep 0.1; done' >/dev/null
	retry 10 eval '[[ $(dk logs "$n" 2>&1) == *started* ]]' || fail "no 'started' in the logs: $(dk logs "$n" 2>&1)"
	run dk inspect -f '{{.State.Status}}' "$n"
	assert_output running
	run dk stop -t 10 "$n"
	assert_success
	run dk inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$n"
	assert_output "exited 0"
	run dk logs "$n"
	assert_output "started
got TERM"
	run dk rm "$n"
	assert_success
	run dk ps -aq --filter "name=^$n\$"
	assert_output ""
}

@test "docker: run -it gives the process a terminal (console socket) and its exit code" {
	run python3 "$FIXTURES/ptyscript.py" --timeout 20 --out "$BATS_TEST_TMPDIR/tty.out" \
		--spawn docker run -it --rm --runtime "$E2E_DOCKER_RUNTIME" --network none "$IMG" sh -- \
		'expect:# ' 'send:tty; stty size; echo "[$((6*7))]"\r' 'expect:\[42\]' 'send:exit 7\r' eof
	assert_status 7
	out=$(tr -d '\r' <"$BATS_TEST_TMPDIR/tty.out")
	[[ $out == *"/dev/pts/0"* ]] || fail "no /dev/pts/0 from tty:" "$out"
	[[ $out == *"24 80"* ]] || fail "the terminal is not 24x80:" "$out"
}

@test "docker: exec with and without -t, and top (runtime ps)" {
	local n
	n=$(cname)
	dk_run -d --name "$n" "$IMG" sleep 1000 >/dev/null
	run dk exec "$n" sh -c 'echo "exec in $(hostname) as $(id -u)"; tty; exit 5'
	assert_status 5
	assert_output_contains "exec in $(dk_id "$n" | cut -c1-12) as 0"
	assert_output_contains "not a tty"
	run dk exec -t "$n" tty
	assert_success
	assert_output "/dev/pts/0"$'\r'
	run dk exec -e FOO=bar -w /etc -u 1000 "$n" sh -c 'echo "$FOO $(pwd) $(id -u)"'
	assert_output "bar /etc 1000"
	assert_runtime_called exec "$(dk_id "$n")"
	run dk top "$n"
	assert_success
	assert_output_contains "sleep 1000"
	[[ ${#lines[@]} -eq 2 ]] || fail "expected one process under the header:" "$output"
}

@test "docker: pause freezes the container, unpause thaws it" {
	local n
	n=$(cname)
	dk_run -d --name "$n" "$IMG" sleep 1000 >/dev/null
	run dk pause "$n"
	assert_success
	run dk inspect -f '{{.State.Status}}' "$n"
	assert_output paused
	assert_equal "$(cat "$(docker_cgroup "$n" freezer)/freezer.state")" FROZEN "freezer.state"
	run dk unpause "$n"
	assert_success
	assert_equal "$(cat "$(docker_cgroup "$n" freezer)/freezer.state")" THAWED "freezer.state"
	run dk exec "$n" echo alive
	assert_output alive
}

@test "docker: update -m changes the memory limit of a running container" {
	local n
	n=$(cname)
	dk_run -d --name "$n" -m 256m --memory-swap 256m "$IMG" sleep 1000 >/dev/null
	local dir
	dir=$(docker_cgroup "$n" memory)
	assert_equal "$(cat "$dir/memory.limit_in_bytes")" $((256 << 20)) "memory.limit_in_bytes"
	local soft_limit cpu_quota
	soft_limit=$(cat "$dir/memory.soft_limit_in_bytes") cpu_quota=$(cat "${dir/memory/cpu}/cpu.cfs_quota_us")
	# dockerd sends every limit it knows, the ones not asked for as 0: those stay as they are.
	run dk update -m 128m --memory-swap 128m "$n"
	assert_success
	assert_equal "$(cat "$dir/memory.limit_in_bytes")" $((128 << 20)) "memory.limit_in_bytes after update"
	assert_equal "$(cat "$dir/memory.soft_limit_in_bytes")" "$soft_limit" "memory.soft_limit_in_bytes after update"
	assert_equal "$(cat "${dir/memory/cpu}/cpu.cfs_quota_us")" "$cpu_quota" "cpu.cfs_quota_us after update"
	run dk exec "$n" cat /sys/fs/cgroup/memory/memory.limit_in_bytes
	assert_output $((128 << 20))
	assert_runtime_called update "$(dk_id "$n")"
}

@test "docker: run -m 64m is enforced: allocating past it is OOM-killed (137, OOMKilled)" {
	local n
	n=$(cname)
	# dd (the container's init) allocates and fills a 200 MiB buffer; the container sees its
	# own 64 MiB limit.
	run dk_run --name "$n" -m 64m --memory-swap 64m "$IMG" \
		sh -c 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes; exec dd if=/dev/zero of=/dev/null bs=200M count=1'
	assert_status 137
	assert_output $((64 << 20))
	run dk inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' "$n"
	assert_output "137 true"
}

@test "docker: kill sends the signal (TERM to a trap, then KILL: 137)" {
	local n
	n=$(cname)
	dk_run -d --name "$n" "$IMG" sh -c 'trap "echo got TERM" TERM; echo ready; while :; do sleep 0.1; done' >/dev/null
	retry 10 eval '[[ $(dk logs "$n" 2>&1) == *ready* ]]'
	run dk kill -s TERM "$n"
	assert_success
	retry 10 eval '[[ $(dk logs "$n" 2>&1) == *"got TERM"* ]]' || fail "TERM did not reach the trap: $(dk logs "$n" 2>&1)"
	run dk inspect -f '{{.State.Status}}' "$n"
	assert_output running
	run dk kill "$n"
	assert_success
	retry 10 eval '[[ $(dk inspect -f "{{.State.Status}}" "$n") == exited ]]'
	run dk inspect -f '{{.State.ExitCode}}' "$n"
	assert_output 137
}

@test "docker: --read-only and --cap-drop" {
	run dk_run --rm --read-only --cap-drop CHOWN "$IMG" sh -c '
		touch /new 2>&1 || echo "write refused"
		awk "\$5 == \"/\" { print \$6 }" /proc/self/mountinfo | cut -d, -f1
		chown 1000 /tmp 2>&1 || echo "chown refused"
		grep ^CapEff: /proc/self/status'
	assert_success
	assert_output_contains "Read-only file system"
	assert_output_contains "write refused"
	assert_output_contains $'\nro\n'
	assert_output_contains "chown refused"
	# CAP_CHOWN is bit 0; Docker's default set (a80425fb) has it.
	local eff
	eff=$(awk '/^CapEff:/ { print $2 }' <<<"$output")
	((((0x$eff) & 1) == 0)) || fail "CAP_CHOWN still effective: $eff"
	((0x$eff != 0)) || fail "every capability dropped: $eff"
}

@test "docker: --security-opt seccomp=<profile> is enforced" {
	cat >"$BATS_TEST_TMPDIR/seccomp.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
EOF
	run dk_run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/seccomp.json" "$IMG" sh -c '
		mkdir /tmp/d 2>&1 || echo "mkdir refused"
		touch /tmp/f && echo "touch works"
		grep ^Seccomp: /proc/self/status'
	assert_success
	assert_output_contains "Operation not permitted"
	assert_output_contains "mkdir refused"
	assert_output_contains "touch works"
	assert_output_contains $'Seccomp:\t2'
}

@test "docker: a failing create shows the runtime's own message (127 when not found)" {
	run -127 dk_run --rm "$IMG" /no/such/program
	assert_output_contains 'OCI runtime create failed'
	assert_output_contains 'exec: "/no/such/program"'
	assert_output_contains 'no such file or directory'
	# /proc/missing exists in the image (dockerd makes the working directory there) but not
	# on the proc file system mounted over /proc in the container.
	run -127 dk_run --rm -w /proc/missing "$IMG" pwd
	if is_berth; then
		assert_output_contains 'OCI runtime create failed: process.cwd: create directory "/proc/missing"'
		refute_output_contains 'runc'
	else
		assert_output_contains 'runc create failed'
		assert_output_contains 'mkdir /proc/missing: no such file or directory'
	fi
}
