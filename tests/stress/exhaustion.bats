#!/usr/bin/env bats
# shellcheck disable=SC2016
# Resource exhaustion: the state directory's disk full (a tiny tmpfs as --root), the caller's
# pids.max reached (the caller in a pids cgroup of its own with a low limit), descriptors run
# out (ulimit -n). Every command either works or fails with a clear error, and a failed
# create leaves nothing: no state entry, cgroup, mount or process.

load stress_helpers

# --- the state directory's disk is full ---------------------------------------------------

# tiny_root SIZE [OPTIONS]: a tmpfs of SIZE as the --root (STATE_ROOT), removed in teardown
tiny_root() {
	TINY=$TEST_WORK/tiny
	mkdir -p "$TINY"
	mount -t tmpfs -o "size=$1${2:+,$2}" berth-stress-tiny "$TINY"
	defer "umount -l '$TINY'"
	STATE_ROOT=$TINY/state
	mkdir "$STATE_ROOT"
}

# fill_to FREE_KB: makes the tiny tmpfs have about FREE_KB KiB free (a filler file beside the
# state root)
fill_to() {
	rm -f "$TINY/filler"
	local avail
	avail=$(df -k --output=avail "$TINY" | tail -n 1)
	if ((avail > $1)); then
		head -c "$(((avail - $1) * 1024))" /dev/zero >"$TINY/filler" 2>/dev/null || true
	fi
}

@test "exhaustion: the state directory's disk full at every step of create: a clear error naming the file, nothing left" {
	tiny_root 256k
	# a config of about 40 KiB: its copy, the creating record and the state each need that much,
	# so the space runs out at a different write as the free space grows
	update_config '.annotations["org.berth.stress.padding"] = ("p" * 40000) | .process.args = ["sleep", "100"]'
	declare -A seen=()
	created=0 refused=0
	for free in $(seq 0 8 200); do
		fill_to "$free"
		run_detached runtime create --bundle "$BUNDLE" "$CID"
		if [[ $status -eq 0 ]]; then
			created=$((created + 1))
			# a full disk now: start, state, list, kill and delete still work
			fill_to 0
			run runtime state "$CID"
			assert_success
			run runtime list --format json
			assert_success
			jq -e 'length == 1' >/dev/null <<<"$output" || fail "list: $output"
			run runtime start "$CID"
			assert_success
			run runtime kill "$CID" KILL
			assert_success
			wait_status "$CID" stopped
			run runtime delete "$CID"
			assert_success
		else
			refused=$((refused + 1))
			assert_clean_outcome
			assert_output_contains_i "no space left on device"
			assert_output_contains "$STATE_ROOT/$CID"
			seen["$(grep -oE '"[^"]*"' <<<"$output" | head -n 1 | sed "s|$STATE_ROOT/$CID|<id>|")"]=1
			# the failed create cleaned up after itself
			assert_honest "$CID" none
		fi
		assert_nothing_left "$CID" "$TINY"
	done
	((refused > 0 && created > 0)) || fail "the free space never or always sufficed (created $created, refused $refused): the test proves little"
	# out of inodes rather than blocks
	umount "$TINY"
	mount -t tmpfs -o size=1m,nr_inodes=4 berth-stress-tiny "$TINY"
	mkdir "$STATE_ROOT"
	: >"$TINY/x"
	run_detached runtime create --bundle "$BUNDLE" "$CID"
	assert_failure
	assert_clean_outcome
	assert_output_contains_i "no space left on device"
	assert_output_contains "$STATE_ROOT"
	assert_nothing_left "$CID" "$TINY"
	figure "disk full (tmpfs --root, 0..200 KiB free in 8 KiB steps): $created created (then start/state/list/kill/delete on a full disk worked), $refused refused at: $(printf '%s ' "${!seen[@]}"); out of inodes refused; nothing left"
}

# --- the caller's pids.max ---------------------------------------------------------------

# limited CGROUP LIMIT CMD...: CMD with the caller (this shell's child) in a pids cgroup
# CGROUP whose pids.max is LIMIT
limited() {
	local cg=$1 limit=$2
	shift 2
	echo "$limit" >"$cg/pids.max"
	# the shell joins the cgroup, then becomes the runtime (one process: the limit counts it)
	timeout -k 5 "$BERTH_TEST_TIMEOUT" sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cg" "$@" 3>&-
}

@test "exhaustion: the caller's pids.max reached (run, create, exec, hooks, a user namespace): a clear error, nothing left" {
	[[ -f /sys/fs/cgroup/pids/cgroup.procs ]] || skip "no pids controller at /sys/fs/cgroup/pids (v1)"
	cg=/sys/fs/cgroup/pids/$CID-caller
	mkdir "$cg"
	defer "rmdir '$cg'"
	update_config '.process.args = ["true"]'
	cp "$BUNDLE/config.json" "$TEST_WORK/plain.json"
	# hooks: one more process on the host (createRuntime), one in the container (startContainer)
	update_config '.hooks = {"createRuntime": [{"path": "/bin/true"}], "startContainer": [{"path": "/bin/true"}]}'
	cp "$BUNDLE/config.json" "$TEST_WORK/hooks.json"
	cp "$TEST_WORK/plain.json" "$BUNDLE/config.json"
	userns_mapping 100000 65536
	cp "$BUNDLE/config.json" "$TEST_WORK/userns.json"
	# a running container (made outside the limit, under its own --root) for exec
	make_bundle "$TEST_WORK/target"
	CONFIG=$TEST_WORK/target/config.json update_config '.process.args = ["sleep", "100"]'
	target_root=$TEST_WORK/target-state
	defer "'$RUNTIME' --root '$target_root' delete --force '$CID-target'"
	run_detached "$RUNTIME" --root "$target_root" run --detach --bundle "$TEST_WORK/target" "$CID-target"
	assert_success
	declare -A seen=()
	ran=0 refused=0
	for limit in $(seq 1 "$(sized 4 8)"); do
		for what in run-plain run-userns run-hooks create-plain exec; do
			command=${what%%-*}
			[[ $what == exec ]] || cp "$TEST_WORK/${what#*-}.json" "$BUNDLE/config.json"
			if [[ $command == exec ]]; then
				run_detached limited "$cg" "$limit" "$RUNTIME" --root "$target_root" exec "$CID-target" true
			else
				run_detached limited "$cg" "$limit" "$RUNTIME" --root "$STATE_ROOT" "$command" --bundle "$BUNDLE" "$CID"
			fi
			if [[ $status -eq 0 ]]; then
				ran=$((ran + 1))
				seen["$what ok from pids.max $limit"]=1
			else
				refused=$((refused + 1))
				assert_clean_refusal "$CID" "resource temporarily unavailable"
				seen["$what at pids.max $limit: $(first_error_line)"]=1
			fi
			if [[ $command != exec ]]; then
				force_delete_leaves_nothing "$CID"
			fi
			# nothing of ours is left in the caller's cgroup either
			[[ -z $(find "$cg" -mindepth 1 -type d) ]] || fail "cgroups left under $cg: $(find "$cg" -mindepth 1 -type d)"
			[[ -z $(cat "$cg/cgroup.procs") ]] || fail "processes left in $cg: $(cat "$cg/cgroup.procs")"
			# a created init that delete killed is a zombie until pid 1 reaps it, and counts
			# towards pids.current until then: the next limit must start from 0
			for _ in $(seq 1 100); do
				[[ $(cat "$cg/pids.current") == 0 ]] && break
				sleep 0.1
			done
			[[ $(cat "$cg/pids.current") == 0 ]] || fail "$cg: pids.current stays at $(cat "$cg/pids.current")"
		done
	done
	((refused > 0 && ran > 0)) || fail "the limit never or always sufficed (ran $ran, refused $refused): the test proves little"
	figure "pids.max of the caller 1..$limit (run, run in a user namespace, run with hooks, create, exec): $ran worked, $refused refused cleanly; refused: $(printf '%s\n' "${!seen[@]}" | sort | grep -v ' ok ' | tr '\n' ';') nothing left"
}

# --- descriptors ---------------------------------------------------------------------------

# with_nofile SOFT [HARD] CMD...: CMD with RLIMIT_NOFILE lowered
with_nofile() {
	local soft=$1 hard=$2
	shift 2
	timeout -k 5 "$BERTH_TEST_TIMEOUT" bash -c 'ulimit -n "$2" && ulimit -Sn "$1" && shift 2 && exec "$@"' bash "$soft" "$hard" "$@" 3>&-
}

@test "exhaustion: descriptors run out (ulimit -n 3..24): a clear error, nothing left" {
	update_config '.process.args = ["true"]'
	hard=$(ulimit -Hn)
	declare -A seen=()
	ran=0 refused=0
	for soft in $(seq 3 24); do
		for command in run create; do
			run_detached with_nofile "$soft" "$hard" "$RUNTIME" --root "$STATE_ROOT" "$command" --bundle "$BUNDLE" "$CID"
			if [[ $status -eq 0 ]]; then
				ran=$((ran + 1))
			else
				refused=$((refused + 1))
				assert_clean_refusal "$CID" "too many open files"
				seen["$(first_error_line)"]=1
			fi
			force_delete_leaves_nothing "$CID"
		done
	done
	((refused > 0 && ran > 0)) || fail "the limit never or always sufficed (ran $ran, refused $refused): the test proves little"
	# a hard limit below what process.rlimits asks for (1024): root here lacks CAP_SYS_RESOURCE
	run_detached with_nofile 64 64 "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID"
	if [[ $status -ne 0 ]]; then
		assert_clean_outcome
		assert_output_contains RLIMIT_NOFILE
		assert_nothing_left "$CID"
		hard_outcome="refused: $(head -n 1 <<<"$output" | cut -c1-100)"
	else
		hard_outcome="ran (the runtime may raise the hard limit)"
	fi
	runtime delete --force "$CID" >/dev/null 2>&1 || true
	assert_nothing_left "$CID"
	figure "descriptors (ulimit -Sn 3..24, run and create): $ran worked, $refused refused cleanly with ${#seen[@]} distinct messages ($(printf '%s; ' "${!seen[@]}")); hard limit 64 < rlimits 1024: $hard_outcome; nothing left"
}
