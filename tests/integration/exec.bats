#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# exec: every flag, --process FILE, exit codes, joining the container (namespaces, cgroup,
# seccomp, capabilities, rlimits), --detach --pid-file as the shims call it, stopped and
# paused containers, the exec'd process dying with the container, and bad input (a clear
# error, non-zero exit, the container unharmed, nothing left behind).

load stdio_helpers

# exec_ok ARGS...: `exec ARGS` in the foreground, output captured (stdin /dev/null)
exec_run() {
	run runtime exec "$@" </dev/null
}

# The container's capability sets from the runtime's default spec: CAP_KILL (5),
# CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29). Set here, not taken from `spec`.
default_caps() {
	update_config '.process.capabilities = {
		"bounding": $c, "effective": $c, "permitted": $c, "inheritable": [], "ambient": []}' \
		--argjson c '["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]'
}

# userns_config: a user namespace mapping container 0..65535 to host 100000..165535
userns_config() {
	add_namespace user
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .mounts = [.mounts[] | select(.type != "cgroup")]'
	# the container's root (host uid 100000) must be able to reach the rootfs
	chmod o+x "$BATS_RUN_TMPDIR" "$TEST_WORK" "$BUNDLE"
}

# --- basics and exit codes -------------------------------------------------------------

@test "exec: runs a command in the container and returns its exit code (0, 3)" {
	start_container_bg
	exec_run "$CID" sh -c 'echo out-line; echo err-line >&2'
	assert_success
	assert_output_contains out-line
	assert_output_contains err-line
	exec_run "$CID" sh -c 'exit 3'
	assert_failure 3
	exec_run "$CID" false
	assert_failure 1
	assert_equal "$(state_field "$CID" status)" running "container status after the execs"
}

@test "exec: a process killed by signal N returns 128+N (USR1 -> 138, KILL -> 137, TERM -> 143)" {
	start_container_bg
	# the exec'd shell is not the pid namespace's init, so default dispositions apply
	exec_run "$CID" sh -c 'kill -USR1 $$; sleep 5'
	assert_failure 138
	exec_run "$CID" sh -c 'kill -KILL $$; sleep 5'
	assert_failure 137
	exec_run "$CID" sh -c 'kill -TERM $$; sleep 5'
	assert_failure 143
}

# --- flags -------------------------------------------------------------------------------

@test "exec --cwd: the process starts in the given directory" {
	start_container_bg
	exec_run --cwd /tmp "$CID" pwd
	assert_success
	assert_output /tmp
	# default: the config's process.cwd
	update_config '.process.cwd = "/"'
	exec_run "$CID" pwd
	assert_success
	assert_output /
}

@test "exec --env: variables are added, an existing one is replaced, the rest of process.env kept" {
	update_config '.process.env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "KEEP=config"]'
	start_container_bg
	exec_run --env FOO=bar --env 'SPACED=a b' --env TERM=dumb "$CID" env
	assert_success
	grep -qx 'FOO=bar' <<<"$output" || fail "FOO=bar missing: $output"
	grep -qx 'SPACED=a b' <<<"$output" || fail "SPACED missing: $output"
	grep -qx 'TERM=dumb' <<<"$output" || fail "TERM not replaced: $output"
	grep -qx 'KEEP=config' <<<"$output" || fail "process.env of the config lost: $output"
	assert_equal "$(grep -c '^TERM=' <<<"$output")" 1 "number of TERM entries"
}

@test "exec --user UID:GID and UID: the ids of the process (gid 0 when omitted)" {
	start_container_bg
	exec_run --user 1000:2000 "$CID" sh -c 'echo $(id -u) $(id -g)'
	assert_success
	assert_output "1000 2000"
	exec_run --user 1000 "$CID" sh -c 'echo $(id -u) $(id -g)'
	assert_success
	assert_output "1000 0"
	# a uid without a passwd entry is still a uid
	exec_run -u 4242:4343 "$CID" sh -c 'echo $(id -u) $(id -g)'
	assert_success
	assert_output "4242 4343"
}

@test "exec --additional-gids: supplementary groups of the process" {
	start_container_bg
	exec_run --user 1000:1000 --additional-gids 2000 --additional-gids 3000 "$CID" \
		sh -c 'grep ^Groups: /proc/self/status'
	assert_success
	read -ra groups <<<"${output#Groups:}"
	assert_equal "$(printf '%s\n' "${groups[@]}" | sort -n | tr '\n' ' ')" "2000 3000 " "Groups"
}

@test "exec --cap: adds the capability to the effective, permitted and bounding sets" {
	default_caps
	start_container_bg
	exec_run "$CID" sh -c 'grep -E "^Cap(Eff|Prm|Bnd):" /proc/self/status'
	assert_success
	assert_output_matches 'CapEff:[[:space:]]+0+20000420'
	exec_run --cap CAP_SYS_ADMIN "$CID" sh -c 'grep -E "^Cap(Eff|Prm|Bnd):" /proc/self/status'
	assert_success
	# CAP_SYS_ADMIN is bit 21: 0x20000420 | 0x200000
	assert_output_matches 'CapEff:[[:space:]]+0+20200420'
	assert_output_matches 'CapPrm:[[:space:]]+0+20200420'
	assert_output_matches 'CapBnd:[[:space:]]+0+20200420'
	# and it works: only CAP_SYS_ADMIN may set the hostname (the container has a uts namespace)
	exec_run --cap CAP_SYS_ADMIN "$CID" hostname exec-cap-test
	assert_success
	exec_run "$CID" hostname other-name
	assert_failure
}

@test "exec --no-new-privs: sets no_new_privs (not set without it when the config says false)" {
	update_config '.process.noNewPrivileges = false'
	start_container_bg
	exec_run "$CID" sh -c 'grep ^NoNewPrivs: /proc/self/status'
	assert_success
	assert_output_matches 'NoNewPrivs:[[:space:]]+0$'
	exec_run --no-new-privs "$CID" sh -c 'grep ^NoNewPrivs: /proc/self/status'
	assert_success
	assert_output_matches 'NoNewPrivs:[[:space:]]+1$'
}

@test "exec --process FILE: a full process object (args, env, cwd, user, caps, rlimits, noNewPrivileges)" {
	update_config '.process.noNewPrivileges = false'
	start_container_bg
	cat >"$TEST_WORK/process.json" <<'EOF'
{
	"terminal": false,
	"user": {"uid": 1000, "gid": 1000, "additionalGids": [2000]},
	"args": ["sh", "-c", "echo ids=$(id -u):$(id -g) cwd=$(pwd) foo=$FOO core=$(grep \"Max core\" /proc/self/limits | tr -s \" \" | cut -d \" \" -f 5,6); grep -E '^(Groups|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status"],
	"env": ["PATH=/bin:/usr/bin", "FOO=from-json"],
	"cwd": "/tmp",
	"capabilities": {
		"bounding": ["CAP_KILL", "CAP_CHOWN"],
		"effective": ["CAP_KILL"],
		"permitted": ["CAP_KILL"],
		"inheritable": ["CAP_KILL"],
		"ambient": ["CAP_KILL"]
	},
	"rlimits": [{"type": "RLIMIT_CORE", "hard": 512000, "soft": 256000}],
	"noNewPrivileges": true
}
EOF
	exec_run --process "$TEST_WORK/process.json" "$CID"
	assert_success
	assert_line 0 "ids=1000:1000 cwd=/tmp foo=from-json core=256000 512000"
	# CAP_KILL = bit 5 (ambient, so a non-root user keeps it across execve); CAP_CHOWN = bit 0
	assert_equal "$(grep -E '^(Groups|CapEff|CapBnd|CapAmb|NoNewPrivs):' <<<"$output" | tr -s '\t ' ' ')" \
		"Groups: 2000 
CapEff: 0000000000000020
CapBnd: 0000000000000021
CapAmb: 0000000000000020
NoNewPrivs: 1" "status lines"
}

# --- joining the container ----------------------------------------------------------------

@test "exec joins every namespace of the container (pid, net, ipc, uts, mnt, cgroup)" {
	add_namespace cgroup
	start_container_bg
	exec_run "$CID" sh -c 'for t in cgroup ipc mnt net pid uts user; do echo "$t $(readlink /proc/self/ns/$t)"; done'
	assert_success
	expected=$(ns_of_pid "$INIT_PID")
	assert_equal "$output" "$expected" "namespaces of the exec'd process vs the init's"
	for t in cgroup ipc mnt net pid uts; do
		[[ $(readlink "/proc/$INIT_PID/ns/$t") != "$(host_ns "$t")" ]] || fail "the container has no $t namespace of its own"
	done
	# in the pid namespace: it sees the init as pid 1 and itself with a small pid
	exec_run "$CID" sh -c 'cat /proc/1/comm; echo $$'
	assert_success
	assert_line 0 sleep
	((lines[1] > 1 && lines[1] < 1000)) || fail "pid in the container: ${lines[1]}"
	# and the container's root filesystem
	exec_run "$CID" cat /etc/hostname
	assert_success
	assert_output "$(cat "$ROOTFS/etc/hostname")"
}

@test "exec joins a user namespace container (user namespace first; ids mapped)" {
	userns_config
	start_container_bg
	assert_equal "$(awk '$1 == "Uid:" { print $2 }' "/proc/$INIT_PID/status")" 100000 "host uid of the init"
	exec_run --pid-file "$TEST_WORK/exec.pid" "$CID" sh -c 'for t in cgroup ipc mnt net pid uts user; do echo "$t $(readlink /proc/self/ns/$t)"; done; id -u'
	assert_success
	expected=$(ns_of_pid "$INIT_PID")
	assert_equal "$(sed '$d' <<<"$output")" "$expected" "namespaces of the exec'd process vs the init's"
	assert_equal "${lines[-1]}" 0 "uid in the container"
	[[ $(readlink "/proc/$INIT_PID/ns/user") != "$(host_ns user)" ]] || fail "no user namespace"

	run_detached runtime exec --detach --pid-file "$TEST_WORK/sleep.pid" --user 1000:1000 "$CID" sleep 1000
	assert_success
	pid=$(cat "$TEST_WORK/sleep.pid")
	assert_equal "$(awk '$1 == "Uid:" { print $2 }' "/proc/$pid/status")" 101000 "host uid of exec --user 1000"
	assert_equal "$(awk '$1 == "Gid:" { print $2 }' "/proc/$pid/status")" 101000 "host gid of exec --user 1000:1000"
}

@test "exec joins the container's cgroup, seccomp filter, capabilities and rlimits" {
	default_caps
	update_config '.process.noNewPrivileges = true
		| .process.rlimits = [{"type": "RLIMIT_CORE", "hard": 777000, "soft": 555000},
			{"type": "RLIMIT_MSGQUEUE", "hard": 8192, "soft": 4096}]
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
			"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
	start_container_bg
	run_detached runtime exec --detach --pid-file "$TEST_WORK/exec.pid" "$CID" sleep 1000
	assert_success
	pid=$(cat "$TEST_WORK/exec.pid")
	is_live_pid "$pid" || fail "exec'd process $pid is not running"
	# the same cgroups, in every hierarchy, and they are the container's
	assert_equal "$(cat "/proc/$pid/cgroup")" "$(cat "/proc/$INIT_PID/cgroup")" "/proc/PID/cgroup of exec vs init"
	grep -q -- "$CID" "/proc/$pid/cgroup" || fail "not in the container's cgroup: $(cat "/proc/$pid/cgroup")"
	for f in Seccomp Seccomp_filters CapInh CapPrm CapEff CapBnd CapAmb NoNewPrivs; do
		assert_equal "$(status_field "$pid" $f)" "$(status_field "$INIT_PID" $f)" "$f of exec vs init"
	done
	assert_equal "$(status_field "$pid" Seccomp)" 2 "seccomp mode of the exec'd process"
	# (not RLIMIT_NOFILE: runc 1.1.5 built with Go >= 1.19 races with Go raising its soft limit)
	for l in 'Max core file size' 'Max msgqueue size'; do
		assert_equal "$(grep "$l" "/proc/$pid/limits")" "$(grep "$l" "/proc/$INIT_PID/limits")" "$l of exec vs init"
	done
	grep 'Max msgqueue size' "/proc/$pid/limits" | grep -q ' 4096 *8192 ' || fail "RLIMIT_MSGQUEUE: $(grep 'Max msgqueue size' "/proc/$pid/limits")"
	# the filter is in force
	exec_run "$CID" sh -c 'mkdir /dev/shm/blocked && echo created || echo refused'
	assert_output_contains refused
	assert_output_contains "Operation not permitted"
	refute_output_contains created
	exec_run "$CID" sh -c 'grep ^CapEff: /proc/self/status; cat /proc/self/cgroup'
	assert_success
	assert_output_matches 'CapEff:[[:space:]]+0+20000420'
}

# --- --detach --pid-file, as the shims call it ---------------------------------------------

@test "exec --detach --pid-file: writes the pid and returns while the process keeps running" {
	start_container_bg
	start=$SECONDS
	run_detached runtime exec --detach --pid-file "$TEST_WORK/exec.pid" "$CID" sh -c 'sleep 3; echo late-output'
	assert_success
	((SECONDS - start < 3)) || fail "exec --detach waited for the process"
	pid=$(cat "$TEST_WORK/exec.pid")
	[[ $pid =~ ^[0-9]+$ ]] || fail "pid file holds '$pid'"
	is_live_pid "$pid" || fail "the exec'd process $pid is not running after exec --detach returned"
	assert_equal "$(readlink "/proc/$pid/ns/pid")" "$(readlink "/proc/$INIT_PID/ns/pid")" "pid namespace of the detached process"
	# a relative pid file is relative to the caller's directory
	(cd "$TEST_WORK" && runtime exec -d --pid-file rel.pid "$CID" sleep 1000 </dev/null >/dev/null 2>&1) ||
		fail "exec -d --pid-file rel.pid failed"
	[[ -s $TEST_WORK/rel.pid ]] || fail "no rel.pid in the caller's directory"
	is_live_pid "$(cat "$TEST_WORK/rel.pid")" || fail "process of rel.pid is not running"
}

@test "exec --detach --tty --console-socket --pid-file: the shim's call; the terminal works" {
	start_container_bg
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- \
		'send:echo hi-$((40 + 2)); tty\n' 'expect:hi-42' 'expect:/dev/pts/[0-9]+' "waitfile:$TEST_WORK/checked" 'send:exit 5\n' eof
	run_detached runtime exec --detach --tty --console-socket "$SOCK" --pid-file "$TEST_WORK/exec.pid" "$CID" sh
	assert_success
	[[ -s $TEST_WORK/exec.pid ]] || fail "no pid file"
	pid=$(cat "$TEST_WORK/exec.pid")
	is_live_pid "$pid" || fail "the exec'd shell $pid is not running"
	assert_equal "$(readlink "/proc/$pid/ns/mnt")" "$(readlink "/proc/$INIT_PID/ns/mnt")" "mount namespace of the exec'd shell"
	touch "$TEST_WORK/checked"
	wait_listener
	wait_pid_gone "$pid" 5
	assert_equal "$(state_field "$CID" status)" running
}

@test "exec --process (terminal and consoleSize in the JSON) --detach --console-socket --pid-file: containerd's shim call" {
	start_container_bg
	cat >"$TEST_WORK/process.json" <<'EOF'
{"terminal": true, "consoleSize": {"height": 25, "width": 77}, "user": {"uid": 0, "gid": 0},
 "args": ["sh"], "env": ["PATH=/bin:/usr/bin", "TERM=xterm"], "cwd": "/"}
EOF
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --console-socket "$SOCK" -- \
		'send:stty size; echo done-$((1 + 1))\n' 'expect:^done-2' 'send:exit 0\n' eof
	run_detached runtime exec --process "$TEST_WORK/process.json" --detach --console-socket "$SOCK" \
		--pid-file "$TEST_WORK/exec.pid" "$CID"
	assert_success
	[[ -s $TEST_WORK/exec.pid ]] || fail "no pid file"
	wait_listener
	output=$(tr -d '\r' <"$TEST_WORK/tty.out")
	assert_output_contains $'\n25 77\n'
}

# --- stopped, paused ------------------------------------------------------------------------

@test "exec into a stopped container: a clear error" {
	set_cmd 'exit 0'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_status "$CID" stopped
	exec_run --pid-file "$TEST_WORK/exec.pid" "$CID" echo should-not-run
	assert_failure
	assert_output_not_empty
	refute_output_contains should-not-run
	assert_output_contains_i stopped
	[[ ! -e $TEST_WORK/exec.pid ]] || fail "pid file written for a failed exec"
	exec_run "$CID-nonexistent" echo should-not-run
	assert_failure
	assert_output_not_empty
	refute_output_contains should-not-run
}

@test "exec into a paused container: refused unless --ignore-paused" {
	start_container_bg
	run runtime pause "$CID"
	if [[ $status -ne 0 && ${output,,} == *unknown* ]]; then
		skip "$RUNTIME_NAME has no pause command yet: $output"
	fi
	assert_success
	wait_status "$CID" paused
	exec_run "$CID" echo should-not-run
	assert_failure
	assert_output_contains_i paused
	refute_output_contains should-not-run
	assert_equal "$(state_field "$CID" status)" paused

	# with --ignore-paused the process is started; it runs once the container is resumed
	out=$TEST_WORK/exec.out
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec --ignore-paused "$CID" echo ran-after-resume >"$out" 2>&1
	exec_pid=$BG_PID
	sleep 0.5
	run runtime resume "$CID"
	assert_success
	wait_bounded "$exec_pid"
	assert_equal "$st" 0 "exit status of exec --ignore-paused"
	grep -q ran-after-resume "$out" || fail "exec --ignore-paused output: $(cat "$out")"
	assert_equal "$(state_field "$CID" status)" running
}

# --- the exec'd process dies with the container ------------------------------------------

@test "exec: delete --force kills the exec'd processes (pid namespace)" {
	start_container_bg
	run_detached runtime exec --detach --pid-file "$TEST_WORK/d.pid" "$CID" sleep 1000
	assert_success
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec --pid-file "$TEST_WORK/f.pid" "$CID" sleep 1000
	fg_exec=$BG_PID
	wait_file "$TEST_WORK/f.pid"
	d=$(cat "$TEST_WORK/d.pid") f=$(cat "$TEST_WORK/f.pid")
	run runtime delete --force "$CID"
	assert_success
	wait_pid_gone "$d" 5
	wait_pid_gone "$f" 5
	# the foreground exec returns: its process was killed by SIGKILL
	wait_bounded "$fg_exec"
	assert_equal "$st" 137 "exit status of the foreground exec"
}

@test "exec: delete --force kills the exec'd processes (no pid namespace)" {
	remove_namespace pid
	bind_shared
	start_container_bg
	run_detached runtime exec --detach --pid-file "$TEST_WORK/d.pid" "$CID" sleep 1000
	assert_success
	# a grandchild that left its parent (daemonized): still in the container's cgroup
	run_detached runtime exec --detach "$CID" sh -c '(sleep 1000 & echo $! > /shared/orphan.pid) ; exit 0'
	assert_success
	bg_start "$RUNTIME" --root "$STATE_ROOT" exec --pid-file "$TEST_WORK/f.pid" "$CID" sleep 1000
	fg_exec=$BG_PID
	wait_file "$TEST_WORK/f.pid"
	wait_file "$SHARED/orphan.pid"
	d=$(cat "$TEST_WORK/d.pid") f=$(cat "$TEST_WORK/f.pid") o=$(cat "$SHARED/orphan.pid")
	is_live_pid "$o" || fail "orphan $o not running"
	run runtime delete --force "$CID"
	assert_success
	wait_pid_gone "$d" 5
	wait_pid_gone "$f" 5
	wait_pid_gone "$o" 5
	wait_bounded "$fg_exec"
	assert_equal "$st" 137 "exit status of the foreground exec"
}

# --- bad input: clear error, non-zero, the container unharmed, nothing left -------------

# exec_fails ARGS...: exec with --pid-file that must fail cleanly
exec_fails() {
	rm -f "$TEST_WORK/bad.pid"
	run runtime exec --pid-file "$TEST_WORK/bad.pid" "$@" </dev/null
	assert_failure
	assert_output_not_empty
	refute_output_contains should-not-run
	[[ ! -e $TEST_WORK/bad.pid ]] || fail "pid file written by a failed exec ($*)"
	assert_unharmed
}

@test "exec bad input: malformed --process JSON, no args, a missing file" {
	start_container_bg
	printf '{"args": ["echo", "should-not-run"], "cwd": "/"' >"$TEST_WORK/broken.json"
	exec_fails --process "$TEST_WORK/broken.json" "$CID"
	printf '{"cwd": "/", "env": ["PATH=/bin"], "user": {"uid": 0, "gid": 0}}' >"$TEST_WORK/noargs.json"
	exec_fails --process "$TEST_WORK/noargs.json" "$CID"
	if is_berth; then assert_output_contains args; fi
	printf '{"cwd": "/", "args": []}' >"$TEST_WORK/emptyargs.json"
	exec_fails --process "$TEST_WORK/emptyargs.json" "$CID"
	printf '{"cwd": "/", "args": "echo should-not-run"}' >"$TEST_WORK/stringargs.json"
	exec_fails --process "$TEST_WORK/stringargs.json" "$CID"
	exec_fails --process "$TEST_WORK/does-not-exist.json" "$CID"
}

@test "exec bad input: missing arguments (no container id, no command)" {
	start_container_bg
	run runtime exec </dev/null
	assert_failure
	assert_output_not_empty
	exec_fails "$CID"
}

@test "exec bad input: a command that does not exist, a cwd that does not exist" {
	start_container_bg
	exec_fails "$CID" /bin/no-such-command
	exec_fails "$CID" no-such-command-in-path
	exec_fails --cwd /no/such/dir "$CID" echo should-not-run
}

@test "exec bad input: a user that is not a number, a uid not mapped into the user namespace" {
	userns_config
	start_container_bg
	exec_fails --user nosuchuser "$CID" echo should-not-run
	exec_fails --user 1000:nosuchgroup "$CID" echo should-not-run
	exec_fails --user 70000 "$CID" echo should-not-run
	exec_fails --user 0:70000 "$CID" echo should-not-run
}

@test "exec bad input: a console socket that does not exist, or refuses the connection" {
	start_container_bg
	exec_fails --tty --console-socket "$TEST_WORK/no-such.sock" "$CID" echo should-not-run
	exec_fails --tty --detach --console-socket "$TEST_WORK/no-such.sock" "$CID" echo should-not-run
	refusing_socket "$TEST_WORK/refusing.sock"
	exec_fails --tty --console-socket "$TEST_WORK/refusing.sock" "$CID" echo should-not-run
	exec_fails --tty --detach --console-socket "$TEST_WORK/refusing.sock" "$CID" echo should-not-run
	# a path that is not a socket at all
	: >"$TEST_WORK/plain-file"
	exec_fails --tty --detach --console-socket "$TEST_WORK/plain-file" "$CID" echo should-not-run
}

@test "exec bad input: a pid file that cannot be written (the process must not be left running)" {
	bind_shared
	start_container_bg
	for detach in --detach ""; do
		run_detached runtime exec $detach --pid-file "$TEST_WORK/no-such-dir/exec.pid" "$CID" \
			sh -c 'echo ran >>/shared/ran; exec sleep 1000'
		assert_failure
		assert_output_not_empty
		assert_unharmed
	done
}

@test "exec bad input: --tty --detach without a console socket, a console socket without --tty" {
	start_container_bg
	exec_fails --tty --detach "$CID" echo should-not-run
	SOCK=$TEST_WORK/console.sock
	start_listener ptyscript.py "$SOCK" --out "$TEST_WORK/tty.out" --timeout 3 --console-socket "$SOCK" -- eof
	exec_fails --detach --console-socket "$SOCK" "$CID" echo should-not-run
}
