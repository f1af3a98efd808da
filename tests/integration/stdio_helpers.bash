# shellcheck shell=bash
# shellcheck disable=SC2016,SC2034
# Helpers for the exec / terminal / signal / fd tests (exec.bats, tty.bats, signals.bats,
# fds.bats), on top of helpers.bash.

load helpers

# start_container_bg [CMD]: `run --detach` the bundle as $CID (default process: sleep 1000),
# waits until it runs and sets INIT_PID to the init's host pid.
start_container_bg() {
	set_cmd "${1:-exec sleep 1000}"
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_status "$CID" running
	INIT_PID=$(state_field "$CID" pid)
}

# assert_unharmed: after a failed exec, the container still runs with the same init
# and no process other than the init is in it. Uses INIT_PID.
assert_unharmed() {
	local st procs exclude
	st=$(state_field "$CID" status) || fail "state $CID failed after the exec"
	assert_equal "$st" running "container status after the failed exec"
	assert_equal "$(state_field "$CID" pid)" "$INIT_PID" "init pid after the failed exec"
	is_live_pid "$INIT_PID" || fail "the init $INIT_PID died"
	# processes of the container: in its cgroup or running from its rootfs (not the
	# helpers the test started itself, such as a socket listener)
	exclude=$(printf '%s\n' "$INIT_PID" "${BG_PIDS[@]}")
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		procs=$(test_processes | grep -vxF -- "$exclude" | tr '\n' ' ')
		[[ -z ${procs// /} ]] && break
		sleep 0.1
	done
	[[ -z ${procs// /} ]] || fail "processes left in the container besides its init: $(for p in $procs; do
		printf '%s(%s) ' "$p" "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"
	done)"
}

# start_listener SCRIPT SOCKET ARGS...: a python fixture listening on SOCKET, in the
# background (pid in LISTENER_PID); returns once the socket exists.
start_listener() {
	local script=$1 sock=$2 i
	shift 2
	bg_start /usr/bin/python3 "$FIXTURES/$script" "$@"
	LISTENER_PID=$BG_PID
	for ((i = 0; i < 200; i++)); do
		[[ -S $sock ]] && return 0
		is_live_pid "$LISTENER_PID" || break
		sleep 0.025
	done
	fail "$script did not listen on $sock"
}

# start_recvpidfd: a receiver on $PIDFD_SOCK that writes what it got to $PIDFD_OUT
start_recvpidfd() {
	PIDFD_SOCK=$TEST_WORK/pidfd.sock
	PIDFD_OUT=$TEST_WORK/pidfd.out
	start_listener recvpidfd.py "$PIDFD_SOCK" "$PIDFD_SOCK" "$PIDFD_OUT"
}

# wait_listener: the listener exits 0 (status in $status is not touched)
wait_listener() {
	local st
	wait_bounded "$LISTENER_PID" 30 || return 1
	assert_equal "$st" 0 "exit status of the socket listener"
}

# refusing_socket PATH: a unix socket file nobody listens on (connect gets ECONNREFUSED)
refusing_socket() {
	/usr/bin/python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$1"
	[[ -S $1 ]] || fail "could not make the socket $1"
}

# ns_inodes PID: "type:[inode]" of each namespace of PID the container may have
ns_of_pid() {
	local t
	for t in cgroup ipc mnt net pid uts user; do
		echo "$t $(readlink "/proc/$1/ns/$t")"
	done
}

# status_field PID FIELD: a line of /proc/PID/status, the value only
status_field() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# host_pipe_inode FD: the inode of this shell's pipe on FD ("pipe:[N]")
fd_link() {
	readlink "/proc/$BASHPID/fd/$1"
}

# wait_bounded PID [SECONDS]: waits for the background job PID (a child of this shell) to
# exit, at most SECONDS (default 20); its exit status goes to $st. A job still running then
# is killed and the test fails (a hang must not stall the suite).
wait_bounded() {
	local pid=$1 secs=${2:-20} i
	for ((i = 0; i < secs * 20; i++)); do
		is_live_pid "$pid" || break
		sleep 0.05
	done
	if is_live_pid "$pid"; then
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		fail "process $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)) still running after ${secs}s: killed"
		return 1
	fi
	st=0
	wait "$pid" || st=$?
}
