#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# The privilege-related process fields: noNewPrivileges against a setuid binary, rlimits
# above the hard limit (root here lacks CAP_SYS_RESOURCE), oomScoreAdj below the caller's,
# additionalGids exactly as given, user.username, umask for exec. rootfs.bats covers the
# plain cases of these fields.

load helpers
load privileges

NR_geteuid=107

@test "a non-root process.user: create, then start runs the process (the init opens the exec fifo after setuid)" {
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	set_cmd 'id -u'
	create_container
	assert_success
	assert_equal "$(state_field "$CID" status)" created "status after create"
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	assert_equal "$(<"$io_file")" 1000 "the process's output"
}

@test "rlimits: a hard limit above the caller's without CAP_SYS_RESOURCE is an error naming the rlimit" {
	hard=$(ulimit -Hn)
	[[ $hard != unlimited ]] || skip "RLIMIT_NOFILE hard limit is unlimited"
	if (($(printf '%d' "0x$(awk '$1 == "CapEff:" {print $2}' /proc/self/status)") & (1 << 24))); then
		skip "the caller has CAP_SYS_RESOURCE"
	fi
	update_config '.process.rlimits = [{"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
		{"type": "RLIMIT_NOFILE", "soft": $h, "hard": $h}]' --argjson h "$((hard + 1))"
	expect_create_error RLIMIT_NOFILE "process.rlimits[1]"
	[[ $(ulimit -Hn) == "$hard" ]] || fail "the caller's hard limit changed"
}

@test "rlimits: an unknown rlimit type is refused, naming it" {
	update_config '.process.rlimits = [{"type": "RLIMIT_BERTH_BOGUS", "soft": 1, "hard": 1}]'
	expect_create_error RLIMIT_BERTH_BOGUS "process.rlimits[0]"
}

@test "rlimits: a non-root process gets the limits (set before the uid change)" {
	hard=$(ulimit -Hn)
	soft=$((hard < 512 ? hard / 2 : 300))
	update_config '.process.user = {"uid": 1000, "gid": 1000}
		| .process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": $s, "hard": $h}]' \
		--argjson s "$soft" --argjson h "$hard"
	set_cmd 'id -u; ulimit -n; ulimit -Hn'
	run_container
	assert_success
	assert_output "1000
$soft
$hard"
}

@test "noNewPrivileges: a setuid-root binary does not raise the euid; without it, it does" {
	install_probe
	cp "$ROOTFS/bin/probe" "$ROOTFS/bin/suidprobe"
	chown 0:0 "$ROOTFS/bin/suidprobe"
	chmod 4755 "$ROOTFS/bin/suidprobe"
	update_config '.process.user = {"uid": 1000, "gid": 1000} | .process.noNewPrivileges = true'
	set_cmd "suidprobe sys $NR_geteuid; grep NoNewPrivs /proc/self/status"
	run_container
	assert_success
	assert_line 0 sys=1000
	assert_output_matches $'NoNewPrivs:[ \t]+1'

	update_config '.process.noNewPrivileges = false'
	run_container
	assert_success
	assert_line 0 sys=0
	assert_output_matches $'NoNewPrivs:[ \t]+0'
}

@test "noNewPrivileges: exec --no-new-privs and process.noNewPrivileges for exec'd processes" {
	install_probe
	cp "$ROOTFS/bin/probe" "$ROOTFS/bin/suidprobe"
	chown 0:0 "$ROOTFS/bin/suidprobe"
	chmod 4755 "$ROOTFS/bin/suidprobe"
	update_config '.process.noNewPrivileges = false'
	set_cmd 'exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	run runtime exec --user 1000:1000 --no-new-privs "$CID" suidprobe sys "$NR_geteuid"
	assert_success
	assert_output sys=1000
	run runtime exec --user 1000:1000 "$CID" suidprobe sys "$NR_geteuid"
	assert_success
	assert_output sys=0
	write_process_json "$TEST_WORK/p.json" '.process.args = ["suidprobe", "sys", $n] | .process.noNewPrivileges = true
		| .process.user = {"uid": 1000, "gid": 1000}' --arg n "$NR_geteuid"
	run runtime exec --process "$TEST_WORK/p.json" "$CID"
	assert_success
	assert_output sys=1000
}

@test "oomScoreAdj: below the caller's value needs CAP_SYS_RESOURCE: a clear error naming it" {
	if (($(printf '%d' "0x$(awk '$1 == "CapEff:" {print $2}' /proc/self/status)") & (1 << 24))); then
		skip "the caller has CAP_SYS_RESOURCE"
	fi
	host=$(cat /proc/self/oom_score_adj)
	((host > -1000)) || skip "the caller's oom_score_adj is already -1000"
	update_config '.process.oomScoreAdj = $v' --argjson v "$((host - 1))"
	expect_create_error oomScoreAdj
	assert_equal "$(cat /proc/self/oom_score_adj)" "$host" "the caller's oom_score_adj"
}

@test "additionalGids: exactly the given groups, none added from the image's /etc/group" {
	# /etc/group in the rootfs puts user test (1000) in group extra (2000)
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	set_cmd 'grep -E "^Groups:" /proc/self/status; id -G'
	run_container
	assert_success
	assert_output_matches $'^Groups:[ \t]*\n1000$'

	update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [4242, 2000]}'
	run_container
	assert_success
	assert_output_matches $'^Groups:[ \t]+2000 4242[ \t]*\n'
}

@test "user.username is informational on Linux: uid and gid decide" {
	update_config '.process.user = {"uid": 1000, "gid": 1000, "username": "root"}'
	set_cmd 'id -u; id -g'
	run_container
	assert_success
	assert_output "1000
1000"
	update_config '.process.user = {"uid": 0, "gid": 0, "username": "test"}'
	run_container
	assert_success
	assert_output "0
0"
}

@test "umask: an exec'd process gets its own process.user.umask" {
	requires_berth "runc 1.1.5 gives exec'd processes umask 0022 whatever process.user.umask says"
	update_config '.process.user.umask = 63'
	set_cmd 'exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	write_process_json "$TEST_WORK/p.json" '.process.args = ["sh", "-c", "umask"] | .process.user.umask = 2'
	run runtime exec --process "$TEST_WORK/p.json" "$CID"
	assert_success
	assert_output 0002
	run runtime exec "$CID" sh -c umask
	assert_success
	assert_output 0077
}
