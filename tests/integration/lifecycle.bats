#!/usr/bin/env bats
# create / start / state / kill / delete / run / list, as the OCI runtime spec orders them.

load helpers

# A process that writes a marker only once it really runs, then waits.
marker_process() {
	bind_shared
	set_cmd 'echo $$ > /shared/started; exec sleep 100'
}

@test "create: container is created, its init exists, the user process has not run" {
	marker_process
	create_container
	assert_success

	run runtime state "$CID"
	assert_success
	[[ $(jq -r .status <<<"$output") == created ]] || fail "status: $output"
	pid=$(jq -r .pid <<<"$output")
	[[ $pid =~ ^[0-9]+$ && $pid -gt 1 ]] || fail "pid: $pid"
	[[ -d /proc/$pid ]] || fail "init $pid does not exist"
	[[ -d $STATE_ROOT/$CID ]] || fail "no state dir $STATE_ROOT/$CID"

	# give a wrongly started process time to show itself
	sleep 0.3
	[[ ! -e $SHARED/started ]] || fail "the user process ran before start"
	assert_equal "$(state_field "$CID" status)" created "status after a pause"

	run runtime start "$CID"
	assert_success
	wait_file "$SHARED/started"
	# the process is the container's pid 1 and the same process as the init
	assert_equal "$(cat "$SHARED/started")" 1 "pid inside"
	run runtime state "$CID"
	assert_success
	assert_equal "$(jq -r .status <<<"$output")" running status
	assert_equal "$(jq -r .pid <<<"$output")" "$pid" "pid after start"
}

@test "state: prints the OCI state with its field names" {
	update_config '.annotations = {"org.berth.test": "yes", "b": "2"}'
	create_container
	assert_success
	run runtime state "$CID"
	assert_success
	jq -e . >/dev/null <<<"$output" || fail "not JSON: $output"
	assert_equal "$(jq -r '.ociVersion | type' <<<"$output")" string ociVersion
	[[ -n $(jq -r .ociVersion <<<"$output") ]] || fail "empty ociVersion"
	assert_equal "$(jq -r .id <<<"$output")" "$CID" id
	assert_equal "$(jq -r '.pid | type' <<<"$output")" number "pid type"
	assert_equal "$(jq -r .status <<<"$output")" created status
	assert_equal "$(jq -r .bundle <<<"$output")" "$BUNDLE" bundle
	assert_equal "$(jq -r .rootfs <<<"$output")" "$ROOTFS" rootfs
	assert_equal "$(jq -r '.annotations["org.berth.test"]' <<<"$output")" yes annotations
	# RFC 3339 creation time
	[[ $(jq -r .created <<<"$output") =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2} ]] ||
		fail "created: $(jq -r .created <<<"$output")"
	jq -e 'has("owner")' >/dev/null <<<"$output" || fail "no owner field"
}

@test "state: validates against the runtime-spec state schema" {
	update_config '.annotations = {"org.berth.test": "yes"}'
	create_container
	assert_success
	runtime state "$CID" >"$TEST_WORK/state.json"
	check_schema state-schema.json "$TEST_WORK/state.json"
}

@test "state: a process that exits leaves the container stopped; delete removes the state dir" {
	set_cmd 'exit 0'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	run runtime state "$CID"
	assert_success
	assert_equal "$(jq -r .status <<<"$output")" stopped status
	assert_equal "$(jq -r .id <<<"$output")" "$CID" id

	run runtime delete "$CID"
	assert_success
	[[ ! -e $STATE_ROOT/$CID ]] || fail "state dir still there after delete"
	run runtime state "$CID"
	assert_failure
	assert_output_not_empty
}

@test "state: derived from the real process (init killed behind the runtime's back -> stopped)" {
	set_cmd 'exec sleep 100'
	create_container
	assert_success
	pid=$(state_field "$CID" pid)
	run runtime start "$CID"
	assert_success
	assert_equal "$(state_field "$CID" status)" running
	kill -KILL "$pid"
	wait_pid_gone "$pid"
	wait_status "$CID" stopped 5
	run runtime delete "$CID"
	assert_success
}

@test "start: fails for a running and for a stopped container" {
	bind_shared
	set_cmd 'echo 1 >> /shared/runs; [ -e /shared/stop ] && exit 0; exec sleep 100'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	wait_file "$SHARED/runs"
	run runtime start "$CID"
	assert_failure
	assert_output_not_empty
	run runtime kill "$CID" KILL
	assert_success
	wait_status "$CID" stopped
	run runtime start "$CID"
	assert_failure
	assert_output_not_empty
	# the process ran exactly once
	assert_equal "$(wc -l <"$SHARED/runs")" 1 "runs"
}

@test "kill: a stopped container cannot be signalled" {
	set_cmd 'exit 0'
	create_container
	assert_success
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	run runtime kill "$CID" KILL
	assert_failure
	assert_output_not_empty
	run runtime kill "$CID"
	assert_failure
	# still there and still stopped
	assert_equal "$(state_field "$CID" status)" stopped
}

@test "delete: a running container is refused without --force, removed with --force" {
	set_cmd 'exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	pid=$(state_field "$CID" pid)
	[[ -d /proc/$pid ]] || fail "no init process"

	run runtime delete "$CID"
	assert_failure
	assert_output_not_empty
	assert_equal "$(state_field "$CID" status)" running "status after refused delete"
	[[ -d /proc/$pid ]] || fail "refused delete killed the process"

	run runtime delete --force "$CID"
	assert_success
	wait_pid_gone "$pid" 5
	[[ ! -e $STATE_ROOT/$CID ]] || fail "state dir still there"
	run runtime state "$CID"
	assert_failure
}

@test "delete --force: removes a created container" {
	set_cmd 'exec sleep 100'
	create_container
	assert_success
	pid=$(state_field "$CID" pid)
	run runtime delete --force "$CID"
	assert_success
	wait_pid_gone "$pid" 5
	run runtime state "$CID"
	assert_failure
}

@test "run: returns the process's exit code and removes the container" {
	set_cmd 'echo out-line; echo err-line >&2; exit 3'
	run_container
	assert_failure 3
	assert_output_contains out-line
	assert_output_contains err-line
	[[ ! -e $STATE_ROOT/$CID ]] || fail "run without --keep left the state dir"

	set_cmd 'exit 0'
	run_container
	assert_success
}

@test "run: returns 137 when the process is killed by SIGKILL" {
	set_cmd 'exec sleep 100'
	bg_start runtime run --bundle "$BUNDLE" "$CID"
	wait_status "$CID" running
	run runtime kill "$CID" KILL
	assert_success
	status=0
	wait "$BG_PID" || status=$?
	assert_equal "$status" 137 "exit status of run"
}

@test "run: returns 128+N for a process killed by signal N (no pid namespace: 10 -> 138)" {
	# pid 1 of a pid namespace cannot be killed by its own default signals
	remove_namespace pid
	set_cmd 'kill -USR1 $$; sleep 5'
	run_container
	assert_failure 138
}

@test "run --detach: returns at once with the container running" {
	set_cmd 'exec sleep 100'
	start=$(date +%s)
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	(($(date +%s) - start < 10)) || fail "run --detach waited for the process"
	assert_equal "$(state_field "$CID" status)" running
}

@test "run --keep: the state of the stopped container stays until delete" {
	set_cmd 'exit 5'
	run_container --keep
	assert_failure 5
	run runtime state "$CID"
	assert_success
	assert_equal "$(jq -r .status <<<"$output")" stopped
	run runtime delete "$CID"
	assert_success
	[[ ! -e $STATE_ROOT/$CID ]] || fail "state dir left"
}

@test "--pid-file: the init's host pid is written before create returns" {
	set_cmd 'exec sleep 100'
	create_container --pid-file "$TEST_WORK/ctr.pid"
	assert_success
	[[ -f $TEST_WORK/ctr.pid ]] || fail "no pid file after create"
	content=$(cat "$TEST_WORK/ctr.pid")
	[[ $content =~ ^[0-9]+$ ]] || fail "pid file holds '$content', not a number"
	assert_equal "$content" "$(state_field "$CID" pid)" "pid file vs state"
	[[ $content -gt 1 && -d /proc/$content ]] || fail "pid $content is not a host process"

	# a relative path is relative to the caller's working directory
	id2=$CID-b
	(cd "$TEST_WORK" && run_detached runtime run --detach --bundle "$BUNDLE" --pid-file rel.pid "$id2" && [[ $status -eq 0 ]]) ||
		fail "run --detach --pid-file rel.pid failed: $(cat "$TEST_WORK"/io.* 2>/dev/null)"
	[[ -f $TEST_WORK/rel.pid ]] || fail "relative pid file not in the caller's cwd"
	assert_equal "$(cat "$TEST_WORK/rel.pid")" "$(state_field "$id2" pid)" "relative pid file"
}

@test "create --preserve-fds N: passes fds 3..3+N-1 to the process, no others" {
	echo via-fd3 >"$TEST_WORK/fd3"
	echo via-fd4 >"$TEST_WORK/fd4"
	set_cmd 'cat <&3; cat /proc/self/fd/4 2>/dev/null || echo no-fd4'
	run timeout 30 "$RUNTIME" --root "$STATE_ROOT" run --preserve-fds 1 --bundle "$BUNDLE" "$CID" \
		3<"$TEST_WORK/fd3" 4<"$TEST_WORK/fd4" </dev/null
	assert_success
	assert_line 0 via-fd3
	assert_line 1 no-fd4
}

@test "create --no-new-keyring: no session keyring of its own" {
	# /proc/keys lists the keyrings the process can see. Like runc, the container's own
	# session keyring is named "_ses.<id>" (other containers on the machine make theirs, so
	# the test looks for this container's name only).
	update_config '.linux.maskedPaths = ((.linux.maskedPaths // []) - ["/proc/keys"])'
	set_cmd 'cat /proc/keys'
	run_container
	assert_success
	printf '%s\n' "${lines[@]}" | grep -qE " keyring +_ses\.$CID: " ||
		fail "no session keyring _ses.$CID without --no-new-keyring" "$output"
	# another id: the first container's keyring may linger until the kernel collects it
	run runtime run --no-new-keyring --bundle "$BUNDLE" "$CID-nk" </dev/null
	assert_success
	! printf '%s\n' "${lines[@]}" | grep -qE " keyring +_ses\.$CID-nk: " ||
		fail "a session keyring of its own with --no-new-keyring" "$output"
}

@test "list: table, -q and --format json" {
	run runtime list -q
	assert_success
	assert_output ""
	run runtime list --format json
	assert_success
	[[ $output == null || $(jq -c . <<<"$output") == "[]" ]] || fail "empty list json: $output"

	set_cmd 'exec sleep 100'
	create_container
	assert_success
	id2=$CID-b
	run_detached runtime run --detach --bundle "$BUNDLE" "$id2"
	assert_success

	run runtime list
	assert_success
	# header: the columns runc prints
	read -ra header <<<"${lines[0]}"
	assert_equal "${header[*]}" "ID PID STATUS BUNDLE CREATED OWNER" "list header"
	row1=$(printf '%s\n' "${lines[@]}" | awk -v id="$CID" '$1 == id')
	row2=$(printf '%s\n' "${lines[@]}" | awk -v id="$id2" '$1 == id')
	[[ $(awk '{print $3}' <<<"$row1") == created ]] || fail "row for $CID: $row1"
	[[ $(awk '{print $3}' <<<"$row2") == running ]] || fail "row for $id2: $row2"
	[[ $(awk '{print $4}' <<<"$row1") == "$BUNDLE" ]] || fail "bundle column: $row1"
	[[ $(awk '{print $2}' <<<"$row2") == "$(state_field "$id2" pid)" ]] || fail "pid column: $row2"
	assert_equal "${#lines[@]}" 3 "number of lines"

	run runtime list -q
	assert_success
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort | tr '\n' ' ')" "$(printf '%s\n' "$CID" "$id2" | sort | tr '\n' ' ')" "list -q"

	run runtime list --format json
	assert_success
	assert_equal "$(jq -r 'length' <<<"$output")" 2 "entries"
	assert_equal "$(jq -r --arg id "$CID" '.[] | select(.id == $id) | .status' <<<"$output")" created
	assert_equal "$(jq -r --arg id "$id2" '.[] | select(.id == $id) | .status' <<<"$output")" running
	assert_equal "$(jq -r --arg id "$id2" '.[] | select(.id == $id) | .bundle' <<<"$output")" "$BUNDLE"
	for f in ociVersion id pid status bundle rootfs created owner; do
		jq -e --arg f "$f" 'all(.[]; has($f))' >/dev/null <<<"$output" || fail "list json lacks $f: $output"
	done

	run runtime list --format yaml
	assert_failure
}

@test "kill: signals by name and number (KILL, SIGTERM, TERM, 9, 15, default TERM)" {
	bind_shared
	set_cmd 'trap "echo TERM >> /shared/sig" TERM; trap "echo USR1 >> /shared/sig" USR1; echo ready > /shared/ready; while :; do sleep 0.05; done'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_file "$SHARED/ready"

	n=0
	for sig in SIGTERM TERM 15 "" USR1 SIGUSR1 10; do
		if [[ -z $sig ]]; then
			run runtime kill "$CID"
		else
			run runtime kill "$CID" "$sig"
		fi
		assert_success
		n=$((n + 1))
		for ((i = 0; i < 100; i++)); do
			[[ $(wc -l <"$SHARED/sig" 2>/dev/null || echo 0) -ge $n ]] && break
			sleep 0.05
		done
		assert_equal "$(wc -l <"$SHARED/sig")" "$n" "signals received after '$sig'"
	done
	assert_equal "$(tr '\n' ' ' <"$SHARED/sig")" "TERM TERM TERM TERM USR1 USR1 USR1 " "signals"

	run runtime kill "$CID" NOSUCHSIGNAL
	assert_failure
	assert_equal "$(state_field "$CID" status)" running "after a bad signal"

	run runtime kill "$CID" KILL
	assert_success
	wait_status "$CID" stopped

	set_cmd 'exec sleep 100'
	id2=$CID-b
	run_detached runtime run --detach --bundle "$BUNDLE" "$id2"
	assert_success
	run runtime kill "$id2" 9
	assert_success
	wait_status "$id2" stopped
}

@test "kill --all: signals every process of the container" {
	# without a pid namespace, killing the init alone would leave the child running
	remove_namespace pid
	bind_shared
	set_cmd 'sleep 1000 & echo $! > /shared/child; wait'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_file "$SHARED/child"
	child=$(cat "$SHARED/child")
	init=$(state_field "$CID" pid)
	[[ -d /proc/$child ]] || fail "child $child not running"

	run runtime kill --all "$CID" KILL
	assert_success
	wait_pid_gone "$child" 5
	wait_pid_gone "$init" 5
	wait_status "$CID" stopped
}

@test "create: two concurrent creates of one id, exactly one wins" {
	requires_berth "runc 1.1.5 races here: both creates can fail ('file exists', 'unable to store init state') and a 'runc init' process and its cgroups leak"
	set_cmd 'exec sleep 100'
	for round in 1 2 3; do
		id=$CID-r$round
		rm -f "$TEST_WORK/go"
		pids=()
		for n in 1 2; do
			bg_start bash -c 'dir=$1; shift; while [[ ! -e $dir/go ]]; do :; done; exec "$@" >>"$dir/race.log" 2>&1' _ "$TEST_WORK" \
				timeout 30 "$RUNTIME" --root "$STATE_ROOT" create --bundle "$BUNDLE" "$id"
			pids+=("$BG_PID")
		done
		touch "$TEST_WORK/go"
		wins=0
		for p in "${pids[@]}"; do
			st=0
			wait "$p" >/dev/null 2>&1 || st=$?
			[[ $st -eq 0 ]] && wins=$((wins + 1))
		done
		assert_equal "$wins" 1 "creates of $id that succeeded ($(cat "$TEST_WORK/race.log"))"
		assert_equal "$(state_field "$id" status)" created "status of $id"
		run runtime list -q
		assert_equal "$(grep -c -x -F -- "$id" <<<"$output")" 1 "$id in list"
		run runtime delete --force "$id"
		assert_success
	done
}

@test "start, state, kill, delete: unknown container fails" {
	for cmd in start state kill delete; do
		run runtime $cmd "$CID-none"
		assert_failure
		assert_output_not_empty
	done
}
