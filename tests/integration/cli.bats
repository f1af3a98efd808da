#!/usr/bin/env bats
# The command line: --version, --help, usage errors, spec, features, --systemd-cgroup.

load helpers

@test "--version: first line '<name> version X', then the spec version" {
	run "$RUNTIME" --version
	assert_success
	assert_output_matches '^[A-Za-z0-9_.-]+ version [0-9]+\.[0-9]+'
	[[ ${lines[0]} == "$RUNTIME_NAME version "* ]] || fail "first line does not start with '$RUNTIME_NAME version': ${lines[0]}"
	printf '%s\n' "${lines[@]}" | grep -qE '^spec: [0-9]+\.[0-9]+\.[0-9]+' || fail "no 'spec: X.Y.Z' line" "$output"
	if is_berth; then
		printf '%s\n' "${lines[@]}" | grep -qE '^spec: 1\.2\.' || fail "berth implements runtime-spec 1.2" "$output"
	fi
}

@test "--help: lists the commands" {
	run "$RUNTIME" --help
	assert_success
	for cmd in create start run state kill delete list spec features; do
		assert_output_matches "(^|[[:space:]])$cmd([[:space:],]|$)"
	done
	run "$RUNTIME" create --help
	assert_success
	assert_output_contains --bundle
	assert_output_contains --pid-file
}

@test "usage errors: unknown command, unknown flag, missing argument" {
	run "$RUNTIME" --root "$STATE_ROOT" no-such-command
	assert_failure
	assert_output_not_empty
	run "$RUNTIME" --root "$STATE_ROOT" --no-such-flag list
	assert_failure
	assert_output_not_empty
	run "$RUNTIME" --root "$STATE_ROOT" state --no-such-flag "$CID"
	assert_failure
	assert_output_not_empty
	for cmd in start state delete kill create; do
		run "$RUNTIME" --root "$STATE_ROOT" "$cmd"
		assert_failure
		assert_output_not_empty
	done
	run "$RUNTIME" --root "$STATE_ROOT" list --format no-such-format
	assert_failure
}

@test "spec: writes a config.json that run accepts with only terminal switched off" {
	mkdir "$TEST_WORK/newbundle"
	cp -a "$ROOTFS" "$TEST_WORK/newbundle/rootfs"
	ROOTFS_IDS+=("$(stat -c %d:%i "$TEST_WORK/newbundle/rootfs")")
	cd "$TEST_WORK/newbundle" || return
	run "$RUNTIME" spec
	assert_success
	[[ -f config.json ]] || fail "spec wrote no config.json in the working directory"
	jq -e . config.json >/dev/null || fail "config.json is not JSON"
	assert_equal "$(jq -r .root.path config.json)" rootfs "root.path"
	[[ -n $(jq -r '.ociVersion // empty' config.json) ]] || fail "no ociVersion"
	assert_equal "$(jq -c .process.args config.json)" '["sh"]' "process.args"
	jq '.process.terminal = false' config.json >c.tmp && mv c.tmp config.json
	# the default process is an interactive sh: with stdin at EOF it exits 0
	run runtime run --bundle "$TEST_WORK/newbundle" "$CID" </dev/null
	assert_success
}

@test "spec: validates against the runtime-spec config schema" {
	cd "$TEST_WORK" || return
	run "$RUNTIME" spec
	assert_success
	check_schema config-schema.json "$TEST_WORK/config.json"
}

@test "spec --bundle DIR, and spec refuses to overwrite an existing config.json" {
	mkdir "$TEST_WORK/b"
	run "$RUNTIME" spec --bundle "$TEST_WORK/b"
	assert_success
	jq -e .process "$TEST_WORK/b/config.json" >/dev/null || fail "spec --bundle wrote no config"

	echo '{"mine": true}' >"$TEST_WORK/b/config.json"
	run "$RUNTIME" spec --bundle "$TEST_WORK/b"
	assert_failure
	assert_output_not_empty
	if is_berth; then
		assert_output_contains config.json
	fi
	assert_equal "$(cat "$TEST_WORK/b/config.json")" '{"mine": true}' "existing config.json"
}

@test "spec --rootless: a user namespace mapping the caller, no network namespace" {
	cd "$TEST_WORK" || return
	run "$RUNTIME" spec --rootless
	assert_success
	jq -e '.linux.namespaces | map(.type) | index("user")' config.json >/dev/null || fail "no user namespace"
	! jq -e '.linux.namespaces | map(.type) | index("network")' config.json >/dev/null || fail "rootless spec has a network namespace"
	assert_equal "$(jq -c '.linux.uidMappings' config.json)" "[{\"containerID\":0,\"hostID\":$(id -u),\"size\":1}]" uidMappings
	assert_equal "$(jq -c '.linux.gidMappings' config.json)" "[{\"containerID\":0,\"hostID\":$(id -g),\"size\":1}]" gidMappings
}

@test "features: JSON describing what this build supports" {
	run "$RUNTIME" features
	assert_success
	jq -e . >/dev/null <<<"$output" || fail "features is not JSON: $output"
	[[ -n $(jq -r '.ociVersionMin // empty' <<<"$output") ]] || fail "no ociVersionMin"
	[[ -n $(jq -r '.ociVersionMax // empty' <<<"$output") ]] || fail "no ociVersionMax"
	missing=$(json_missing .hooks prestart createRuntime createContainer startContainer poststart poststop)
	[[ -z $missing ]] || fail "hooks not listed: $missing"
	missing=$(json_missing .linux.namespaces pid network mount ipc uts cgroup)
	[[ -z $missing ]] || fail "namespaces not listed: $missing"
	missing=$(json_missing .mountOptions bind rbind ro rw nosuid nodev noexec rprivate rslave rshared)
	[[ -z $missing ]] || fail "mount options not listed: $missing"
	if is_berth; then
		[[ $(jq -r .ociVersionMax <<<"$output") == 1.2.* ]] || fail "berth implements 1.2: $(jq -r .ociVersionMax <<<"$output")"
		[[ -z $(json_missing .linux.namespaces time user) ]] || fail "time/user namespace not listed"
		[[ -z $(json_missing .mountOptions rro) ]] || fail "rro not listed"
	fi
}

@test "--systemd-cgroup without systemd: a clear error, nothing left" {
	[[ ! -d /run/systemd/system ]] || is_berth || skip "systemd runs here; $RUNTIME_NAME would use it"
	run_detached runtime --systemd-cgroup create --bundle "$BUNDLE" "$CID"
	assert_failure
	assert_output_contains_i systemd
	run runtime state "$CID"
	assert_failure
}

@test "--root: state lives under the given root only" {
	set_cmd 'exec sleep 100'
	create_container
	assert_success
	[[ -d $STATE_ROOT/$CID ]] || fail "no $STATE_ROOT/$CID"
	run "$RUNTIME" --root "$TEST_WORK/other-root" state "$CID"
	assert_failure
	run "$RUNTIME" --root "$TEST_WORK/other-root" list -q
	assert_success
	assert_output ""
}
