#!/usr/bin/env bats
# shellcheck disable=SC2016
# Fault injection: the runtime killed (SIGKILL) at each named step of create, start, run and
# delete (BERTH_FAULT_AT=<step>, see src/base/fault_injection.h), a container's init killed from
# outside, `start` racing `kill`, two `delete`s at once. Each time `state` and `list` tell the
# truth meanwhile (assert_honest), `delete --force` (or `delete`) removes everything, and
# nothing is left: no state entry, cgroup, mount or process.

load stress_helpers

# Every step the sources name, so that a new one cannot go untested.
STEPS_TESTED=(create:state-dir create:cgroup create:cloned create:rootfs-mounted create:before-state
	create:created start:before-release start:released run:started delete:killed)

@test "faults: every fault_point in src/ is tested here" {
	run bash -c "grep -rhoE 'fault_point\\(\"[a-z:-]+\"\\)' '$BERTH_REPO/src' | sed -E 's/.*\\(\"(.*)\"\\)/\\1/' | sort -u"
	assert_success
	[[ -n $output ]] || fail "no fault_point found in src/"
	for step in $output; do
		[[ " ${STEPS_TESTED[*]} " == *" $step "* ]] || fail "fault step $step is not tested"
	done
	for step in "${STEPS_TESTED[@]}"; do
		[[ $'\n'$output$'\n' == *$'\n'$step$'\n'* ]] || fail "fault step $step is gone from src/"
	done
	figure "fault steps in src/ and tested: ${#STEPS_TESTED[@]} (${STEPS_TESTED[*]})"
}

# --- create ------------------------------------------------------------------------------

# create_killed_at STEP [EXPECTED STATUS...]: create killed at STEP; state honest; delete
# --force removes everything. A processes' cgroup gets a moment: an init that dies with the
# runtime (PR_SET_PDEATHSIG, end-of-file on its channel) is on its way out.
create_killed_at() {
	local step=$1
	shift
	update_config '.process.args = ["sleep", "100"]'
	run_detached faulty "$step" create --bundle "$BUNDLE" "$CID"
	assert_status 137
	if [[ $step != create:state-dir ]]; then
		[[ -n $(container_cgroups "$CID") ]] || fail "$step: no cgroup at this step: the fault proves little"
	fi
	for _ in $(seq 1 40); do
		[[ -z $(cgroup_pids "$CID") ]] && break
		sleep 0.05
	done
	assert_honest "$CID" "$@"
	force_delete_leaves_nothing "$CID"
	# the id is free again
	run_detached runtime create --bundle "$BUNDLE" "$CID"
	assert_success
	run runtime delete --force "$CID"
	assert_success
	[[ $HONEST_STATUS != none ]] || HONEST_STATUS="no record yet (state: a clear error; list: not shown)"
	figure "fault $step: state/list said '$HONEST_STATUS'; delete --force left nothing"
}

@test "faults: create killed with the state directory made (no record yet)" {
	create_killed_at create:state-dir none stopped
}

@test "faults: create killed with the cgroup made" {
	create_killed_at create:cgroup stopped
}

@test "faults: create killed right after clone" {
	create_killed_at create:cloned stopped
}

@test "faults: create killed with the rootfs mounted (the init's mount namespace)" {
	create_killed_at create:rootfs-mounted stopped
}

@test "faults: create killed after the init is ready, before the state is written" {
	create_killed_at create:before-state stopped
}

@test "faults: create killed after the state is written: created, and it can be started" {
	update_config '.process.args = ["sleep", "100"]'
	run_detached faulty create:created create --bundle "$BUNDLE" "$CID"
	assert_status 137
	assert_honest "$CID" created
	run runtime start "$CID"
	assert_success
	assert_honest "$CID" running
	force_delete_leaves_nothing "$CID"
	figure "fault create:created: state/list said 'created'; start worked; delete --force left nothing"
}

@test "faults: the createRuntime hooks run between create:rootfs-mounted and create:before-state" {
	bind_shared
	update_config '.process.args = ["sleep", "100"] | .hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c", $c]}]' \
		--arg c "echo hook >> $SHARED/hook"
	run_detached faulty create:rootfs-mounted create --bundle "$BUNDLE" "$CID"
	assert_status 137
	[[ ! -e $SHARED/hook ]] || fail "the createRuntime hook ran before create:rootfs-mounted"
	run runtime delete --force "$CID"
	assert_success
	run_detached faulty create:before-state create --bundle "$BUNDLE" "$CID"
	assert_status 137
	[[ -e $SHARED/hook ]] || fail "the createRuntime hook had not run at create:before-state"
	force_delete_leaves_nothing "$CID"
}

@test "faults: a create stuck in a createRuntime hook is 'creating'; killed from outside (an engine's timeout): stopped, delete --force leaves nothing" {
	bind_shared
	update_config '.process.args = ["sleep", "100"] | .hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c", $c]}]' \
		--arg c "echo in > $SHARED/in-hook; while [ ! -e $SHARED/go ]; do sleep 0.05; done"
	defer "touch '$SHARED/go'" # the hook's loop ends (teardown kills the create first)
	bg_start "$RUNTIME" --root "$STATE_ROOT" create --bundle "$BUNDLE" "$CID" >"$TEST_WORK/create.out" 2>&1
	creator=$BG_PID
	wait_file "$SHARED/in-hook"
	run runtime state "$CID"
	assert_success
	assert_equal "$(jq -r .status <<<"$output")" creating "status while the create runs its hooks"
	run runtime list --format json
	assert_success
	assert_equal "$(jq -r --arg id "$CID" '.[] | select(.id == $id) | .status' <<<"$output")" creating "status in list"
	kill -KILL "$creator"
	wait "$creator" || true
	touch "$SHARED/go"
	for _ in $(seq 1 40); do
		[[ -z $(cgroup_pids "$CID") ]] && break
		sleep 0.05
	done
	assert_honest "$CID" stopped
	force_delete_leaves_nothing "$CID"
	figure "create killed from outside in a createRuntime hook: 'creating' while it ran, 'stopped' once killed; delete --force left nothing"
}

# --- start, run, delete ------------------------------------------------------------------

@test "faults: start killed before it releases the init: still created, a second start works" {
	update_config '.process.args = ["sleep", "100"]'
	create_container
	assert_success
	run faulty start:before-release start "$CID"
	assert_status 137
	assert_honest "$CID" created
	run runtime start "$CID"
	assert_success
	assert_honest "$CID" running
	force_delete_leaves_nothing "$CID"
	figure "fault start:before-release: state/list said 'created'; a second start worked"
}

@test "faults: start killed after it released the init: running, delete --force removes it" {
	update_config '.process.args = ["sleep", "100"]'
	create_container
	assert_success
	run faulty start:released start "$CID"
	assert_status 137
	assert_honest "$CID" running
	run runtime start "$CID"
	assert_failure
	assert_clean_outcome
	force_delete_leaves_nothing "$CID"
	figure "fault start:released: state/list said 'running'; delete --force left nothing"
}

@test "faults: run killed once the container started (foreground and --detach): running, delete --force removes it" {
	update_config '.process.args = ["sleep", "100"]'
	run_detached faulty run:started run --bundle "$BUNDLE" "$CID"
	assert_status 137
	assert_honest "$CID" running
	run_detached faulty run:started run --detach --bundle "$BUNDLE" "$CID-d"
	assert_status 137
	assert_honest "$CID-d" running
	run runtime delete --force "$CID"
	assert_success
	run runtime delete --force "$CID-d"
	assert_success
	assert_nothing_left "$CID"
	assert_nothing_left "$CID-d"
	figure "fault run:started (foreground, detached): state/list said 'running'; delete --force left nothing"
}

@test "faults: delete killed after it killed the processes: stopped, delete (without --force) finishes" {
	update_config '.process.args = ["sleep", "100"]'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	run faulty delete:killed delete --force "$CID"
	assert_status 137
	for _ in $(seq 1 40); do
		[[ -z $(cgroup_pids "$CID") ]] && break
		sleep 0.05
	done
	assert_honest "$CID" stopped
	run runtime delete "$CID"
	assert_success
	assert_nothing_left "$CID"
	figure "fault delete:killed: state/list said 'stopped'; delete left nothing"
}

# --- from outside ------------------------------------------------------------------------

@test "faults: init killed from outside (SIGKILL by pid), running and created: stopped, delete works" {
	update_config '.process.args = ["sleep", "100"]'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	pid=$(state_field "$CID" pid)
	kill -KILL "$pid"
	wait_status "$CID" stopped
	assert_honest "$CID" stopped
	run runtime delete "$CID"
	assert_success
	assert_nothing_left "$CID"

	create_container
	assert_success
	pid=$(state_field "$CID" pid)
	kill -KILL "$pid"
	wait_status "$CID" stopped
	assert_honest "$CID" stopped
	run runtime start "$CID"
	assert_failure
	assert_clean_outcome
	run runtime delete "$CID"
	assert_success
	assert_nothing_left "$CID"
}

@test "faults: start racing kill: both end cleanly, the container ends stopped, delete leaves nothing" {
	update_config '.process.args = ["sleep", "100"]'
	rounds=$(sized 15 60)
	declare -A seen=()
	for i in $(seq 1 "$rounds"); do
		create_container
		assert_success
		runtime start "$CID" >"$TEST_WORK/start.out" 2>&1 &
		sp=$!
		[[ $((i % 3)) -eq 0 ]] && sleep 0.00$((RANDOM % 5))
		runtime kill "$CID" KILL >"$TEST_WORK/kill.out" 2>&1 &
		kp=$!
		start_status=0 kill_status=0
		wait "$sp" || start_status=$?
		wait "$kp" || kill_status=$?
		status=$start_status output=$(<"$TEST_WORK/start.out") assert_clean_outcome
		status=$kill_status output=$(<"$TEST_WORK/kill.out") assert_clean_outcome
		seen["start=$start_status kill=$kill_status"]=1
		if [[ $kill_status -eq 0 ]]; then
			wait_status "$CID" stopped
		fi
		assert_honest "$CID" stopped running
		force_delete_leaves_nothing "$CID"
	done
	figure "start racing kill: $rounds rounds, outcomes seen: $(printf '%s; ' "${!seen[@]}")nothing left"
}

@test "faults: two deletes at once (--force on a running container, plain on a stopped one): nothing left" {
	update_config '.process.args = ["sleep", "100"]'
	rounds=$(sized 10 40)
	declare -A seen=()
	for i in $(seq 1 "$rounds"); do
		run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
		assert_success
		flags=--force
		if [[ $((i % 2)) -eq 0 ]]; then
			runtime kill "$CID" KILL
			wait_status "$CID" stopped
			flags=
		fi
		# shellcheck disable=SC2086
		runtime delete $flags "$CID" >"$TEST_WORK/d1.out" 2>&1 &
		p1=$!
		# shellcheck disable=SC2086
		runtime delete $flags "$CID" >"$TEST_WORK/d2.out" 2>&1 &
		p2=$!
		s1=0 s2=0
		wait "$p1" || s1=$?
		wait "$p2" || s2=$?
		status=$s1 output=$(<"$TEST_WORK/d1.out") assert_clean_outcome
		status=$s2 output=$(<"$TEST_WORK/d2.out") assert_clean_outcome
		[[ $s1 -eq 0 || $s2 -eq 0 ]] || fail "neither delete succeeded" "$(cat "$TEST_WORK/d1.out" "$TEST_WORK/d2.out")"
		seen["delete${flags:+ $flags}: $s1/$s2"]=1
		assert_nothing_left "$CID"
	done
	figure "two deletes at once: $rounds rounds, exit codes seen: $(printf '%s; ' "${!seen[@]}")nothing left"
}
