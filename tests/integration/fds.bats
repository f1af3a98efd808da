#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2094,SC2154
# File descriptors: nothing of the runtime's leaks into the container (only 0, 1, 2 and what
# was asked for), --preserve-fds N, LISTEN_FDS/LISTEN_PID socket activation, --pidfd-socket.

load stdio_helpers

# The container's fds, listed by the process itself: `ls -l /proc/self/fd` (busybox ls warns
# on stderr about its own directory fd, closed by the time it reads the links; ls's own
# directory fd is left out by open_fds).
LIST_FDS='exec ls -l /proc/self/fd 2>/dev/null'

# open_fds: the fd numbers in an `ls -l /proc/self/fd` listing in $output, one line, sorted,
# without the one ls opened to read the directory
open_fds() {
	tr -d '\r' <<<"$output" | awk '/ -> / { for (i = 1; i < NF; i++) if ($i == "->") print $(i - 1), $(i + 1) }' |
		awk '$2 !~ /^\/proc\/[0-9]+\/fd$/ { print $1 }' | sort -n | tr '\n' ' ' | sed 's/ $//'
}

# assert_fds "0 1 2 ...": exactly these fds are open in the listing in $output
assert_fds() {
	local got
	got=$(open_fds)
	[[ $got == "$1" ]] || fail "open fds in the container: '$got', expected '$1'" "listing:" "$output"
}

# The caller holds a few extra fds (not close-on-exec) that must not reach the container.
# Use as: CMD 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
setup_extra() {
	EXTRA=$TEST_WORK/extra-fd
	echo extra >"$EXTRA"
}

@test "no leaked fds: run (foreground, pass-through) -> 0 1 2, though the caller holds 7 8 9" {
	setup_extra
	update_config '.process.args = ["ls", "-l", "/proc/self/fd"]'
	run timeout 30 "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" </dev/null 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	assert_fds "0 1 2"
}

@test "no leaked fds: create + start and run --detach -> 0 1 2 (no exec fifo, no channel)" {
	setup_extra
	set_cmd "$LIST_FDS"
	run_detached timeout 30 "$RUNTIME" --root "$STATE_ROOT" create --bundle "$BUNDLE" "$CID" 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	create_io=$io_file
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	output=$(<"$create_io")
	assert_fds "0 1 2"
	run runtime delete "$CID"
	assert_success

	run_detached timeout 30 "$RUNTIME" --root "$STATE_ROOT" run --detach --bundle "$BUNDLE" "$CID" 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	wait_status "$CID" stopped
	output=$(<"$io_file")
	assert_fds "0 1 2"
}

@test "no leaked fds: run with a terminal (console socket) -> 0 1 2" {
	setup_extra
	update_config '.process.terminal = true | .process.args = ["ls", "-l", "/proc/self/fd"]'
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- eof
	run_detached timeout 30 "$RUNTIME" --root "$STATE_ROOT" run --detach --console-socket "$SOCK" --bundle "$BUNDLE" "$CID" \
		7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	wait_listener
	output=$(<"$TEST_WORK/tty.out")
	assert_fds "0 1 2"
}

@test "no leaked fds: exec (foreground, --detach, --tty) -> 0 1 2" {
	setup_extra
	start_container_bg
	run timeout 30 "$RUNTIME" --root "$STATE_ROOT" exec "$CID" ls -l /proc/self/fd </dev/null 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	assert_fds "0 1 2"

	run_detached timeout 30 "$RUNTIME" --root "$STATE_ROOT" exec --detach --pid-file "$TEST_WORK/exec.pid" "$CID" \
		sh -c 'sleep 0.2; exec ls -l /proc/self/fd' 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	wait_pid_gone "$(cat "$TEST_WORK/exec.pid")"
	output=$(<"$io_file")
	assert_fds "0 1 2"

	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- eof
	run_detached timeout 30 "$RUNTIME" --root "$STATE_ROOT" exec --detach --tty --console-socket "$SOCK" "$CID" \
		ls -l /proc/self/fd 7<"$EXTRA" 8>>"$EXTRA" 9<"$EXTRA"
	assert_success
	wait_listener
	output=$(<"$TEST_WORK/tty.out")
	assert_fds "0 1 2"
}

# --- --preserve-fds --------------------------------------------------------------------------

@test "run --preserve-fds 2: exactly fds 3 and 4, with their contents" {
	for n in 3 4 5; do echo "content-$n" >"$TEST_WORK/f$n"; done
	set_cmd 'cat /proc/self/fd/3; cat /proc/self/fd/4; '"$LIST_FDS"
	run timeout 30 "$RUNTIME" --root "$STATE_ROOT" run --preserve-fds 2 --bundle "$BUNDLE" "$CID" \
		</dev/null 3<"$TEST_WORK/f3" 4<"$TEST_WORK/f4" 5<"$TEST_WORK/f5"
	assert_success
	assert_line 0 content-3
	assert_line 1 content-4
	assert_fds "0 1 2 3 4"
}

@test "exec --preserve-fds 2: exactly fds 3 and 4, with their contents (a pipe too)" {
	start_container_bg
	for n in 3 5; do echo "content-$n" >"$TEST_WORK/f$n"; done
	F3=$TEST_WORK/f3 F5=$TEST_WORK/f5 run bash -c 'echo through-a-pipe | timeout 30 "$@" 3<"$F3" 4<&0 5<"$F5" </dev/null' bash \
		"$RUNTIME" --root "$STATE_ROOT" exec --preserve-fds 2 "$CID" sh -c 'cat <&3; cat <&4; readlink /proc/self/fd/4; '"$LIST_FDS"
	assert_success
	assert_line 0 content-3
	assert_line 1 through-a-pipe
	[[ ${lines[2]} == pipe:* ]] || fail "fd 4 is not the pipe: ${lines[2]}"
	assert_fds "0 1 2 3 4"
}

@test "exec --preserve-fds 0 and no flag: no fd beyond 2 even when the caller has 3 and 4" {
	start_container_bg
	run timeout 30 "$RUNTIME" --root "$STATE_ROOT" exec --preserve-fds 0 "$CID" ls -l /proc/self/fd \
		</dev/null 3</dev/null 4</dev/null
	assert_success
	assert_fds "0 1 2"
}

# --- socket activation ------------------------------------------------------------------

# activated ARGS...: the runtime started by socket-activate.py with two listening sockets
# at fds 3 and 4 (LISTEN_FDS=2, LISTEN_PID=the runtime's own pid); their "socket:[N]" in
# $TEST_WORK/activation.info
activated() {
	run timeout 30 /usr/bin/python3 "$FIXTURES/socket-activate.py" "$TEST_WORK/activation.info" \
		"$TEST_WORK/a.sock" "$TEST_WORK/b.sock" -- "$RUNTIME" --root "$STATE_ROOT" "$@"
}

@test "LISTEN_FDS socket activation: the sockets reach the container at 3 and 4, with LISTEN_FDS=2 LISTEN_PID=1" {
	set_cmd 'echo "LISTEN_FDS=$LISTEN_FDS LISTEN_PID=$LISTEN_PID"; readlink /proc/self/fd/3; readlink /proc/self/fd/4; '"$LIST_FDS"
	activated run --bundle "$BUNDLE" "$CID" </dev/null
	assert_success
	assert_line 0 "LISTEN_FDS=2 LISTEN_PID=1"
	mapfile -t sockets <"$TEST_WORK/activation.info"
	[[ ${sockets[0]} == socket:* ]] || fail "activation.info: ${sockets[*]}"
	assert_line 1 "${sockets[0]}"
	assert_line 2 "${sockets[1]}"
	assert_fds "0 1 2 3 4"
}

@test "LISTEN_FDS with --preserve-fds 1: the sockets at 3 and 4, the preserved fd after them at 5" {
	echo content-5 >"$TEST_WORK/f5"
	set_cmd 'echo "LISTEN_FDS=$LISTEN_FDS"; readlink /proc/self/fd/3; readlink /proc/self/fd/4; cat /proc/self/fd/5; '"$LIST_FDS"
	activated run --preserve-fds 1 --bundle "$BUNDLE" "$CID" </dev/null 5<"$TEST_WORK/f5"
	assert_success
	mapfile -t sockets <"$TEST_WORK/activation.info"
	assert_line 0 "LISTEN_FDS=2"
	assert_line 1 "${sockets[0]}"
	assert_line 2 "${sockets[1]}"
	assert_line 3 content-5
	assert_fds "0 1 2 3 4 5"
}

@test "LISTEN_FDS for another process (LISTEN_PID is not the runtime's): nothing is passed on" {
	set_cmd 'echo "LISTEN_FDS=${LISTEN_FDS:-unset} LISTEN_PID=${LISTEN_PID:-unset}"; '"$LIST_FDS"
	run env LISTEN_FDS=1 LISTEN_PID=1 timeout 30 "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" \
		</dev/null 3<"$BUNDLE/config.json"
	assert_success
	assert_line 0 "LISTEN_FDS=unset LISTEN_PID=unset"
	assert_fds "0 1 2"
}

# --- --pidfd-socket ---------------------------------------------------------------------

# assert_pidfd PID: what recvpidfd.py received is a pidfd of PID
assert_pidfd() {
	wait_listener
	mapfile -t got <"$PIDFD_OUT"
	assert_equal "${got[0]}" "anon_inode:[pidfd]" "received fd"
	assert_equal "${got[1]}" "$1" "pid the pidfd refers to"
	assert_equal "${got[2]}" count=1 "fds received"
}

@test "--pidfd-socket: run --detach and create send a pidfd of the container's init" {
	requires_berth "--pidfd-socket is new in runc 1.2"
	set_cmd 'exec sleep 1000'
	start_recvpidfd
	run_detached runtime run --detach --pidfd-socket "$PIDFD_SOCK" --bundle "$BUNDLE" "$CID"
	assert_success
	assert_pidfd "$(state_field "$CID" pid)"

	rm -f "$PIDFD_SOCK" "$PIDFD_OUT"
	start_recvpidfd
	create_container_id "$CID-b" --pidfd-socket "$PIDFD_SOCK"
	assert_success
	assert_pidfd "$(state_field "$CID-b" pid)"
	run runtime start "$CID-b"
	assert_success
	assert_equal "$(state_field "$CID-b" status)" running
}

@test "--pidfd-socket: exec (--detach and foreground) sends a pidfd of the exec'd process" {
	requires_berth "--pidfd-socket is new in runc 1.2"
	start_container_bg
	start_recvpidfd
	run_detached runtime exec --detach --pid-file "$TEST_WORK/exec.pid" --pidfd-socket "$PIDFD_SOCK" "$CID" sleep 1000
	assert_success
	pid=$(cat "$TEST_WORK/exec.pid")
	[[ $pid != "$INIT_PID" ]] || fail "exec's pid is the init's"
	assert_pidfd "$pid"

	rm -f "$PIDFD_SOCK" "$PIDFD_OUT"
	start_recvpidfd
	run runtime exec --pid-file "$TEST_WORK/exec2.pid" --pidfd-socket "$PIDFD_SOCK" "$CID" sh -c 'sleep 0.3; exit 4' </dev/null
	assert_failure 4
	assert_pidfd "$(cat "$TEST_WORK/exec2.pid")"
}

@test "--pidfd-socket: run in the foreground sends a pidfd of the container's process" {
	requires_berth "--pidfd-socket is new in runc 1.2"
	remove_namespace pid
	set_cmd 'echo $$; sleep 0.3'
	start_recvpidfd
	run runtime run --pidfd-socket "$PIDFD_SOCK" --bundle "$BUNDLE" "$CID" </dev/null
	assert_success
	assert_pidfd "${lines[0]}"
}

@test "--pidfd-socket that does not exist or refuses: create and run fail and leave nothing" {
	requires_berth "--pidfd-socket is new in runc 1.2"
	set_cmd 'echo should-not-run; exec sleep 1000'
	create_container --pidfd-socket "$TEST_WORK/no-such.sock"
	assert_failure
	assert_output_not_empty
	run runtime state "$CID"
	assert_failure
	refusing_socket "$TEST_WORK/refusing.sock"
	run_detached runtime run --detach --pidfd-socket "$TEST_WORK/refusing.sock" --bundle "$BUNDLE" "$CID"
	assert_failure
	assert_output_not_empty
	refute_output_contains should-not-run
	run runtime state "$CID"
	assert_failure
}

@test "--pidfd-socket that does not exist or refuses: exec fails, nothing ran, the container unharmed" {
	requires_berth "--pidfd-socket is new in runc 1.2"
	bind_shared
	start_container_bg
	refusing_socket "$TEST_WORK/refusing.sock"
	for sock in "$TEST_WORK/no-such.sock" "$TEST_WORK/refusing.sock"; do
		for detach in --detach ""; do
			run_detached runtime exec $detach --pidfd-socket "$sock" "$CID" sh -c 'echo ran >>/shared/ran; exec sleep 1000'
			assert_failure
			assert_output_not_empty
			assert_unharmed
		done
	done
	[[ ! -e $SHARED/ran ]] || fail "the exec'd process ran $(wc -l <"$SHARED/ran") times though exec failed"
}
