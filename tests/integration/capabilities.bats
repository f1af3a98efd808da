#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2086,SC2154
# process.capabilities: the five sets around the uid change, unknown names, and what a
# process without capabilities cannot do. Root on these machines lacks CAP_SYS_RESOURCE:
# no set here contains it.

load helpers
load privileges

# set_caps BOUNDING EFFECTIVE PERMITTED INHERITABLE AMBIENT: each a space-separated list
set_caps() {
	update_config '.process.capabilities = {
		bounding: ($b | split(" ") | map(select(. != ""))),
		effective: ($e | split(" ") | map(select(. != ""))),
		permitted: ($p | split(" ") | map(select(. != ""))),
		inheritable: ($i | split(" ") | map(select(. != ""))),
		ambient: ($a | split(" ") | map(select(. != "")))}' \
		--arg b "$1" --arg e "$2" --arg p "$3" --arg i "$4" --arg a "$5"
}

@test "capabilities: root gets the bounding, inheritable and ambient sets; permitted = effective = bounding after exec" {
	B="CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_SYS_CHROOT CAP_AUDIT_WRITE"
	I="CAP_KILL CAP_NET_BIND_SERVICE"
	A="CAP_NET_BIND_SERVICE"
	set_caps "$B" "$B" "$B" "$I" "$A"
	update_config '.process.user = {"uid": 0, "gid": 0}'
	set_cmd 'grep ^Cap /proc/self/status'
	run_container
	assert_success
	read -r bnd eff prm inh amb < <(status_caps <<<"$output")
	# root without file capabilities: the exec gives it the whole bounding set (| inheritable)
	assert_equal "$bnd" "$(cap_mask $B)" CapBnd
	assert_equal "$eff" "$(cap_mask $B)" CapEff
	assert_equal "$prm" "$(cap_mask $B)" CapPrm
	assert_equal "$inh" "$(cap_mask $I)" CapInh
	assert_equal "$amb" "$(cap_mask $A)" CapAmb
}

@test "capabilities: a non-root user keeps its sets across the uid change (created init and after exec)" {
	B="CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_KILL CAP_SETGID CAP_SETUID CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT CAP_AUDIT_WRITE"
	P="CAP_CHOWN CAP_KILL CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SETUID"
	E="CAP_CHOWN CAP_NET_RAW"
	I="CAP_CHOWN CAP_KILL CAP_NET_BIND_SERVICE"
	A="CAP_CHOWN CAP_NET_BIND_SERVICE" # ambient needs permitted and inheritable
	set_caps "$B" "$E" "$P" "$I" "$A"
	update_config '.process.user = {"uid": 1000, "gid": 1000} | .root.readonly = false'
	# CAP_CHOWN (ambient, so effective after exec) lets uid 1000 give its file away
	set_cmd 'grep ^Cap /proc/self/status; id -u; touch /tmp/mine && chown 2000:2000 /tmp/mine && stat -c chowned:%u:%g /tmp/mine'
	create_container
	assert_success
	pid=$(state_field "$CID" pid)
	# Before exec the init holds exactly the five sets of the spec (the exec recomputes them).
	status=$(<"/proc/$pid/status")
	[[ $status =~ Uid:[[:space:]]+1000[[:space:]] ]] || fail "the created init is not uid 1000" "$status"
	read -r bnd eff prm inh amb < <(status_caps <<<"$status")
	assert_equal "$bnd" "$(cap_mask $B)" "CapBnd (created)"
	assert_equal "$eff" "$(cap_mask $E)" "CapEff (created)"
	assert_equal "$prm" "$(cap_mask $P)" "CapPrm (created)"
	assert_equal "$inh" "$(cap_mask $I)" "CapInh (created)"
	assert_equal "$amb" "$(cap_mask $A)" "CapAmb (created)"

	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	output=$(<"$io_file")
	read -r bnd eff prm inh amb < <(status_caps <<<"$output")
	# non-root without file capabilities: after exec, permitted = effective = ambient
	assert_equal "$bnd" "$(cap_mask $B)" CapBnd
	assert_equal "$inh" "$(cap_mask $I)" CapInh
	assert_equal "$amb" "$(cap_mask $A)" CapAmb
	assert_equal "$prm" "$(cap_mask $A)" CapPrm
	assert_equal "$eff" "$(cap_mask $A)" CapEff
	assert_output_contains $'\n1000\n'
	assert_output_contains chowned:2000:2000
}

@test "capabilities: a non-root user without capabilities cannot chown" {
	set_caps "CAP_CHOWN" "" "" "" ""
	update_config '.process.user = {"uid": 1000, "gid": 1000} | .root.readonly = false'
	set_cmd 'exec 2>&1; grep ^Cap /proc/self/status; touch /tmp/mine; chown 2000 /tmp/mine && echo CHOWNED; stat -c %u /tmp/mine'
	run_container
	assert_success
	read -r bnd eff prm inh amb < <(status_caps <<<"$output")
	assert_equal "$bnd" "$(cap_mask CAP_CHOWN)" CapBnd
	assert_equal "$eff$prm$inh$amb" "0000000000000000000000000000000000000000000000000000000000000000" "CapEff/Prm/Inh/Amb"
	refute_output_contains CHOWNED
	assert_line -1 1000
}

@test "capabilities: an unknown name in any set is refused, naming process.capabilities.<set>[i]" {
	requires_berth "runc 1.1.5 ignores unknown capabilities with a warning"
	for set in bounding effective permitted inheritable ambient; do
		set_caps "CAP_CHOWN CAP_KILL" "CAP_CHOWN CAP_KILL" "CAP_CHOWN CAP_KILL" "CAP_KILL" ""
		update_config '.process.capabilities[$s] += ["CAP_BERTH_BOGUS"]' --arg s "$set"
		n=$(jq --arg s "$set" '.process.capabilities[$s] | length - 1' "$BUNDLE/config.json")
		expect_create_error "process.capabilities.${set}[$n]" CAP_BERTH_BOGUS
	done
	# exec --cap with an unknown name: refused as well, the container is untouched
	set_caps "CAP_CHOWN" "CAP_CHOWN" "CAP_CHOWN" "" ""
	set_cmd 'exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	run runtime exec --cap CAP_BERTH_BOGUS "$CID" true
	assert_failure
	assert_output_contains CAP_BERTH_BOGUS
	assert_equal "$(state_field "$CID" status)" running
}

# Modules: when the kernel has no module support, init_module fails with ENOSYS before
# any capability check, for root too; then ENOSYS is the best a container can show.
module_errnos() {
	local host
	host=$(cd / && "$PROBE" init_module | head -n 1)
	if [[ $host == init_module=ENOSYS ]]; then
		echo "EPERM|ENOSYS"
	else
		echo "EPERM"
	fi
}

@test "capabilities: with empty sets, mount, sethostname, init_module and ptrace fail with EPERM" {
	install_probe
	modules=$(module_errnos)
	host_name=$(hostname)
	set_caps "" "" "" "" ""
	update_config '.process.user = {"uid": 0, "gid": 0} | .hostname = "capbox"'
	add_namespace uts
	set_cmd 'probe mount /tmp; probe sethostname evil; hostname; probe init_module; grep ^Cap /proc/self/status; echo ready; exec probe sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_output_line "$io_file" ready
	output=$(<"$io_file")
	assert_output_contains mount=EPERM
	assert_output_contains sethostname=EPERM
	assert_output_contains $'\ncapbox\n'
	assert_output_matches "init_module=($modules)"$'\n'"finit_module=($modules)"
	read -r bnd eff prm inh amb < <(status_caps <<<"$output")
	assert_equal "$bnd$eff$prm$inh$amb" "$(printf '0%.0s' {1..80})" "all five sets empty"

	# A target for ptrace with a capability the attacker lacks (CAP_KILL, 0x20): an exec'd
	# process of the same uid. The attacker (no capabilities) may attach to pid 1 (same uid,
	# no capabilities either: the control), never to the target.
	write_process_json "$TEST_WORK/target.json" '.process.args = ["probe", "sleep", "100"] |
		.process.capabilities = {bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"], inheritable: [], ambient: []}'
	run_detached runtime exec --detach --process "$TEST_WORK/target.json" "$CID"
	assert_success
	write_process_json "$TEST_WORK/attacker.json" '.process.args = ["sh", "-c", $s]' --arg s '
		for s in /proc/[0-9]*/status; do
			if grep -q "^CapPrm:.*0000000000000020" "$s" 2>/dev/null; then p=${s#/proc/}; probe ptrace ${p%/status}; fi
		done; probe ptrace 1'
	run runtime exec --process "$TEST_WORK/attacker.json" "$CID"
	assert_success
	assert_output "ptrace=EPERM
ptrace=OK"
	assert_equal "$(hostname)" "$host_name" "host hostname"
	! grep -q berth-probe /proc/self/mountinfo || fail "a mount reached the host"
}

@test "capabilities: features lists every capability the running kernel knows" {
	run "$RUNTIME" features
	assert_success
	last=$(cat /proc/sys/kernel/cap_last_cap)
	((last <= 40)) || skip "the kernel knows capabilities newer than CAP_CHECKPOINT_RESTORE"
	names=(CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID
		CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW
		CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT
		CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD
		CAP_LEASE CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG
		CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE)
	missing=$(json_missing '.linux.capabilities' "${names[@]:0:last+1}")
	[[ -z $missing ]] || fail "features: capabilities missing: $missing"
}
