#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# Signals: foreground run and exec forward signals to the container's process; exit status
# mapping as runc's; the runtime is a subreaper (orphans leave no zombies), --no-subreaper.

load stdio_helpers

# The container's process: reports each signal it gets, exits 42 on TERM.
TRAP_SCRIPT='for s in USR1 USR2 HUP INT QUIT; do trap "echo got-$s" $s; done
	trap "echo got-TERM; exit 42" TERM
	echo ready
	while :; do sleep 0.05; done'

# wait_output FILE TEXT [SECONDS]: until FILE contains the line TEXT
wait_output() {
	local i
	for ((i = 0; i < ${3:-10} * 20; i++)); do
		grep -qx -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "waited for '$2' in $1; it holds: $(cat "$1" 2>/dev/null)"
}

# send_and_check PID FILE SIGNAL...: sends each SIGNAL to PID and waits for "got-SIGNAL"
send_and_check() {
	local pid=$1 file=$2 sig
	shift 2
	for sig in "$@"; do
		kill -s "$sig" "$pid"
		wait_output "$file" "got-$sig"
	done
}

@test "run forwards signals to the container's process (USR1 USR2 HUP INT QUIT, then TERM -> its exit code)" {
	set_cmd "$TRAP_SCRIPT"
	out=$TEST_WORK/run.out
	bg_start "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" >"$out" 2>&1
	run_pid=$BG_PID
	wait_output "$out" ready
	send_and_check "$run_pid" "$out" USR1 USR2 HUP INT QUIT
	kill -TERM "$run_pid"
	wait_bounded "$run_pid"
	assert_equal "$st" 42 "exit status of run"
	grep -qx got-TERM "$out" || fail "TERM did not reach the container: $(cat "$out")"
	[[ ! -e $STATE_ROOT/$CID ]] || fail "run left the container's state"
}

@test "exec forwards signals to the exec'd process" {
	start_container_bg
	out=$TEST_WORK/exec.out
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec "$CID" sh -c "$TRAP_SCRIPT" >"$out" 2>&1
	exec_pid=$BG_PID
	wait_output "$out" ready
	send_and_check "$exec_pid" "$out" USR1 HUP INT
	kill -TERM "$exec_pid"
	wait_bounded "$exec_pid"
	assert_equal "$st" 42 "exit status of exec"
	# the signals went to the exec'd process, not the container's init
	assert_equal "$(state_field "$CID" status)" running
	assert_equal "$(state_field "$CID" pid)" "$INIT_PID"
}

@test "the container's process starts with default signal dispositions and an empty mask" {
	# bats starts background jobs with SIGINT and SIGQUIT ignored; none of it may reach the
	# container. (grep runs directly: busybox sh itself ignores SIGQUIT before it execs a command.)
	update_config '.process.args = ["grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"]'
	out=$TEST_WORK/run.out
	bg_start "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" >"$out" 2>&1
	wait_bounded "$BG_PID"
	assert_equal "$st" 0 "exit status of run"
	assert_equal "$(tr -s '\t ' ' ' <"$out")" "SigBlk: 0000000000000000
SigIgn: 0000000000000000" "signal state of the container's process (run)"
	start_container_bg
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec "$CID" grep -E "^Sig(Blk|Ign):" /proc/self/status >"$out" 2>&1
	wait_bounded "$BG_PID"
	assert_equal "$st" 0 "exit status of exec"
	assert_equal "$(tr -s '\t ' ' ' <"$out")" "SigBlk: 0000000000000000
SigIgn: 0000000000000000" "signal state of the exec'd process"
}

@test "exit status mapping: exit N -> N, killed by a forwarded signal N -> 128+N" {
	set_cmd 'exit 255'
	run_container
	assert_failure 255
	set_cmd 'exit 0'
	run_container
	assert_success
	# no pid namespace: the process is not an init, SIGTERM's default action kills it
	remove_namespace pid
	set_cmd 'echo ready; exec sleep 100'
	out=$TEST_WORK/run.out
	bg_start "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" >"$out" 2>&1
	wait_output "$out" ready
	sleep 0.2
	kill -TERM "$BG_PID"
	wait_bounded "$BG_PID"
	assert_equal "$st" 143 "run of a process killed by the forwarded SIGTERM"

	start_container_bg
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec "$CID" sh -c 'echo ready; exec sleep 100' >"$out" 2>&1
	wait_output "$out" ready
	sleep 0.2
	kill -HUP "$BG_PID"
	wait_bounded "$BG_PID"
	assert_equal "$st" 129 "exec of a process killed by the forwarded SIGHUP"
}

# orphans_test yes|no (pid namespace) early|late: the container's process starts 50 short
# sleeps from a subshell that exits at once; "early": they die while the process sleeps a
# second (the runtime, their subreaper without a pid namespace, must reap them as they go);
# "late": the process starts 50 more in the background and exits without waiting (the
# runtime must kill and reap what is left before it returns). run runs as the child of a
# subreaper (subreaper.py), so whatever it leaves unreaped becomes visible there instead of
# going to pid 1.
orphans_test() {
	local pidns=$1 batches=$2 pids left zombies
	bind_shared
	[[ $pidns == no ]] && remove_namespace pid
	local script='sh -c '\''i=0; while [ $i -lt 50 ]; do sleep 0.01 & echo $! >>/shared/pids; i=$((i + 1)); done'\''
		echo spawned >/shared/stage; sleep 1'
	if [[ $batches == late ]]; then
		script+='
		i=0; while [ $i -lt 50 ]; do sleep 0.01 & echo $! >>/shared/pids; i=$((i + 1)); done'
	fi
	set_cmd "$script
		exit 0"
	out=$TEST_WORK/left
	bg_start /usr/bin/python3 "$FIXTURES/subreaper.py" "$out" "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID"
	wrapper=$BG_PID
	wait_file "$out.pid"
	run_pid=$(cat "$out.pid")
	wait_output "$SHARED/stage" spawned
	sleep 0.6
	# the first orphans have died by now: none may be left a zombie of the runtime
	zombies=$(ps -eo stat=,ppid=,pid=,comm= | awk -v p="$run_pid" '$1 ~ /^Z/ && $2 == p')
	[[ -z $zombies ]] || fail "zombies of the runtime ($run_pid) while run runs:" "$zombies"
	wait_bounded "$wrapper"
	assert_equal "$st" 0 "exit status of run"
	# once run returned: nothing it left behind (no zombie, no process)
	[[ ! -s $out ]] || fail "left behind by run when it returned (pid state comm):" "$(cat "$out")"
	if [[ $pidns == no ]]; then
		pids=$(tr '\n' ' ' <"$SHARED/pids")
		left=$(ps -eo stat=,ppid=,pid=,comm= | awk -v pids=" $pids " 'index(pids, " " $3 " ")')
		[[ -z $left ]] || fail "container pids left after run returned:" "$left"
	fi
}

@test "many short-lived orphans leave no zombie (pid namespace)" {
	orphans_test yes late
}

@test "many short-lived orphans leave no zombie (no pid namespace: the runtime reaps them as their subreaper)" {
	orphans_test no early
}

@test "orphans left when the process exits are killed and reaped before run returns (no pid namespace)" {
	requires_berth "runc 1.1.5 returns without reaping the orphans it killed (they become zombies of pid 1)"
	orphans_test no late
}

@test "run is a subreaper of the container's orphans; run --no-subreaper is not" {
	remove_namespace pid
	bind_shared
	set_cmd 'sh -c '\''sleep 1000 & echo $! >/shared/orphan'\''; sleep 1000'
	bg_start "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID"
	run_pid=$BG_PID
	wait_file "$SHARED/orphan"
	orphan=$(cat "$SHARED/orphan")
	assert_equal "$(ps -o ppid= -p "$orphan" | tr -d ' ')" "$run_pid" "parent of the orphan under run"
	run runtime kill "$CID" KILL
	assert_success
	wait_bounded "$run_pid"
	assert_equal "$st" 137 "exit status of run"
	wait_pid_gone "$orphan" 5

	rm -f "$SHARED/orphan"
	bg_start "$RUNTIME" --root "$STATE_ROOT" run --no-subreaper --bundle "$BUNDLE" "$CID-b"
	run_pid=$BG_PID
	wait_file "$SHARED/orphan"
	orphan=$(cat "$SHARED/orphan")
	ppid=$(ps -o ppid= -p "$orphan" | tr -d ' ')
	[[ -n $ppid && $ppid != "$run_pid" ]] || fail "with --no-subreaper the orphan's parent is the runtime ($ppid)"
	run runtime kill "$CID-b" KILL
	assert_success
	wait_bounded "$run_pid"
	assert_equal "$st" 137 "exit status of run --no-subreaper"
	wait_pid_gone "$orphan" 5
}

@test "delete --force of a container that a foreground run supervises: run returns 137, nothing left" {
	set_cmd 'echo ready; exec sleep 1000'
	out=$TEST_WORK/run.out
	bg_start "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" >"$out" 2>&1
	run_pid=$BG_PID
	wait_output "$out" ready
	init=$(state_field "$CID" pid)
	run timeout -k 1 10 "$RUNTIME" --root "$STATE_ROOT" delete --force "$CID" </dev/null
	assert_success
	wait_pid_gone "$init" 5
	wait_bounded "$run_pid"
	assert_equal "$st" 137 "exit status of run"
	run runtime state "$CID"
	assert_failure
}

@test "exec is a subreaper of its orphans; exec --no-subreaper is not" {
	requires_berth "runc 1.1.5's exec is no subreaper and has no --no-subreaper"
	remove_namespace pid
	bind_shared
	start_container_bg
	rm -f "$SHARED/orphan"
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec "$CID" sh -c 'sh -c '\''sleep 1000 & echo $! >/shared/orphan'\''; sleep 1000'
	exec_pid=$BG_PID
	wait_file "$SHARED/orphan"
	orphan=$(cat "$SHARED/orphan")
	assert_equal "$(ps -o ppid= -p "$orphan" | tr -d ' ')" "$exec_pid" "parent of the orphan under exec"
	rm -f "$SHARED/orphan"
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec --no-subreaper "$CID" sh -c 'sh -c '\''sleep 1000 & echo $! >/shared/orphan'\''; sleep 1000'
	exec_pid=$BG_PID
	wait_file "$SHARED/orphan"
	orphan=$(cat "$SHARED/orphan")
	ppid=$(ps -o ppid= -p "$orphan" | tr -d ' ')
	[[ -n $ppid && $ppid != "$exec_pid" ]] || fail "exec --no-subreaper: the orphan's parent is the runtime ($ppid)"
}
