#!/usr/bin/env bats
# process.terminal with --console-socket: the pty master travels over the socket
# (SCM_RIGHTS), the process gets a terminal of process.consoleSize and /dev/console.

load helpers

# start_recvtty [INPUT]: a receiver on $SOCK writing the container's terminal output to $TTY_OUT
start_recvtty() {
	SOCK=$TEST_WORK/console.sock
	TTY_OUT=$TEST_WORK/console.out
	bg_start /usr/bin/python3 "$FIXTURES/recvtty.py" "$SOCK" "$TTY_OUT" "$@"
	RECV_PID=$BG_PID
	for ((i = 0; i < 100; i++)); do
		[[ -S $SOCK ]] && return 0
		sleep 0.05
	done
	fail "recvtty did not listen on $SOCK"
}

# wait_recvtty: until the pty closed (the process exited) and the receiver finished
wait_recvtty() {
	local st=0
	wait "$RECV_PID" || st=$?
	assert_equal "$st" 0 "recvtty exit status"
	output=$(tr -d '\r' <"$TTY_OUT")
	mapfile -t lines <<<"$output"
}

@test "create --console-socket: the process has a terminal of consoleSize and /dev/console" {
	start_recvtty
	update_config '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 101}'
	set_cmd 'tty; stty size; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo stdio-tty; [ -c /dev/console ] && echo console-ok; echo done'
	create_container --console-socket "$SOCK"
	assert_success
	run runtime start "$CID"
	assert_success
	wait_recvtty
	[[ ${lines[0]} == /dev/pts/* ]] || fail "tty: ${lines[0]}"
	assert_line 1 "33 101"
	assert_output_contains stdio-tty
	assert_output_contains console-ok
	assert_output_contains "done"
	# what arrived over the socket was a pty master
	assert_equal "$(sed -n 2p "$TTY_OUT.fdinfo")" isatty "received fd"
	[[ $(sed -n 1p "$TTY_OUT.fdinfo") == */ptmx ]] || fail "received fd is $(sed -n 1p "$TTY_OUT.fdinfo")"
}

@test "run --detach --console-socket: input typed into the terminal reaches the process" {
	start_recvtty $'echo typed-$((6 * 7))\nexit 0\n'
	update_config '.process.terminal = true | .process.args = ["sh"]'
	run_detached runtime run --detach --console-socket "$SOCK" --bundle "$BUNDLE" "$CID"
	assert_success
	wait_recvtty
	assert_output_contains typed-42
	wait_status "$CID" stopped
}

@test "terminal without --console-socket: create fails and leaves nothing" {
	update_config '.process.terminal = true'
	create_container
	assert_failure
	assert_output_not_empty
	run runtime state "$CID"
	assert_failure
}
