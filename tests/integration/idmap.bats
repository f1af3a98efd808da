#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# Idmapped bind mounts: mounts[].uidMappings/gidMappings and the idmap/ridmap options
# (mount_setattr MOUNT_ATTR_IDMAP). The sources are on the filesystem of the test directory
# (ext4 here) and on tmpfs (idmapped mounts since Linux 6.3). runc 1.1.5 has no idmapped
# mounts: every test here is berth-only.
#
# A mapping {containerID: C, hostID: H} makes a file whose on-disk owner is C appear as H
# (a host id) in the mount: with the container's user namespace mapping 0 -> 100000, the
# on-disk root's files appear as the container's root.

load helpers
load privileges

MAPPED=100000
MAP_SIZE=65536

setup() {
	berth_setup
	requires_berth "runc 1.1.5 has no idmapped mounts"
	mkdir -p "$TEST_WORK/src/dir"
	echo root >"$TEST_WORK/src/root-file"
	echo user >"$TEST_WORK/src/user-file"
	chown 1000:2000 "$TEST_WORK/src/user-file"
	chmod 0755 "$TEST_WORK/src" "$TEST_WORK/src/dir"
	mkdir -p "$ROOTFS/idm" "$ROOTFS/plain"
	caps='["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL"]'
	update_config '.process.capabilities = {bounding: $c, effective: $c, permitted: $c, inheritable: [], ambient: []}' --argjson c "$caps"
}

# idmap_mount DEST OPTIONS_JSON [MAPPINGS]: a bind of $TEST_WORK/src at DEST; MAPPINGS "yes"
# adds uidMappings/gidMappings 0 -> $MAPPED
idmap_mount() {
	if [[ ${3:-} == yes ]]; then
		update_config '.mounts += [{"destination": $d, "type": "bind", "source": $s, "options": $o,
			"uidMappings": [{"containerID": 0, "hostID": $h, "size": $n}],
			"gidMappings": [{"containerID": 0, "hostID": $h, "size": $n}]}]' \
			--arg d "$1" --arg s "$TEST_WORK/src" --argjson o "$2" --argjson h "$MAPPED" --argjson n "$MAP_SIZE"
	else
		update_config '.mounts += [{"destination": $d, "type": "bind", "source": $s, "options": $o}]' \
			--arg d "$1" --arg s "$TEST_WORK/src" --argjson o "$2"
	fi
}

STAT_SCRIPT='exec 2>&1; for m in /idm /plain; do stat -c "%n %u:%g" $m/root-file $m/user-file; done
	touch /idm/new-file && echo idm-created; mkdir /idm/new-dir && echo idm-mkdir
	touch /plain/new-plain && echo PLAIN-CREATED; stat -c "%n %u:%g" /idm/new-file'

check_idmapped_view() {
	assert_success
	assert_output_contains "/idm/root-file 0:0"
	assert_output_contains "/idm/user-file 1000:2000"
	# the same directory without idmapping: the host's root is nobody in the container
	assert_output_contains "/plain/root-file 65534:65534"
	assert_output_contains "/plain/user-file 65534:65534"
	assert_output_contains idm-created
	assert_output_contains idm-mkdir
	refute_output_contains PLAIN-CREATED
	assert_output_contains "/idm/new-file 0:0"
	# on disk, what the container's root created belongs to root (through the mapping back)
	assert_equal "$(stat -c %u:%g "$TEST_WORK/src/new-file" "$TEST_WORK/src/new-dir" | sort -u)" 0:0 "on-disk owner of created files"
}

@test "idmap: mounts[].uidMappings/gidMappings map on-disk ids into a user-namespaced container" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	idmap_mount /idm '["bind"]' yes
	idmap_mount /plain '["bind"]'
	set_cmd "$STAT_SCRIPT"
	run_container
	check_idmapped_view
}

@test "idmap: the idmap option alone takes the container's user namespace mapping" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	idmap_mount /idm '["bind", "idmap"]'
	idmap_mount /plain '["bind"]'
	set_cmd "$STAT_SCRIPT"
	run_container
	check_idmapped_view
}

@test "idmap: ridmap idmaps the submounts of an rbind (tmpfs too), idmap only the top" {
	mount -t tmpfs -o size=1m,mode=0755 tmpfs "$TEST_WORK/src/dir"
	defer "umount -l '$TEST_WORK/src/dir'"
	echo sub >"$TEST_WORK/src/dir/sub-file"
	mkdir -p "$ROOTFS/ridm"
	userns_mapping "$MAPPED" "$MAP_SIZE"
	idmap_mount /ridm '["rbind", "ridmap"]' yes
	idmap_mount /idm '["rbind", "idmap"]' yes
	set_cmd 'for m in /ridm /idm; do stat -c "%n %u:%g" $m/root-file $m/dir/sub-file; done'
	run_container
	assert_success
	assert_output "/ridm/root-file 0:0
/ridm/dir/sub-file 0:0
/idm/root-file 0:0
/idm/dir/sub-file 65534:65534"
}

@test "idmap: mount mappings without a container user namespace" {
	# on-disk 1000 (user-file's owner) appears as 3000 in the mount; other ids are unmapped
	update_config '.mounts += [{"destination": "/idm", "type": "bind", "source": $s, "options": ["bind"],
		"uidMappings": [{"containerID": 1000, "hostID": 3000, "size": 1}],
		"gidMappings": [{"containerID": 2000, "hostID": 4000, "size": 1}]}]' --arg s "$TEST_WORK/src"
	set_cmd 'stat -c "%n %u:%g" /idm/user-file /idm/root-file'
	run_container
	assert_success
	assert_output "/idm/user-file 3000:4000
/idm/root-file 65534:65534"
}

@test "idmap: on a filesystem that cannot take it (a procfs bind) or on a non-bind mount: a clear error naming the mount" {
	userns_mapping "$MAPPED" "$MAP_SIZE"
	update_config '.mounts += [{"destination": "/hostproc", "type": "bind", "source": "/proc", "options": ["rbind", "idmap"]}]'
	mkdir -p "$ROOTFS/hostproc"
	n=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_create_error "mounts[$n]" /hostproc
	! grep -q " $ROOTFS/hostproc " /proc/self/mountinfo || fail "the procfs bind was left mounted"

	update_config 'del(.mounts[-1]) | .mounts += [{"destination": "/mnt/t", "type": "tmpfs", "source": "tmpfs", "options": ["idmap"]}]'
	n=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_create_error "mounts[$n]" /mnt/t
}

@test "idmap: the idmap option without any user namespace or mappings is refused" {
	update_config '.mounts += [{"destination": "/idm", "type": "bind", "source": $s, "options": ["bind", "idmap"]}]' --arg s "$TEST_WORK/src"
	n=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_create_error "mounts[$n]" /idm
}

@test "idmap: features lists idmap mounts" {
	run "$RUNTIME" features
	assert_success
	jq -e '.linux.mountExtensions.idmap.enabled == true' >/dev/null <<<"$output" || fail "features: $(jq -c .linux.mountExtensions <<<"$output")"
	for o in idmap ridmap; do
		jq -e --arg o "$o" '.mountOptions | index($o)' >/dev/null <<<"$output" || fail "features.mountOptions lacks $o"
	done
}
