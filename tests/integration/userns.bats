#!/usr/bin/env bats
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
	set_cmd 'stat -c "%n %u:%g" /dev /dev/pts /dev/pts/ptmx /dev/shm /dev/mqueue /mnt/t; stat -c "%n %F %t:%T" /dev/null /dev/zero /dev/tty
		echo x > /dev/null && echo null-ok; echo y > /dev/shm/f && echo shm-ok; echo ready; exec sleep 100'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_output_line "$io_file" ready
	output=$(<"$io_file")
	for p in /dev /dev/pts /dev/pts/ptmx /dev/shm /dev/mqueue /mnt/t; do
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

@test "userns: joining a user namespace by path together with its network and uts namespaces" {
	bg_start unshare --user --net --uts sh -c 'hostname joined-uts && exec sleep 100'
	owner=$BG_PID
	wait_for_sleep "$owner"
	echo "0 $MAPPED $MAP_SIZE" >"/proc/$owner/uid_map"
	echo "0 $MAPPED $MAP_SIZE" >"/proc/$owner/gid_map"
	make_traversable "$ROOTFS"
	update_config 'del(.hostname) | del(.linux.uidMappings) | del(.linux.gidMappings)'
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

	update_config 'del(.linux.uidMappings) | del(.linux.gidMappings)'
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
	update_config '.linux.uidMappings = [range(340) | {containerID: ., hostID: (100000 + .), size: 1}]
		| .linux.gidMappings = [range(340) | {containerID: ., hostID: (100000 + .), size: 1}]'
	set_cmd 'wc -l < /proc/self/uid_map; wc -l < /proc/self/gid_map; id -u'
	run_container
	assert_success
	assert_output "340
340
0"
}

@test "userns: bad mappings are refused, naming the field: overlaps, 341 lines, no user namespace, none for a new one" {
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
	# mappings without a user namespace
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 10}]'
	remove_namespace user
	expect_create_error linux.uidMappings
}

@test "userns: a new user namespace without mappings is refused" {
	requires_berth "runc 1.1.5 starts the container with unmapped ids (uid 65534)"
	add_namespace user
	update_config 'del(.linux.uidMappings) | del(.linux.gidMappings)'
	expect_create_error linux.uidMappings
}
