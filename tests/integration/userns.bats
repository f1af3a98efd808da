#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# User namespaces: linux.uidMappings/gidMappings, ownership of what the container creates and
# of its /dev, joining an existing user namespace (with joined network and uts namespaces:
# the two-stage join), and bad mappings.

load helpers
load privileges

MAPPED=100000 # host id of the container's root
MAP_SIZE=65536

# wait_for_sleep PID: until PID runs "sleep 100" (after unshare/sh exec'd it)
wait_for_sleep() {
	local i
	for ((i = 0; i < 100; i++)); do
		[[ $(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null) == sleep100 ]] && return 0
		sleep 0.05
	done
	fail "process $1 did not reach 'sleep 100'"
}

@test "userns: root inside is $MAPPED outside: id, uid_map, gid_map, setgroups, files created on a bind mount" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	chown "$MAPPED:$MAPPED" "$SHARED"
	bind_shared
	echo secret >"$TEST_WORK/host-root-file"
	chmod 0644 "$TEST_WORK/host-root-file"
	# the rootfs belongs to the host's root, which the container cannot write: mount points exist
	mkdir "$ROOTFS/shared"
	touch "$ROOTFS/host-root-file"
	caps='["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL"]'
	update_config '.process.capabilities = {bounding: $c, effective: $c, permitted: $c, inheritable: [], ambient: []}' --argjson c "$caps"
	update_config '.mounts += [{"destination": "/host-root-file", "type": "bind", "source": $f, "options": ["bind", "rw"]}]' \
		--arg f "$TEST_WORK/host-root-file"
	set_cmd 'exec 2>&1; id -u; id -g; awk "{print \$1, \$2, \$3}" /proc/self/uid_map /proc/self/gid_map; cat /proc/self/setgroups
		touch /shared/file; mkdir /shared/dir; chown 1000:2000 /shared/file && echo chowned
		echo x >> /host-root-file && echo HOST-FILE-WRITTEN; stat -c %u:%g /host-root-file'
	run_container
	assert_success
	assert_output "0
0
0 $MAPPED $MAP_SIZE
0 $MAPPED $MAP_SIZE
allow
chowned
sh: can't create /host-root-file: Permission denied
65534:65534"
	assert_equal "$(stat -c %u:%g "$SHARED/dir")" "$MAPPED:$MAPPED" "owner of a directory the container made"
	assert_equal "$(stat -c %u:%g "$SHARED/file")" "$((MAPPED + 1000)):$((MAPPED + 2000))" "owner after chown 1000:2000 inside"
	assert_equal "$(cat "$TEST_WORK/host-root-file")" secret "host root's file"
}

@test "userns: /dev, /dev/pts, /dev/shm, /dev/mqueue and tmpfs mounts belong to the mapped root" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	update_config '.mounts += [{"destination": "/mnt/t", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}]'
	mkdir -p "$ROOTFS/mnt/t"
	set_cmd 'stat -c "%n %u:%g" /dev /dev/pts /dev/pts/ptmx /dev/shm /dev/mqueue /mnt/t; stat -c "%n %F %t:%T" /dev/null /dev/zero /dev/tty
		echo x > /dev/null && echo null-ok; echo y > /dev/shm/f && echo shm-ok; echo ready; exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_output_line "$io_file" ready
	output=$(<"$io_file")
	for p in /dev /dev/pts /dev/pts/ptmx /dev/shm /dev/mqueue /mnt/t; do
		if [[ $p == /dev/mqueue ]] && ! is_berth; then
			assert_output_contains "$p 0:" # runc 1.1.5 mounts it before its setgid(0): 0:65534
			continue
		fi
		assert_output_contains "$p 0:0"
	done
	assert_output_contains "/dev/null character special file 1:3"
	assert_output_contains "/dev/zero character special file 1:5"
	assert_output_contains "/dev/tty character special file 5:0"
	assert_output_contains null-ok
	assert_output_contains shm-ok
	# the same from the host: the mapped root owns them
	pid=$(state_field "$CID" pid)
	for p in /dev /dev/shm /dev/shm/f /mnt/t; do
		assert_equal "$(stat -c %u:%g "/proc/$pid/root$p")" "$MAPPED:$MAPPED" "host view of the owner of $p"
	done
}

@test "userns: create, then start (the exec fifo is opened by the mapped root)" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	set_cmd 'id -u; awk "{print \$1, \$2, \$3}" /proc/self/uid_map'
	create_container
	assert_success
	assert_equal "$(state_field "$CID" status)" created "status after create"
	pid=$(state_field "$CID" pid)
	[[ $pid -gt 0 && -d /proc/$pid ]] || fail "no init process after create (pid $pid)"
	assert_equal "$(awk '$1 == "Uid:" {print $2}' "/proc/$pid/status")" "$MAPPED" "host uid of the created init"
	run runtime start "$CID"
	assert_success
	wait_status "$CID" stopped
	output=$(<"$io_file")
	assert_output "0
0 $MAPPED $MAP_SIZE"
}

@test "userns: joining a user namespace by path together with its network and uts namespaces" {
	# a user namespace (0 -> $MAPPED) owning a network and a uts namespace, held by a sleep
	bg_start unshare --user --net --uts sleep 100
	owner=$BG_PID
	wait_for_sleep "$owner"
	echo "0 $MAPPED $MAP_SIZE" >"/proc/$owner/uid_map"
	echo "0 $MAPPED $MAP_SIZE" >"/proc/$owner/gid_map"
	nsenter -t "$owner" --user --uts hostname joined-uts
	make_traversable "$ROOTFS"
	update_config 'del(.hostname) | del(.linux.uidMappings) | del(.linux.gidMappings)'
	if ! is_berth; then
		# runc 1.1.5 insists on mappings for a joined user namespace (the ones it has)
		update_config '.linux.uidMappings = [{"containerID": 0, "hostID": $h, "size": $s}]
			| .linux.gidMappings = [{"containerID": 0, "hostID": $h, "size": $s}]' \
			--argjson h "$MAPPED" --argjson s "$MAP_SIZE"
	fi
	set_namespaces pid ipc mount
	add_namespace user "/proc/$owner/ns/user"
	add_namespace network "/proc/$owner/ns/net"
	add_namespace uts "/proc/$owner/ns/uts"
	set_cmd 'for t in user net uts pid; do readlink /proc/self/ns/$t; done; hostname; id -u; awk "{print \$1, \$2, \$3}" /proc/self/uid_map; echo $$; ls /sys/class/net'
	run_container
	assert_success
	assert_line 0 "$(readlink "/proc/$owner/ns/user")"
	assert_line 1 "$(readlink "/proc/$owner/ns/net")"
	assert_line 2 "$(readlink "/proc/$owner/ns/uts")"
	[[ ${lines[3]} != "$(readlink "/proc/$owner/ns/pid")" ]] || fail "no new pid namespace"
	assert_line 4 joined-uts
	assert_line 5 0
	assert_line 6 "0 $MAPPED $MAP_SIZE"
	assert_line 7 1
	assert_line 8 lo
}

@test "userns: joining another container's user and network namespaces from /proc/<pid>/ns" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	set_namespaces pid ipc mount uts network user
	set_cmd 'exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID-a"
	assert_success
	pid_a=$(state_field "$CID-a" pid)

	is_berth && update_config 'del(.linux.uidMappings) | del(.linux.gidMappings)' # runc 1.1.5 needs them
	set_namespaces pid ipc mount uts
	add_namespace user "/proc/$pid_a/ns/user"
	add_namespace network "/proc/$pid_a/ns/net"
	set_cmd 'for t in user net; do readlink /proc/self/ns/$t; done; id -u; awk "{print \$1, \$2, \$3}" /proc/self/uid_map; touch /tmp/b-file; stat -c %u /tmp/b-file'
	update_config '.root.readonly = false'
	chmod 1777 "$ROOTFS/tmp"
	run_container
	assert_success
	assert_line 0 "$(readlink "/proc/$pid_a/ns/user")"
	assert_line 1 "$(readlink "/proc/$pid_a/ns/net")"
	assert_line 2 0
	assert_line 3 "0 $MAPPED $MAP_SIZE"
	assert_line 4 0
	assert_equal "$(stat -c %u "$ROOTFS/tmp/b-file")" "$MAPPED" "host owner of a file B made"
}

@test "userns: 340 mapping lines work" {
	userns_mapping "$MAPPED" 1
	# short host ids: the kernel takes a map only in one write of less than a page (4 KiB)
	update_config '.linux.uidMappings = [range(340) | {containerID: ., hostID: (10000 + .), size: 1}]
		| .linux.gidMappings = [range(340) | {containerID: ., hostID: (10000 + .), size: 1}]'
	set_cmd 'wc -l < /proc/self/uid_map; wc -l < /proc/self/gid_map; id -u'
	run_container
	assert_success
	assert_output "340
340
0"
}

@test "userns: bad mappings are refused, naming the field: overlapping container or host ids, 341 lines" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	# container ids overlap
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}, {"containerID": 500, "hostID": 200000, "size": 10}]'
	expect_create_error "linux.uidMappings[1]"
	# host ids overlap
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 10}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 10}, {"containerID": 10, "hostID": 100005, "size": 10}]'
	expect_create_error "linux.gidMappings[1]"
	# more than the kernel's 340 lines
	update_config '.linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 10}]
		| .linux.uidMappings = [range(341) | {containerID: ., hostID: (100000 + .), size: 1}]'
	expect_create_error linux.uidMappings 340
}

@test "userns: mappings without a user namespace are refused" {
	requires_berth "runc 1.1.5 ignores the mappings and runs without a user namespace"
	remove_namespace user
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 10}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 10}]'
	expect_create_error linux.uidMappings
}

@test "userns: a new user namespace without mappings is refused" {
	requires_berth "runc 1.1.5 starts the container with unmapped ids"
	add_namespace user
	update_config 'del(.linux.uidMappings) | del(.linux.gidMappings)'
	expect_create_error linux.uidMappings
}
