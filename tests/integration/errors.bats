#!/usr/bin/env bats
# Bad input: every case exits non-zero, prints a message, and leaves nothing behind (no
# state entry, cgroup, mount or process: teardown checks all of them after every test).
# Assertions about berth's own message texts are guarded with is_berth.

load helpers

# expect_create_error [WORD...]: `create` fails with a message; for berth the message
# mentions each WORD (the field or path at fault); the id left no state behind.
expect_create_error() {
	create_container
	assert_failure
	assert_output_not_empty
	if is_berth; then
		local w
		for w in "$@"; do
			assert_output_contains "$w"
		done
	fi
	[[ ! -e $STATE_ROOT/$CID ]] || fail "state dir left for $CID"
	run runtime state "$CID"
	assert_failure
}

@test "errors: missing config.json" {
	rm "$BUNDLE/config.json"
	expect_create_error config.json
}

@test "errors: malformed config.json" {
	printf '{"ociVersion": "1.0.2", "process": {' >"$BUNDLE/config.json"
	expect_create_error config.json
}

@test "errors: config.json of the wrong shape (process.args is a string)" {
	update_config '.process.args = "sh"'
	expect_create_error process.args
}

@test "errors: empty process.args" {
	update_config '.process.args = []'
	expect_create_error process.args
}

@test "errors: unknown namespace type" {
	update_config '.linux.namespaces += [{"type": "bogus"}]'
	expect_create_error bogus
}

@test "errors: root path that does not exist" {
	update_config '.root.path = "no-such-rootfs"'
	expect_create_error no-such-rootfs
}

@test "errors: hostname without a new uts namespace" {
	remove_namespace uts
	update_config '.hostname = "box"'
	expect_create_error hostname
}

@test "errors: relative process.cwd" {
	update_config '.process.cwd = "tmp"'
	expect_create_error cwd
}

@test "errors: a namespace path that is not a namespace" {
	touch "$TEST_WORK/not-a-namespace"
	add_namespace network "$TEST_WORK/not-a-namespace"
	expect_create_error "$TEST_WORK/not-a-namespace"
}

@test "errors: a bind mount whose source does not exist" {
	update_config '.mounts += [{"destination": "/mnt/x", "type": "bind", "source": $s, "options": ["bind"]}]' \
		--arg s "$TEST_WORK/no-such-source"
	expect_create_error "$TEST_WORK/no-such-source"
}

@test "errors: invalid container ids: ../x, empty, a/b, ., .., 1025 characters" {
	long=$(printf 'a%.0s' $(seq 1025))
	ids=("../x" "" "a/b" "." ".." "$long")
	if is_berth; then
		# berth's id rule ^[A-Za-z0-9][A-Za-z0-9_.-]*$ is stricter than runc's ^[\w+-.]+$
		ids+=(".hidden" "_x" "a+b" "a b")
	fi
	for id in "${ids[@]}"; do
		run_detached runtime create --bundle "$BUNDLE" -- "$id"
		assert_failure
		assert_output_not_empty
		run runtime state "$id"
		assert_failure
	done
	# nothing was written next to or inside the state root
	[[ -z $(ls -A "$STATE_ROOT" 2>/dev/null) ]] || fail "state root not empty: $(ls -A "$STATE_ROOT")"
	[[ ! -e $TEST_WORK/x ]] || fail "../x created $TEST_WORK/x"
	[[ -z $(find /sys/fs/cgroup -maxdepth 8 \( -name x -o -name "$long" -o -name b \) 2>/dev/null) ]] ||
		fail "a cgroup was made for an invalid id"
}

@test "errors: duplicate id leaves the first container untouched" {
	set_cmd 'exec sleep 100'
	create_container
	assert_success
	pid=$(state_field "$CID" pid)

	make_bundle "$TEST_WORK/bundle2"
	run_detached runtime create --bundle "$TEST_WORK/bundle2" "$CID"
	assert_failure
	assert_output_not_empty
	run_detached runtime run --bundle "$TEST_WORK/bundle2" "$CID"
	assert_failure

	run runtime state "$CID"
	assert_success
	assert_equal "$(jq -r .status <<<"$output")" created "first container's status"
	assert_equal "$(jq -r .pid <<<"$output")" "$pid" "first container's pid"
	assert_equal "$(jq -r .bundle <<<"$output")" "$BUNDLE" "first container's bundle"
	[[ -d /proc/$pid ]] || fail "the first container's init died"
}

@test "errors: a container whose create has not written its state yet is 'being created' while that create holds it" {
	requires_berth "berth's state directory protocol"
	# What a create holds in its first microseconds: the directory, locked, with no record yet.
	mkdir -p "$STATE_ROOT/$CID"
	bg_start bash -c 'exec 9<"$1" && flock 9 && exec sleep 100' - "$STATE_ROOT/$CID"
	for _ in $(seq 1 100); do
		runtime state "$CID" 2>&1 | grep -q "being created" && break
		sleep 0.05
	done
	run runtime state "$CID"
	assert_failure
	assert_output_contains "container \"$CID\" is being created"
	kill "$BG_PID"
	wait "$BG_PID" || true
	# No creator any more: the directory is a leftover, and delete --force removes it.
	run runtime state "$CID"
	assert_failure
	assert_output_contains "has no state"
	run runtime delete --force "$CID"
	assert_success
	[[ ! -e $STATE_ROOT/$CID ]] || fail "the leftover state directory is still there"
}

host_target_listing() {
	find "$TEST_WORK/host-target" -printf '%p %y %m %n %s %T@\n' | sort
}

@test "errors: a mount destination that is a symlink out of the rootfs never lands on the host" {
	mkdir -p "$TEST_WORK/host-target"
	echo original >"$TEST_WORK/host-target/file"
	before=$(host_target_listing)
	ln -s "$TEST_WORK/host-target" "$ROOTFS/evil"
	ln -s "../../../../../../../../../../$TEST_WORK/host-target" "$ROOTFS/evil-rel"
	update_config '.mounts += [
		{"destination": "/evil/sub", "type": "tmpfs", "source": "tmpfs"},
		{"destination": "/evil-rel/sub2", "type": "tmpfs", "source": "tmpfs"},
		{"destination": "/evil/bound", "type": "bind", "source": $s, "options": ["rbind"]}]' --arg s "$SHARED"
	set_cmd 'exec sleep 100'
	create_container
	if is_berth; then
		# the issue asks berth to refuse such a config with a message naming the path
		assert_failure
		assert_output_contains /evil
	fi
	# whatever the runtime did, the host target is unchanged and nothing is mounted there
	assert_equal "$(host_target_listing)" "$before" "host target listing"
	assert_equal "$(cat "$TEST_WORK/host-target/file")" original
	! grep -qF "$TEST_WORK/host-target" /proc/self/mountinfo || fail "a mount landed on the host target"
	if [[ $status -eq 0 ]]; then
		# runc resolves the symlinks inside the rootfs: the tmpfs is at the same path under
		# the container's own root
		pid=$(state_field "$CID" pid)
		assert_equal "$(stat -f -c %T "/proc/$pid/root$TEST_WORK/host-target/sub")" tmpfs "mount inside the rootfs"
	fi
}

@test "errors: run with a failing prestart hook exits non-zero and leaves nothing" {
	update_config '.hooks.prestart = [{"path": "/bin/false", "args": ["false"]}]'
	run_container
	assert_failure
	assert_output_not_empty
	if is_berth; then
		assert_output_contains prestart
	fi
}

@test "errors: run with a createRuntime hook that times out exits non-zero and leaves nothing" {
	secs=20.$RANDOM
	update_config '.hooks.createRuntime = [{"path": "/bin/sleep", "args": ["sleep", $s], "timeout": 1}]' --arg s "$secs"
	start=$(date +%s)
	run_container
	assert_failure
	assert_output_not_empty
	(($(date +%s) - start < 10)) || fail "the hook timeout was not enforced"
	if is_berth; then
		assert_output_contains createRuntime
	fi
	[[ -z $(pgrep -x -f "sleep $secs" || true) ]] || fail "the timed-out hook is still running"
}
