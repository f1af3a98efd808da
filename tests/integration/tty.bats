#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# Terminals, in the four modes of runc's docs/terminals.md:
#   detached + new terminal    --console-socket: the shim gets the pty master and drives it
#   foreground + new terminal  `run` / `exec -t` under a real pty: the runtime relays (raw mode,
#                              window size, SIGWINCH), and restores the caller's terminal
#   foreground + pass-through  stdio are the caller's own pipes
#   detached + pass-through    `run -d`: the container keeps the caller's pipes
# and the pty itself: the container's devpts instance, owned by the container user.

load stdio_helpers

# pty_session [--rows R --cols C] -- STEP...: runs `runtime run` of $BUNDLE as $CID under a
# new pty (ptyscript.py, see there for the steps) through a shell that records `stty -a`
# before and after and prints "rc=<exit status of run>" when run returns. The terminal's
# output is in $TTY_OUT (carriage returns dropped) and in $output; $status is ptyscript's.
pty_session() {
	pty_command "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID" -- "$@"
}

# pty_command CMD... -- [PTYSCRIPT OPTIONS] -- STEP...: the same for any runtime command
pty_command() {
	local cmd=() opts=()
	while [[ $1 != -- ]]; do
		cmd+=("$1")
		shift
	done
	shift
	while [[ $1 != -- ]]; do
		opts+=("$1")
		shift
	done
	shift
	TTY_OUT=$TEST_WORK/tty.out
	run timeout -k 5 60 /usr/bin/python3 "$FIXTURES/ptyscript.py" "${opts[@]}" --out "$TTY_OUT.raw" --spawn \
		sh -c 'stty -a >"$0/stty.before"; "$@"; echo "rc=$?"; stty -a >"$0/stty.after"' "$TEST_WORK" "${cmd[@]}" \
		-- "$@" 3>&-
	local st=$status
	tr -d '\r' <"$TTY_OUT.raw" >"$TTY_OUT"
	output=$(<"$TTY_OUT")
	mapfile -t lines <<<"$output"
	status=$st
}

# --- detached + new terminal (--console-socket) ---------------------------------------

@test "detached, new terminal: a shim gets the master, types echo hi, reads the output; consoleSize applies" {
	update_config '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 101} | .process.args = ["sh"]'
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- \
		'send:stty size; echo hi-$((6 * 7))\n' 'expect:33 101\r?\n' 'expect:^hi-42\r?\n' 'send:exit 0\n' eof
	run_detached runtime run --detach --console-socket "$SOCK" --bundle "$BUNDLE" "$CID"
	assert_success
	wait_listener
	wait_status "$CID" stopped
	output=$(<"$TEST_WORK/tty.out")
	assert_output_contains "33 101"
}

@test "detached, new terminal: create --console-socket, then start; the shell is interactive with a prompt" {
	update_config '.process.terminal = true | .process.args = ["sh"]'
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- \
		'expect:# ' 'send:echo hi\n' 'expect:\nhi\r?\n' 'send:exit 0\n' eof
	create_container --console-socket "$SOCK"
	assert_success
	run runtime start "$CID"
	assert_success
	wait_listener
}

# --- foreground + new terminal (a person at a terminal) -----------------------------------

@test "foreground, new terminal: run under a pty: typing echo hi, raw mode while it runs, the exit code, stty restored" {
	update_config '.process.terminal = true | .process.args = ["sh"]'
	pty_session -- 'expect:# ' mode 'send:echo hi-$((6 * 7))\n' 'expect:\nhi-42\r?\n' \
		'send:exit 7\n' 'expect:rc=[0-9]+' mode
	assert_success
	assert_output_contains "hi-42"
	# while run relayed, the caller's terminal was raw; afterwards it is cooked again
	assert_equal "$(grep -c '^\[mode icanon=0 echo=0 isig=0\]$' "$TTY_OUT")" 1 "raw mode while run runs"
	[[ $output == *"rc=7"* ]] || fail "run did not return the shell's exit code 7: $output"
	[[ $(grep '^\[mode' "$TTY_OUT" | tail -n 1) == "[mode icanon=1 echo=1 isig=1]" ]] || fail "terminal still raw after run: $output"
	assert_equal "$(cat "$TEST_WORK/stty.after")" "$(cat "$TEST_WORK/stty.before")" "stty -a before and after run"
	[[ ! -e $STATE_ROOT/$CID ]] || fail "run left the container's state"
}

@test "foreground, new terminal: Ctrl-C interrupts a sleep in the container, not the runtime" {
	update_config '.process.terminal = true | .process.args = ["sh"]'
	pty_session -- 'expect:# ' 'send:sleep 100\n' 'expect:sleep 100\r?\n' 'sleep:0.5' 'send:\x03' \
		'send:echo status=$?\n' 'expect:status=[0-9]+' 'send:exit 0\n' 'expect:rc=[0-9]+'
	assert_success
	assert_output_contains "status=130"
	assert_output_contains "rc=0"
	assert_equal "$(cat "$TEST_WORK/stty.after")" "$(cat "$TEST_WORK/stty.before")" "stty -a before and after run"
}

@test "foreground, new terminal: Ctrl-C ends a container whose process is a foreground sleep (130)" {
	# no pid namespace: the sleep is not an init, so SIGINT from the terminal kills it
	remove_namespace pid
	update_config '.process.terminal = true | .process.args = ["sleep", "100"]'
	pty_session -- 'sleep:0.7' 'send:\x03' 'expect:rc=[0-9]+'
	assert_success
	assert_output_contains "rc=130"
	assert_equal "$(cat "$TEST_WORK/stty.after")" "$(cat "$TEST_WORK/stty.before")" "stty -a before and after run"
}

@test "foreground, new terminal: the caller's window size, and a resize (SIGWINCH) reaches the container" {
	update_config '.process.terminal = true | .process.args = ["sh"]'
	pty_session --rows 31 --cols 97 -- 'expect:# ' 'send:stty size\n' 'expect:\n31 97\r?\n' \
		'resize:42:123' 'sleep:0.3' 'send:stty size\n' 'expect:\n[0-9]+ [0-9]+\r?\n' 'send:exit 0\n' 'expect:rc=[0-9]+'
	assert_success
	assert_output_contains $'\n31 97\n'
	assert_output_contains $'\n42 123\n'
	assert_output_contains "rc=0"
}

@test "foreground, new terminal: exec -t relays a terminal too (and SIGWINCH), returns the exit code, restores the terminal" {
	start_container_bg
	pty_command "$RUNTIME" --root "$STATE_ROOT" exec -t "$CID" sh -- -- 'expect:# ' 'mode' \
		'send:tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo stdio-tty\n' 'expect:stdio-tty\r?\n' \
		'resize:27:88' 'sleep:0.3' 'send:stty size\n' 'expect:\n[0-9]+ [0-9]+\r?\n' \
		'send:exit 3\n' 'expect:rc=[0-9]+' mode
	assert_success
	assert_output_contains "stdio-tty"
	assert_output_contains $'\n27 88\n'
	assert_output_matches $'\n/dev/pts/[0-9]+\n'
	assert_output_contains "rc=3"
	assert_equal "$(grep -c '^\[mode icanon=0 echo=0 isig=0\]$' "$TTY_OUT")" 1 "raw mode while exec runs"
	# (the window size changed on purpose)
	assert_equal "$(sed 's/rows [0-9]*; columns [0-9]*;//' "$TEST_WORK/stty.after")" \
		"$(sed 's/rows [0-9]*; columns [0-9]*;//' "$TEST_WORK/stty.before")" "stty -a before and after exec"
	assert_equal "$(state_field "$CID" status)" running
}

# --- pass-through -------------------------------------------------------------------------

@test "foreground, pass-through: a pipe stays a pipe (echo data | run cat)" {
	update_config '.process.args = ["cat"]'
	run bash -c 'printf "data-1\ndata-2\n" | timeout -k 5 30 "$@"' bash "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID"
	assert_success
	assert_output "data-1
data-2"
}

@test "foreground, pass-through: run | cat never hangs, and stdio inside are the caller's pipes" {
	bind_shared
	set_cmd 'l0=$(readlink /proc/$$/fd/0); l1=$(readlink /proc/$$/fd/1); l2=$(readlink /proc/$$/fd/2)
		echo "$l0 $l1 $l2" >/shared/links; echo to-stdout; echo to-stderr >&2'
	cat >"$TEST_WORK/caller.sh" <<'EOF'
#!/bin/bash
echo "$(readlink /proc/$$/fd/0) $(readlink /proc/$$/fd/1) $(readlink /proc/$$/fd/2)" >"$CALLER_LINKS"
exec "$@"
EOF
	chmod +x "$TEST_WORK/caller.sh"
	export CALLER_LINKS=$TEST_WORK/caller.links
	start=$SECONDS
	run timeout -k 5 30 bash -c 'echo in | "$@" 2> >(cat >"$CALLER_LINKS.err") | cat' bash \
		"$TEST_WORK/caller.sh" "$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID"
	assert_success
	((SECONDS - start < 20)) || fail "run | cat took $((SECONDS - start))s"
	assert_output to-stdout
	for _ in 1 2 3 4 5 6 7 8 9 10; do [[ -s $CALLER_LINKS.err ]] && break; sleep 0.1; done
	assert_equal "$(cat "$CALLER_LINKS.err")" to-stderr "stderr"
	read -r c0 c1 c2 <"$CALLER_LINKS"
	read -r i0 i1 i2 <"$SHARED/links"
	[[ $c0 == pipe:* && $c1 == pipe:* && $c2 == pipe:* ]] || fail "the caller's stdio are not pipes: $c0 $c1 $c2"
	[[ $i0 == pipe:* && $i1 == pipe:* && $i2 == pipe:* ]] || fail "stdio in the container are not pipes: $i0 $i1 $i2"
	# berth hands the caller's own pipes to the container (runc 1.1 copies through pipes of
	# its own in the foreground)
	if is_berth; then
		assert_equal "$i0 $i1 $i2" "$c0 $c1 $c2" "stdio in the container vs the caller's"
	fi
}

@test "detached, pass-through: run -d keeps the caller's pipes; run -d | cat ends when the container does" {
	bind_shared
	set_cmd 'l0=$(readlink /proc/$$/fd/0); l1=$(readlink /proc/$$/fd/1); l2=$(readlink /proc/$$/fd/2)
		echo "$l0 $l1 $l2" >/shared/links; sleep 0.5; echo late-stdout'
	cat >"$TEST_WORK/caller.sh" <<'EOF'
#!/bin/bash
echo "$(readlink /proc/$$/fd/0) $(readlink /proc/$$/fd/1) $(readlink /proc/$$/fd/2)" >"$CALLER_LINKS"
exec "$@"
EOF
	chmod +x "$TEST_WORK/caller.sh"
	export CALLER_LINKS=$TEST_WORK/caller.links
	run timeout -k 5 30 bash -c 'echo in | "$@" 2>&1 | cat' bash \
		"$TEST_WORK/caller.sh" "$RUNTIME" --root "$STATE_ROOT" run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	# cat saw what the container printed after run -d returned
	assert_output late-stdout
	read -r c0 c1 c2 <"$CALLER_LINKS"
	read -r i0 i1 i2 <"$SHARED/links"
	[[ $c0 == pipe:* && $c1 == pipe:* ]] || fail "the caller's stdio are not pipes: $c0 $c1 $c2"
	assert_equal "$i0 $i1 $i2" "$c0 $c1 $c2" "stdio in the container vs the caller's"
}

# --- the pty: devpts instance, owner ----------------------------------------------------

@test "the pty belongs to the container's devpts instance and is owned by the container user" {
	update_config '.process.terminal = true | .process.user = {"uid": 1000, "gid": 1000} | .process.args = ["sh"]'
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- \
		'send:t=$(tty); echo "tty=$t owner=$(stat -L -c %u $t) dev0=$(stat -L -c %d /proc/self/fd/0) devpts=$(stat -c %d /dev/pts/ptmx) ls=$(ls /dev/pts | tr "\\n" ,)"; exit 0\n' \
		'expect:tty=.*ls=[^\r\n]*\r?\n' eof
	run_detached runtime run --detach --console-socket "$SOCK" --bundle "$BUNDLE" "$CID"
	assert_success
	wait_listener
	output=$(tr -d '\r' <"$TEST_WORK/tty.out")
	line=$(grep '^tty=/' <<<"$output") || fail "no report from the container: $output"
	read -r tty owner dev0 devpts ls <<<"$line"
	assert_equal "$owner" owner=1000 "owner of the pty"
	[[ $tty =~ ^tty=/dev/pts/[0-9]+$ ]] || fail "tty: $tty"
	# the pty's inode lives on the container's own devpts mount, not the host's
	assert_equal "${dev0#dev0=}" "${devpts#devpts=}" "device of fd 0 vs the container's /dev/pts"
	[[ ${devpts#devpts=} != "$(stat -c %d /dev/pts/ptmx)" ]] || fail "the container uses the host's devpts instance"
	# a new instance: only this container's pty in it
	assert_equal "$ls" "ls=${tty#tty=/dev/pts/},ptmx," "the container's /dev/pts"
	wait_status "$CID" stopped
}

@test "exec --tty --user: the exec's pty is in the container's devpts and owned by the exec user" {
	start_container_bg
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- \
		'send:t=$(tty); echo "tty=$t owner=$(stat -L -c %u $t) dev0=$(stat -L -c %d /proc/self/fd/0) devpts=$(stat -c %d /dev/pts/ptmx)"; exit 0\n' \
		'expect:tty=.*devpts=[0-9]+\r?\n' eof
	run_detached runtime exec --detach --tty --console-socket "$SOCK" --user 1000:1000 "$CID" sh
	assert_success
	wait_listener
	output=$(tr -d '\r' <"$TEST_WORK/tty.out")
	line=$(grep '^tty=/' <<<"$output") || fail "no report from the container: $output"
	read -r tty owner dev0 devpts <<<"$line"
	assert_equal "$owner" owner=1000 "owner of the exec's pty"
	assert_equal "${dev0#dev0=}" "${devpts#devpts=}" "device of fd 0 vs the container's /dev/pts"
	[[ ${devpts#devpts=} != "$(stat -c %d /dev/pts/ptmx)" ]] || fail "the exec uses the host's devpts instance"
}
