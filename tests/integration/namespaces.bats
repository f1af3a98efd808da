#!/usr/bin/env bats
# linux.namespaces: new ones, joined ones by path, hostname/domainname, timeOffsets.

load helpers

# ns_inside TYPE...: prints "type:[inode]" per namespace type, from inside the container
ns_script() {
	local s='' t
	for t in "$@"; do
		s+="readlink /proc/self/ns/$t; "
	done
	echo "$s"
}

@test "pid namespace: the container process is pid 1" {
	set_namespaces pid mount uts
	set_cmd 'echo $$; exec cat /proc/self/stat'
	run_container
	assert_success
	assert_line 0 1
	[[ ${lines[1]} == "1 (cat) "* ]] || fail "cat after exec is not pid 1: ${lines[1]}"
}

@test "network namespace: only the loopback interface" {
	set_namespaces pid mount uts network
	set_cmd 'ls /sys/class/net; echo ---; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'
	run_container
	assert_success
	assert_output "lo
---
lo"
}

@test "uts namespace: hostname is set, the host's is untouched" {
	host_name=$(hostname)
	set_namespaces pid mount uts
	update_config '.hostname = "berth-box"'
	set_cmd 'hostname; cat /proc/sys/kernel/hostname'
	run_container
	assert_success
	assert_line 0 berth-box
	assert_line 1 berth-box
	assert_equal "$(hostname)" "$host_name" "host hostname"
}

@test "uts namespace: domainname is set" {
	requires_berth "runc 1.1.5 ignores domainname"
	host_domain=$(cat /proc/sys/kernel/domainname)
	set_namespaces pid mount uts
	update_config '.hostname = "berth-box" | .domainname = "berth.test"'
	set_cmd 'cat /proc/sys/kernel/domainname'
	run_container
	assert_success
	assert_output berth.test
	assert_equal "$(cat /proc/sys/kernel/domainname)" "$host_domain" "host domainname"
}

@test "new namespaces differ from the host's: ipc, uts, mnt, net, pid, cgroup" {
	set_namespaces pid network ipc uts mount cgroup
	set_cmd "$(ns_script ipc uts mnt net pid cgroup)"
	run_container
	assert_success
	i=0
	for t in ipc uts mnt net pid cgroup; do
		[[ ${lines[$i]} == "$t:["*"]" ]] || fail "bad ns link for $t: ${lines[$i]}"
		[[ ${lines[$i]} != "$(host_ns "$t")" ]] || fail "$t namespace is the host's: ${lines[$i]}"
		i=$((i + 1))
	done
}

@test "namespaces not listed are the host's (network, ipc, cgroup)" {
	set_namespaces pid mount uts
	set_cmd "$(ns_script net ipc cgroup)"
	run_container
	assert_success
	assert_line 0 "$(host_ns net)"
	assert_line 1 "$(host_ns ipc)"
	assert_line 2 "$(host_ns cgroup)"
}

@test "cgroup namespace: the container sees its cgroups as /" {
	set_namespaces pid mount uts cgroup
	set_cmd 'cat /proc/self/cgroup'
	run_container
	assert_success
	for l in "${lines[@]}"; do
		[[ $l == *:/ ]] || fail "cgroup path not / inside a cgroup namespace: $l"
	done
}

@test "joining namespaces by path: a bind-mounted network namespace and a process's uts namespace" {
	# a persistent network namespace (bind mount of nsfs under TEST_WORK)
	touch "$TEST_WORK/netns"
	unshare --net="$TEST_WORK/netns" true
	defer "umount -l '$TEST_WORK/netns'"
	netns="net:[$(stat -L -c %i "$TEST_WORK/netns")]"
	[[ $netns != "$(host_ns net)" ]] || fail "could not make a network namespace"

	# a process in its own uts namespace with its own hostname
	bg_start unshare --uts sh -c 'hostname joined-uts && exec sleep 100'
	uts_pid=$BG_PID
	for ((i = 0; i < 100; i++)); do
		[[ $(readlink "/proc/$uts_pid/ns/uts") != "$(host_ns uts)" && $(tr -d '\0' <"/proc/$uts_pid/cmdline") == sleep100 ]] && break
		sleep 0.05
	done

	add_namespace network "$TEST_WORK/netns"
	add_namespace uts "/proc/$uts_pid/ns/uts"
	update_config 'del(.hostname)'
	set_cmd "$(ns_script net uts) hostname"
	run_container
	assert_success
	assert_line 0 "$netns"
	assert_line 1 "$(readlink "/proc/$uts_pid/ns/uts")"
	assert_line 2 joined-uts
}

@test "time namespace with linux.timeOffsets: monotonic and boottime shifted" {
	requires_berth "runc 1.1.5 has no time namespace (\"namespace {time} does not exist\") and ignores timeOffsets"
	add_namespace time
	update_config '.linux.timeOffsets = {"monotonic": {"secs": 86400, "nanosecs": 0}, "boottime": {"secs": 172800, "nanosecs": 0}}'
	set_cmd "$(ns_script time) cat /proc/self/timens_offsets; cut -d. -f1 /proc/uptime"
	run_container
	assert_success
	[[ ${lines[0]} == "time:["*"]" && ${lines[0]} != "$(host_ns time)" ]] || fail "time namespace: ${lines[0]}"
	assert_equal "$(awk '$1 == "monotonic" {print $2, $3}' <<<"$output")" "86400 0" "monotonic offset"
	assert_equal "$(awk '$1 == "boottime" {print $2, $3}' <<<"$output")" "172800 0" "boottime offset"
	host_uptime=$(cut -d. -f1 /proc/uptime)
	((${lines[-1]} >= host_uptime + 172800 - 5)) || fail "uptime inside ${lines[-1]} not shifted (host $host_uptime)"
}
