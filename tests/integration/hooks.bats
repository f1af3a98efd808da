#!/usr/bin/env bats
# hooks: prestart, createRuntime, createContainer, startContainer, poststart, poststop —
# when they run, what they get on stdin, and what a failing or slow hook does.

load helpers

# host_hook NAME: a hook run in the runtime namespace (host paths) that saves its stdin to
# $SHARED/NAME.json and appends NAME to $SHARED/log
host_hook() {
	jq -nc --arg d "$SHARED" --arg n "$1" \
		'{path: "/bin/sh", args: ["sh", "-c", "cat > \($d)/\($n).json; echo \($n) >> \($d)/log"]}'
}

# container_hook NAME: the same, for hooks whose path resolves in the container
# (startContainer): the rootfs's /bin/sh writing to /shared
container_hook() {
	jq -nc --arg n "$1" '{path: "/bin/sh", args: ["sh", "-c", "cat > /shared/\($n).json; echo \($n) >> /shared/log"]}'
}

# add_hook KIND HOOK_JSON
add_hook() {
	update_config '.hooks[$k] += [$h]' --arg k "$1" --argjson h "$2"
}

hook_log() {
	tr '\n' ' ' <"$SHARED/log" 2>/dev/null | sed 's/ $//'
}

# check_hook_state NAME STATUS [PID]: the state a hook got on stdin
check_hook_state() {
	local f=$SHARED/$1.json ver id bundle status pid
	[[ -s $f ]] || fail "hook $1 got no state on stdin"
	IFS=$'\t' read -r ver id bundle status pid < <(jq -r '[.ociVersion, .id, .bundle, .status, (.pid // "none" | tostring)] | @tsv' "$f") ||
		fail "hook $1 stdin is not a JSON state: $(cat "$f")"
	[[ -n $ver ]] || fail "$1: no ociVersion"
	assert_equal "$id" "$CID" "$1: id"
	assert_equal "$bundle" "$BUNDLE" "$1: bundle"
	assert_equal "$status" "$2" "$1: status"
	if [[ -n ${3:-} ]]; then
		assert_equal "$pid" "$3" "$1: pid"
	fi
}

@test "hooks: create runs prestart, createRuntime, createContainer; start runs startContainer; delete runs poststop" {
	bind_shared
	set_cmd 'echo process >> /shared/log'
	for k in prestart createRuntime createContainer poststop; do
		add_hook "$k" "$(host_hook "$k")"
	done
	add_hook startContainer "$(container_hook startContainer)"

	create_container
	assert_success
	assert_equal "$(hook_log)" "prestart createRuntime createContainer" "hooks run by create"
	pid=$(state_field "$CID" pid)
	check_hook_state prestart creating "$pid"
	check_hook_state createRuntime creating "$pid"
	check_hook_state createContainer creating
	# runc reports the pid as seen inside the container here (1); any real pid will do
	[[ $(jq -r .pid "$SHARED/createContainer.json") =~ ^[1-9][0-9]*$ ]] || fail "createContainer: pid"

	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	assert_equal "$(hook_log)" "prestart createRuntime createContainer startContainer process" "hooks run by start"
	check_hook_state startContainer created
	[[ $(jq -r .pid "$SHARED/startContainer.json") =~ ^[1-9][0-9]*$ ]] || fail "startContainer: pid"

	run runtime delete "$CID"
	assert_success
	assert_equal "$(hook_log)" "prestart createRuntime createContainer startContainer process poststop" "hooks run by delete"
	check_hook_state poststop stopped
}

@test "hooks: poststart runs after the process started and before start returns" {
	requires_berth "runc 1.1.5 runs poststart hooks during create, before the process starts"
	update_config '.process.args = ["sleep", "100"]'
	add_hook poststart "$(jq -nc --arg d "$SHARED" '{path: "/bin/sh", args: ["sh", "-c",
		"cat > \($d)/poststart.json; pid=$(jq .pid \($d)/poststart.json); tr \"\\0\" \" \" < /proc/$pid/cmdline > \($d)/cmdline; echo poststart >> \($d)/log"]}')"
	create_container
	assert_success
	[[ ! -e $SHARED/log ]] || fail "poststart ran during create"
	run runtime start "$CID"
	assert_success
	# no waiting: start returns only after poststart
	assert_equal "$(hook_log)" poststart "hooks run by start"
	assert_equal "$(cat "$SHARED/cmdline")" "sleep 100 " "container process when poststart ran"
	check_hook_state poststart running "$(state_field "$CID" pid)"
}

@test "hooks: run executes the hooks in order around the process" {
	bind_shared
	set_cmd 'echo process >> /shared/log'
	for k in prestart createRuntime createContainer poststop; do
		add_hook "$k" "$(host_hook "$k")"
	done
	add_hook startContainer "$(container_hook startContainer)"
	run_container
	assert_success
	assert_equal "$(hook_log)" "prestart createRuntime createContainer startContainer process poststop"
}

@test "hooks: args and env are passed to the hook" {
	add_hook createRuntime "$(jq -nc --arg f "$SHARED/args" '{path: "/bin/sh",
		args: ["sh", "-c", "echo \"$0|$1|$FOO|${HOME-unset}\" > \($f)", "zero", "one"], env: ["FOO=bar"]}')"
	create_container
	assert_success
	assert_equal "$(cat "$SHARED/args")" "zero|one|bar|unset"
}

@test "hooks: a failing prestart, createRuntime or createContainer hook fails create and leaves nothing" {
	for k in prestart createRuntime createContainer; do
		id=$CID-$k
		cp "$BUNDLE/config.json" "$TEST_WORK/config.orig"
		add_hook "$k" '{"path": "/bin/sh", "args": ["sh", "-c", "echo hook-said-no >&2; exit 7"]}'
		create_container_id "$id"
		assert_failure
		assert_output_not_empty
		if is_berth; then
			assert_output_contains "$k"
		fi
		run runtime state "$id"
		assert_failure
		[[ ! -e $STATE_ROOT/$id ]] || fail "$k: state dir left"
		[[ -z $(find /sys/fs/cgroup -maxdepth 8 -type d -name "$id" 2>/dev/null) ]] || fail "$k: cgroup left"
		cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
	done
}

@test "hooks: a failing startContainer hook stops the container before the process runs" {
	bind_shared
	set_cmd 'echo process >> /shared/log'
	add_hook startContainer '{"path": "/bin/sh", "args": ["sh", "-c", "exit 1"]}'
	create_container
	assert_success
	run runtime start "$CID"
	if is_berth; then
		# runc 1.1.5 returns 0 here: the hook fails in the init after start returned
		assert_failure
		assert_output_contains startContainer
	fi
	wait_status "$CID" stopped
	[[ ! -e $SHARED/log ]] || fail "the process ran although startContainer failed"
}

@test "hooks: a failing poststart hook is a warning, the container keeps running" {
	requires_berth "runc 1.1.5 runs poststart during create and fails create when it fails"
	update_config '.process.args = ["sleep", "100"]'
	add_hook poststart '{"path": "/bin/sh", "args": ["sh", "-c", "exit 1"]}'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	assert_equal "$(state_field "$CID" status)" running
}

@test "hooks: a failing poststop hook is a warning, delete still removes the container" {
	add_hook poststop '{"path": "/bin/sh", "args": ["sh", "-c", "echo poststop-failed >&2; exit 1"]}'
	set_cmd 'exit 0'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	run runtime delete "$CID"
	assert_success
	[[ ! -e $STATE_ROOT/$CID ]] || fail "state dir left"
}

@test "hooks: poststop runs on delete --force of a running container" {
	update_config '.process.args = ["sleep", "100"]'
	add_hook poststop "$(host_hook poststop)"
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	pid=$(state_field "$CID" pid)
	[[ ! -e $SHARED/log ]] || fail "poststop ran early"
	run runtime delete --force "$CID"
	assert_success
	assert_equal "$(hook_log)" poststop
	check_hook_state poststop stopped
	wait_pid_gone "$pid" 5
}

@test "hooks: a hook past its timeout is killed and fails create" {
	for k in createRuntime createContainer; do
		id=$CID-$k
		rm -f "$SHARED/hookpid"
		cp "$BUNDLE/config.json" "$TEST_WORK/config.orig"
		add_hook "$k" "$(jq -nc --arg f "$SHARED/hookpid" \
			'{path: "/bin/sh", args: ["sh", "-c", "echo $$ > \($f); exec sleep 30"], timeout: 1}')"
		start=$(date +%s)
		create_container_id "$id"
		assert_failure
		assert_output_not_empty
		elapsed=$(($(date +%s) - start))
		((elapsed < 10)) || fail "$k: create took ${elapsed}s with a 1s hook timeout"
		if is_berth; then
			assert_output_contains "$k"
			assert_output_contains_i timeout
		fi
		[[ ! -e $STATE_ROOT/$id ]] || fail "$k: state dir left"
		# the hook process is gone (a createRuntime hook runs on the host: a host pid; a
		# createContainer hook left running would show up in teardown's cgroup check)
		if [[ $k == createRuntime ]]; then
			wait_file "$SHARED/hookpid"
			wait_pid_gone "$(cat "$SHARED/hookpid")" 5
		fi
		cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
	done
}
