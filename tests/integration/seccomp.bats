#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# linux.seccomp: errno actions, kill and trap, argument conditions, the notify listener, a
# Docker-like profile, bad profiles, exec, and a filter installed after the runtime's setup.
# Syscalls are made with the static probe (tests/fixtures/probe.c); x86_64 numbers.

load helpers
load privileges

NR_alarm=37
NR_umask=95
NR_getpgid=121
NR_getsid=124
NR_personality=135
NR_getpriority=140
NR_sched_get_priority_max=146
NR_sched_get_priority_min=147
NR_sync=162
NR_acct=163
NR_listmount=458

setup() {
	berth_setup
	install_probe
}

# set_seccomp JSON: linux.seccomp = JSON
set_seccomp() {
	update_config '.linux.seccomp = $s' --argjson s "$1"
}

# allow_all_but RULES_JSON: default SCMP_ACT_ALLOW with these syscalls rules
allow_all_but() {
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": $1}"
}

set_args() {
	update_config '.process.args = $a' --argjson a "$(json_array "$@")"
}

@test "seccomp: SCMP_ACT_ERRNO returns errnoRet, or EPERM without it; other syscalls work" {
	allow_all_but '[{"names": ["sync"], "action": "SCMP_ACT_ERRNO", "errnoRet": 99},
		{"names": ["getpriority"], "action": "SCMP_ACT_ERRNO"}]'
	set_cmd "probe sys $NR_sync; probe sys $NR_getpriority 0 0; probe sys $NR_sched_get_priority_max 1; grep ^Seccomp: /proc/self/status"
	run_container
	assert_success
	assert_line 0 sys=EADDRNOTAVAIL
	assert_line 1 sys=EPERM
	assert_line 2 sys=99
	assert_output_matches $'Seccomp:[ \t]+2'
}

@test "seccomp: defaultErrnoRet, and EPERM as the default errno" {
	profile=$(jq '.defaultErrnoRet = 95' "$FIXTURES/seccomp/docker-default.json")
	set_seccomp "$profile"
	set_cmd "probe sys $NR_acct 0"
	run_container
	assert_success
	assert_output sys=EOPNOTSUPP

	profile=$(jq 'del(.defaultErrnoRet)' "$FIXTURES/seccomp/docker-default.json")
	set_seccomp "$profile"
	# with CAP_SYS_PACCT, acct(NULL) would succeed: only the filter can say EPERM here
	update_config '.process.capabilities.bounding += ["CAP_SYS_PACCT"] | .process.capabilities.effective += ["CAP_SYS_PACCT"] | .process.capabilities.permitted += ["CAP_SYS_PACCT"]'
	run_container
	assert_success
	assert_output sys=EPERM
}

@test "seccomp: the Docker-default-like profile loads and busybox runs normally" {
	[[ $("$PROBE" sys "$NR_listmount" 0 0 0 0) == sys=EFAULT ]] || skip "this kernel has no listmount (Linux 6.8)"
	set_seccomp "$(cat "$FIXTURES/seccomp/docker-default.json")"
	update_config '.root.readonly = false'
	set_cmd 'set -e; echo hello > /tmp/f; cat /tmp/f; mkdir -p /tmp/a/b; rm -r /tmp/a; ls / >/dev/null
		ps >/dev/null; id -u; date +%Y >/dev/null; sleep 0.01; uname -s; (echo sub) | cat; wc -l < /etc/passwd
		probe sys '"$NR_acct"' 0; probe sys '"$NR_listmount"' 0 0 0 0; probe mount /tmp; echo end'
	run_container
	assert_success
	assert_output "hello
0
Linux
sub
3
sys=EPERM
sys=ENOSYS
mount=EPERM
end"
	# sys=ENOSYS: listmount (Linux 6.8, EFAULT here without a filter) is newer than any syscall
	# of the profile libseccomp 2.5.4 resolves: a syscall the profile cannot know returns ENOSYS
	# (so libc falls back to an older one), not the default EPERM
}

@test "seccomp: SCMP_ACT_KILL, KILL_THREAD and KILL_PROCESS kill the process (exit 159 = 128+SIGSYS)" {
	for action in SCMP_ACT_KILL SCMP_ACT_KILL_THREAD SCMP_ACT_KILL_PROCESS; do
		allow_all_but "[{\"names\": [\"sync\"], \"action\": \"$action\"}]"
		set_args probe sys "$NR_sync"
		run_container
		assert_status 159
		refute_output_contains sys=
		# a syscall that is not listed still works under the same filter
		set_args probe sys "$NR_sched_get_priority_max" 1
		run_container
		assert_success
		assert_output sys=99
	done
}

@test "seccomp: SCMP_ACT_LOG lets the syscall run, SCMP_ACT_TRACE without a tracer fails it with ENOSYS, SCMP_ACT_ALLOW under an ERRNO default" {
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [
		{\"names\": [\"sched_get_priority_max\"], \"action\": \"SCMP_ACT_LOG\"},
		{\"names\": [\"sync\"], \"action\": \"SCMP_ACT_TRACE\"}]}"
	set_cmd "probe sys $NR_sched_get_priority_max 1; probe sys $NR_sync"
	run_container
	assert_success
	assert_output "sys=99
sys=ENOSYS"

	# an allow-list: the Docker-like profile with sync taken out, under its ERRNO default
	profile=$(jq '.defaultErrnoRet = 95 | .syscalls |= map(.names -= ["sync"])' "$FIXTURES/seccomp/docker-default.json")
	set_seccomp "$profile"
	run_container
	assert_success
	assert_output "sys=99
sys=EOPNOTSUPP"
}

@test "seccomp: SCMP_ACT_TRAP sends a SIGSYS the process can catch; KILL_PROCESS cannot be caught" {
	allow_all_but '[{"names": ["sync"], "action": "SCMP_ACT_TRAP"}]'
	set_args probe trap-sys "$NR_sync"
	run_container
	assert_success
	assert_output_contains "sigsys=$NR_sync"
	# without a handler SIGSYS kills
	set_args probe sys "$NR_sync"
	run_container
	assert_status 159

	allow_all_but '[{"names": ["sync"], "action": "SCMP_ACT_KILL_PROCESS"}]'
	set_args probe trap-sys "$NR_sync"
	run_container
	assert_status 159
	refute_output_contains sigsys=
}

@test "seccomp: argument conditions with every operator" {
	allow_all_but '[
		{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 15,
			"args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
		{"names": ["getpgid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 10,
			"args": [{"index": 0, "value": 0, "op": "SCMP_CMP_NE"}]},
		{"names": ["sched_get_priority_max"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18,
			"args": [{"index": 0, "value": 1, "op": "SCMP_CMP_LT"}]},
		{"names": ["sched_get_priority_min"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25,
			"args": [{"index": 0, "value": 1, "op": "SCMP_CMP_LE"}]},
		{"names": ["alarm"], "action": "SCMP_ACT_ERRNO", "errnoRet": 26,
			"args": [{"index": 0, "value": 100, "op": "SCMP_CMP_GT"}]},
		{"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 27,
			"args": [{"index": 0, "value": 448, "op": "SCMP_CMP_GE"}]},
		{"names": ["getsid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 29,
			"args": [{"index": 0, "value": 255, "valueTwo": 66, "op": "SCMP_CMP_MASKED_EQ"}]}]'
	update_config '.process.user.umask = 18'
	set_cmd "
		echo EQ; probe sys $NR_personality 8; probe sys $NR_personality 0xffffffff
		echo NE; probe sys $NR_getpgid 1; probe sys $NR_getpgid 0 | sed 's/=[0-9][0-9]*\$/=number/'
		echo LT; probe sys $NR_sched_get_priority_max 0; probe sys $NR_sched_get_priority_max 1
		echo LE; probe sys $NR_sched_get_priority_min 1; probe sys $NR_sched_get_priority_min 2
		echo GT; probe sys $NR_alarm 101; probe sys $NR_alarm 100
		echo GE; probe sys $NR_umask 448; probe sys $NR_umask 447
		echo MASKED_EQ; probe sys $NR_getsid 0x142; probe sys $NR_getsid 0x42; probe sys $NR_getsid 0x43"
	run_container
	assert_success
	# blocked with the rule's errno / let through (the kernel's answer)
	assert_output "EQ
sys=ENOTBLK
sys=0
NE
sys=ECHILD
sys=number
LT
sys=EXDEV
sys=99
LE
sys=ENOTTY
sys=1
GT
sys=ETXTBSY
sys=0
GE
sys=EFBIG
sys=18
MASKED_EQ
sys=ESPIPE
sys=ESPIPE
sys=ESRCH"
}

@test "seccomp: SCMP_ACT_NOTIFY delivers the listener fd and the container state to listenerPath" {
	sock=$TEST_WORK/seccomp.sock
	report=$TEST_WORK/report.json
	bg_start /usr/bin/python3 "$FIXTURES/seccomp-listener.py" "$sock" "$report" 4242 20
	listener=$BG_PID
	for ((i = 0; i < 100; i++)); do
		[[ -S $sock ]] && break
		sleep 0.05
	done
	[[ -S $sock ]] || fail "the listener did not start"
	set_seccomp "$(jq -n --arg p "$sock" '{defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"],
		listenerPath: $p, listenerMetadata: "berth-test-metadata",
		syscalls: [{names: ["getpriority"], action: "SCMP_ACT_NOTIFY"}]}')"
	set_cmd "probe sys $NR_getpriority 0 0; probe sys $NR_sched_get_priority_max 1"
	create_container
	assert_success
	pid=$(state_field "$CID" pid)
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	wait_pid_gone "$listener" 20
	output=$(<"$io_file")
	# the listener answered the notified syscall with 4242; the other one ran normally
	assert_equal "$output" "sys=4242
sys=99"
	run jq -c . "$report"
	assert_success
	jq -e '.error == ""' "$report" >/dev/null || fail "listener error: $(jq -r .error "$report")"
	assert_equal "$(jq -r .fds "$report")" 1 "fds received"
	assert_equal "$(jq -r .fd_is_seccomp "$report")" true "the fd is a seccomp notify fd"
	assert_equal "$(jq -c .state.fds "$report")" '["seccompFd"]' "state.fds"
	assert_equal "$(jq -r .state.pid "$report")" "$pid" "state.pid (the container process)"
	assert_equal "$(jq -r .state.metadata "$report")" berth-test-metadata "state.metadata"
	[[ $(jq -r .state.ociVersion "$report") == 1.* ]] || fail "state.ociVersion: $(jq -r .state.ociVersion "$report")"
	assert_equal "$(jq -r .state.state.id "$report")" "$CID" "state.state.id"
	assert_equal "$(jq -r .state.state.pid "$report")" "$pid" "state.state.pid"
	assert_equal "$(jq -r .state.state.bundle "$report")" "$BUNDLE" "state.state.bundle"
	[[ $(jq -r .state.state.status "$report") =~ ^(creating|created)$ ]] ||
		fail "state.state.status: $(jq -r .state.state.status "$report")"
	assert_equal "$(jq -c '[.notifications[] | .nr]' "$report")" "[$NR_getpriority]" "notified syscalls"
}

@test "seccomp: SCMP_ACT_NOTIFY whose listenerPath nobody listens on fails and leaves nothing" {
	set_seccomp "$(jq -n --arg p "$TEST_WORK/nobody.sock" '{defaultAction: "SCMP_ACT_ALLOW",
		listenerPath: $p, syscalls: [{names: ["getpriority"], action: "SCMP_ACT_NOTIFY"}]}')"
	expect_create_error linux.seccomp.listenerPath
}

@test "seccomp: unknown action, operator, architecture, defaultAction and flag are refused, naming the field" {
	allow_all_but '[{"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}, {"names": ["sync"], "action": "SCMP_ACT_BOGUS"}]'
	expect_create_error "linux.seccomp.syscalls[1].action" SCMP_ACT_BOGUS

	allow_all_but '[{"names": ["sync"], "action": "SCMP_ACT_ERRNO",
		"args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_BOGUS"}]}]'
	expect_create_error "linux.seccomp.syscalls[0].args[1].op" SCMP_CMP_BOGUS

	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_BOGUS"],
		"syscalls": [{"names": ["sync"], "action": "SCMP_ACT_ERRNO"}]}'
	expect_create_error "linux.seccomp.architectures[1]" SCMP_ARCH_BOGUS

	set_seccomp '{"defaultAction": "SCMP_ACT_BOGUS", "syscalls": [{"names": ["sync"], "action": "SCMP_ACT_ALLOW"}]}'
	expect_create_error linux.seccomp.defaultAction SCMP_ACT_BOGUS

	set_seccomp '{"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/nonexistent.sock", "syscalls": [{"names": ["sync"], "action": "SCMP_ACT_ALLOW"}]}'
	expect_create_error linux.seccomp.defaultAction SCMP_ACT_NOTIFY

	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_BOGUS"],
		"syscalls": [{"names": ["sync"], "action": "SCMP_ACT_ERRNO"}]}'
	expect_create_error "linux.seccomp.flags[0]" SECCOMP_FILTER_FLAG_BOGUS
}

@test "seccomp: unknown syscall names are skipped, the rest of the rule applies" {
	allow_all_but '[{"names": ["berth_no_such_syscall", "sync", "another_future_syscall"], "action": "SCMP_ACT_ERRNO", "errnoRet": 99}]'
	set_cmd "probe sys $NR_sync; probe sys $NR_sched_get_priority_max 1"
	run_container
	assert_success
	assert_output "sys=EADDRNOTAVAIL
sys=99"
}

@test "seccomp: flags SECCOMP_FILTER_FLAG_LOG, SPEC_ALLOW and TSYNC are accepted" {
	requires_berth "runc 1.1.5: seccomp flags are not yet supported by runc"
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"],
		"syscalls": [{"names": ["sync"], "action": "SCMP_ACT_ERRNO", "errnoRet": 99}]}'
	set_cmd "probe sys $NR_sync"
	run_container
	assert_success
	assert_output sys=EADDRNOTAVAIL
}

@test "seccomp: exec'd processes get the container's filter" {
	allow_all_but '[{"names": ["sync"], "action": "SCMP_ACT_ERRNO", "errnoRet": 99}]'
	set_args probe sleep 100
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	run runtime exec "$CID" probe sys "$NR_sync"
	assert_success
	assert_output sys=EADDRNOTAVAIL
	run runtime exec "$CID" sh -c 'grep ^Seccomp: /proc/self/status'
	assert_success
	assert_output_matches $'Seccomp:[ \t]+2'
	# with --process the same
	write_process_json "$TEST_WORK/p.json" '.process.args = ["probe", "sys", $n]' --arg n "$NR_sync"
	run runtime exec --process "$TEST_WORK/p.json" "$CID"
	assert_success
	assert_output sys=EADDRNOTAVAIL
}

@test "seccomp: installed after the runtime's setup (noNewPrivileges): a profile denying mount, pivot_root, setuid, capset, prctl still runs" {
	setup_calls='["mount", "umount2", "pivot_root", "chroot", "sethostname", "setdomainname", "setresuid",
		"setresgid", "setuid", "setgid", "setgroups", "capset", "prctl", "keyctl", "unshare", "setns",
		"mount_setattr", "open_tree", "move_mount", "fsopen", "fsmount", "fsconfig", "setrlimit", "prlimit64"]'
	allow_all_but "[{\"names\": $setup_calls, \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 95}]"
	update_config '.process.noNewPrivileges = true | .hostname = "late" | .process.user = {"uid": 1000, "gid": 1000, "additionalGids": [2000]}
		| .process.rlimits = [{"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]'
	add_namespace uts
	set_cmd 'hostname; id -u; id -G; probe mount /tmp; probe sethostname x; grep ^Seccomp: /proc/self/status'
	run_container
	assert_success
	assert_line 0 late
	assert_line 1 1000
	assert_line 2 "1000 2000"
	assert_line 3 mount=EOPNOTSUPP
	assert_line 4 sethostname=EOPNOTSUPP
	assert_output_matches $'Seccomp:[ \t]+2'
}

@test "seccomp: features lists every action and operator, the native architecture and the flags" {
	run "$RUNTIME" features
	assert_success
	missing=$(json_missing '.linux.seccomp.actions' SCMP_ACT_ALLOW SCMP_ACT_ERRNO SCMP_ACT_KILL SCMP_ACT_KILL_PROCESS \
		SCMP_ACT_KILL_THREAD SCMP_ACT_LOG SCMP_ACT_NOTIFY SCMP_ACT_TRACE SCMP_ACT_TRAP)
	[[ -z $missing ]] || fail "features: seccomp actions missing: $missing"
	missing=$(json_missing '.linux.seccomp.operators' SCMP_CMP_EQ SCMP_CMP_NE SCMP_CMP_LT SCMP_CMP_LE SCMP_CMP_GT \
		SCMP_CMP_GE SCMP_CMP_MASKED_EQ)
	[[ -z $missing ]] || fail "features: seccomp operators missing: $missing"
	missing=$(json_missing '.linux.seccomp.archs' SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32)
	[[ -z $missing ]] || fail "features: seccomp archs missing: $missing"
	jq -e '.linux.seccomp.enabled == true' >/dev/null <<<"$output" || fail "features: seccomp not enabled"
	if is_berth; then # runc 1.1.5 has no seccomp flags
		for key in knownFlags supportedFlags; do
			missing=$(json_missing ".linux.seccomp.$key" SECCOMP_FILTER_FLAG_TSYNC SECCOMP_FILTER_FLAG_LOG \
				SECCOMP_FILTER_FLAG_SPEC_ALLOW)
			[[ -z $missing ]] || fail "features: seccomp $key missing: $missing"
		done
	fi
}
