#!/usr/bin/env bats
# The root filesystem and the process: pivot_root, /proc /sys /dev, mounts, devices,
# masked and read-only paths, propagation, sysctl, personality, and the process fields
# (cwd, env, user, umask, rlimits, oomScoreAdj, noNewPrivileges).

load helpers

# Prints "MOUNTPOINT FSTYPE OPTIONAL-FIELDS" for every mount, from inside the container.
MOUNT_TABLE='awk '"'"'{opt=""; for (i = 7; $i != "-"; i++) opt = opt " " $i; print $5, $(i+1), opt}'"'"' /proc/self/mountinfo'

# mount_line MOUNTPOINT: the line for MOUNTPOINT in $output (printed by $MOUNT_TABLE)
mount_line() {
	printf '%s\n' "${lines[@]}" | awk -v m="$1" '$1 == m' | tail -n 1
}

@test "pivot_root: / is the bundle's rootfs, host files and host mounts are not visible" {
	touch "$ROOTFS/inside-marker"
	set_cmd "stat -c %d:%i /; ls -a /; [ -e '$TEST_WORK' ] && echo HOST-VISIBLE; echo ---; $MOUNT_TABLE"
	run_container
	assert_success
	# the root directory is the rootfs directory itself
	assert_line 0 "$(stat -c %d:%i "$ROOTFS")"
	assert_output_contains inside-marker
	refute_output_contains HOST-VISIBLE
	# after pivot_root and detaching the old root, only the container's own mounts remain
	in_table=0
	for l in "${lines[@]}"; do
		[[ $l == --- ]] && in_table=1 && continue
		((in_table)) || continue
		mp=${l%% *}
		[[ $mp == / || $mp =~ ^/(proc|dev|sys)(/|$) ]] || fail "host mount visible in the container: $l"
	done
}

@test "--no-pivot: the container still runs in its rootfs" {
	touch "$ROOTFS/inside-marker"
	set_cmd "stat -c %d:%i /; ls /; [ -e '$TEST_WORK' ] && echo HOST-VISIBLE; echo \$\$"
	run_container --no-pivot
	assert_success
	assert_line 0 "$(stat -c %d:%i "$ROOTFS")"
	assert_output_contains inside-marker
	refute_output_contains HOST-VISIBLE
	assert_line -1 1
}

@test "root.readonly: writing to / fails; readonly false: it works" {
	update_config '.root.readonly = true'
	# stdout and stderr may reach us through separate pipes (runc copies them): one stream
	set_cmd 'exec 2>&1; touch /newfile && echo WROTE; grep -E "^[0-9]+ [0-9]+ [^ ]+ [^ ]+ / " /proc/self/mountinfo'
	run_container
	assert_success
	refute_output_contains WROTE
	assert_output_contains "Read-only file system"
	root_line=$(printf '%s\n' "${lines[@]}" | grep -E '^[0-9]+ [0-9]+ ' | tail -n 1)
	[[ $(awk '{print $6}' <<<"$root_line") == ro* ]] || fail "/ is not mounted ro: $root_line"
	[[ ! -e $ROOTFS/newfile ]] || fail "file appeared on the host"

	update_config '.root.readonly = false'
	run_container
	assert_success
	assert_output_contains WROTE
	[[ -e $ROOTFS/newfile ]] || fail "file not written into the rootfs"
}

@test "/proc, /sys, /dev, /dev/pts, /dev/shm, /dev/mqueue are mounted with their types" {
	set_cmd "$MOUNT_TABLE"
	run_container
	assert_success
	for pair in /proc:proc /sys:sysfs /dev:tmpfs /dev/pts:devpts /dev/shm:tmpfs /dev/mqueue:mqueue; do
		mp=${pair%%:*}
		want=${pair#*:}
		l=$(mount_line "$mp")
		[[ -n $l ]] || fail "$mp is not a mount point" "$output"
		assert_equal "$(awk '{print $2}' <<<"$l")" "$want" "type of $mp"
	done
	# /proc is the container's own: pid 1 is the container process
	set_cmd 'cat /proc/1/cmdline | tr "\0" " "; echo; ls /proc | grep -E "^[0-9]+$" | wc -l'
	run_container
	assert_success
	[[ ${lines[0]} == "sh -c "* ]] || fail "pid 1 is not the container's sh: ${lines[0]}"
	[[ ${lines[1]} -lt 5 ]] || fail "host processes visible in /proc: ${lines[1]}"
}

@test "/dev: default devices and symlinks" {
	set_cmd 'for d in null zero full random urandom tty; do stat -c "%n %F %t:%T %a" /dev/$d; done
		for l in fd stdin stdout stderr ptmx; do echo "/dev/$l -> $(readlink /dev/$l)"; done
		echo hello > /dev/null && echo null-ok
		head -c 4 /dev/zero | od -An -tx1 | tr -d " "
		head -c 16 /dev/urandom | wc -c
		echo x > /dev/full || echo full-enospc
		ls /dev/fd/ | grep -qx 0 && echo fd-ok
		test -c /dev/pts/ptmx && echo pts-ptmx-ok'
	run_container
	assert_success
	assert_output_contains "/dev/null character special file 1:3 666"
	assert_output_contains "/dev/zero character special file 1:5 666"
	assert_output_contains "/dev/full character special file 1:7 666"
	assert_output_contains "/dev/random character special file 1:8 666"
	assert_output_contains "/dev/urandom character special file 1:9 666"
	assert_output_contains "/dev/tty character special file 5:0 666"
	assert_output_contains "/dev/fd -> /proc/self/fd"
	assert_output_contains "/dev/stdin -> /proc/self/fd/0"
	assert_output_contains "/dev/stdout -> /proc/self/fd/1"
	assert_output_contains "/dev/stderr -> /proc/self/fd/2"
	assert_output_contains "/dev/ptmx -> pts/ptmx"
	assert_output_contains null-ok
	assert_output_contains 00000000
	assert_output_contains $'\n16\n'
	assert_output_contains full-enospc
	assert_output_contains fd-ok
	assert_output_contains pts-ptmx-ok
	# nothing of the host's /dev (its disks) shows up
	set_cmd 'ls /dev'
	run_container
	assert_success
	for dev in /dev/vd? /dev/sd? /dev/nvme?n? /dev/loop0; do
		[[ -e $dev ]] || continue
		! printf '%s\n' "${lines[@]}" | grep -qxF "${dev#/dev/}" || fail "host device $dev visible in the container"
	done
}

@test "mounts: bind ro, bind rw, file bind" {
	mkdir -p "$TEST_WORK/hostdir"
	echo hello >"$TEST_WORK/hostdir/hello"
	echo filebind >"$TEST_WORK/hostfile"
	update_config '.mounts += [
		{"destination": "/mnt/ro", "type": "bind", "source": $d, "options": ["bind", "ro"]},
		{"destination": "/mnt/rw", "type": "bind", "source": $d, "options": ["bind", "rw"]},
		{"destination": "/etc/hostfile", "type": "bind", "source": $f, "options": ["bind", "ro"]}]' \
		--arg d "$TEST_WORK/hostdir" --arg f "$TEST_WORK/hostfile"
	set_cmd 'exec 2>&1; cat /mnt/ro/hello; touch /mnt/ro/new-ro && echo RO-WROTE; touch /mnt/rw/new-rw && echo RW-WROTE; cat /etc/hostfile'
	run_container
	assert_success
	assert_line 0 hello
	refute_output_contains RO-WROTE
	assert_output_contains RW-WROTE
	assert_output_contains filebind
	[[ ! -e $TEST_WORK/hostdir/new-ro ]] || fail "ro bind was writable"
	[[ -e $TEST_WORK/hostdir/new-rw ]] || fail "rw bind write not visible on the host"
}

# A host directory with a tmpfs mounted under it (removed in teardown).
host_dir_with_submount() {
	mkdir -p "$TEST_WORK/hostdir/sub"
	echo top >"$TEST_WORK/hostdir/top"
	mount -t tmpfs -o size=1m tmpfs "$TEST_WORK/hostdir/sub"
	defer "umount -l '$TEST_WORK/hostdir/sub'"
	echo inner >"$TEST_WORK/hostdir/sub/inner"
}

@test "mounts: rbind carries submounts, bind does not" {
	host_dir_with_submount
	update_config '.mounts += [
		{"destination": "/mnt/b", "type": "bind", "source": $d, "options": ["bind"]},
		{"destination": "/mnt/rb", "type": "bind", "source": $d, "options": ["rbind"]}]' \
		--arg d "$TEST_WORK/hostdir"
	set_cmd 'cat /mnt/b/top /mnt/rb/top; echo b:$(cat /mnt/b/sub/inner 2>/dev/null); echo rb:$(cat /mnt/rb/sub/inner)'
	run_container
	assert_success
	assert_output_contains "b:"$'\n'
	assert_output_contains "rb:inner"
	refute_output_contains "b:inner"$'\n'"rb"
}

@test "mounts: rro makes submounts read-only too" {
	run "$RUNTIME" features
	if [[ $status -ne 0 ]] || ! jq -e '.mountOptions | index("rro")' >/dev/null <<<"$output"; then
		skip "$RUNTIME_NAME features does not list rro"
	fi
	host_dir_with_submount
	update_config '.mounts += [{"destination": "/mnt/rro", "type": "bind", "source": $d, "options": ["rbind", "rro"]}]' \
		--arg d "$TEST_WORK/hostdir"
	set_cmd 'exec 2>&1; cat /mnt/rro/sub/inner; touch /mnt/rro/a && echo TOP-WROTE; touch /mnt/rro/sub/b && echo SUB-WROTE; true'
	run_container
	assert_success
	assert_line 0 inner
	refute_output_contains TOP-WROTE
	refute_output_contains SUB-WROTE
}

@test "mounts: tmpfs with size, mode and nosuid/nodev/noexec" {
	update_config '.mounts += [{"destination": "/mnt/t", "type": "tmpfs", "source": "tmpfs",
		"options": ["size=1m", "mode=0710", "nosuid", "nodev", "noexec"]}]'
	set_cmd 'stat -c %a /mnt/t; grep " /mnt/t " /proc/self/mountinfo; echo x > /mnt/t/f && echo tmpfs-written'
	run_container
	assert_success
	assert_line 0 710
	l=${lines[1]}
	[[ $l == *" - tmpfs "* ]] || fail "not tmpfs: $l"
	[[ $l == *size=1024k* ]] || fail "size not applied: $l"
	[[ $l == *mode=710* ]] || fail "mode not applied: $l"
	opts=$(awk '{print $6}' <<<"$l")
	for o in nosuid nodev noexec; do
		[[ ,$opts, == *,$o,* ]] || fail "$o not applied: $l"
	done
	assert_output_contains tmpfs-written
}

@test "mounts: propagation options rslave, rprivate, shared on bind mounts" {
	# A shared host mount; a mount made under it after start reaches only the slave copy.
	mkdir -p "$TEST_WORK/prop/sub"
	mount --bind "$TEST_WORK/prop" "$TEST_WORK/prop"
	defer "umount -l '$TEST_WORK/prop'"
	mount --make-shared "$TEST_WORK/prop"
	# with "/" private the bind sources would be private copies, and "rslave" a no-op
	update_config '.linux.rootfsPropagation = "rslave"'
	bind_shared
	update_config '.mounts += [
		{"destination": "/mnt/slave", "type": "bind", "source": $d, "options": ["rbind", "rslave"]},
		{"destination": "/mnt/private", "type": "bind", "source": $d, "options": ["rbind", "rprivate"]},
		{"destination": "/mnt/shared", "type": "bind", "source": $d, "options": ["rbind", "shared"]}]' \
		--arg d "$TEST_WORK/prop"
	set_cmd "echo > /shared/ready; while [ ! -e /shared/go ]; do sleep 0.05; done
		echo slave:\$(cat /mnt/slave/sub/late 2>/dev/null); echo private:\$(cat /mnt/private/sub/late 2>/dev/null)
		$MOUNT_TABLE"
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_file "$SHARED/ready"
	mount -t tmpfs -o size=1m tmpfs "$TEST_WORK/prop/sub"
	defer "umount -l '$TEST_WORK/prop/sub'"
	echo yes >"$TEST_WORK/prop/sub/late"
	touch "$SHARED/go"
	wait_status "$CID" stopped
	output=$(<"$io_file")
	mapfile -t lines <<<"$output"
	assert_output_contains "slave:yes"
	assert_output_contains "private:"$'\n'
	[[ $(mount_line /mnt/slave) == *master:* ]] || fail "/mnt/slave is not a slave: $(mount_line /mnt/slave)"
	[[ $(mount_line /mnt/private) != *master:* && $(mount_line /mnt/private) != *shared:* ]] ||
		fail "/mnt/private is not private: $(mount_line /mnt/private)"
	[[ $(mount_line /mnt/shared) == *shared:* ]] || fail "/mnt/shared is not shared: $(mount_line /mnt/shared)"
}

# Makes the bundle a shared mount on the host, so propagation into the rootfs is observable.
shared_bundle() {
	mkdir -p "$ROOTFS/mnt/late"
	mount --bind "$BUNDLE" "$BUNDLE"
	defer "umount -l '$BUNDLE'"
	mount --make-shared "$BUNDLE"
}

# rootfs_propagation_case VALUE: prints what the container saw of a late host mount
rootfs_propagation_case() {
	update_config '.linux.rootfsPropagation = $p' --arg p "$1"
	bind_shared
	set_cmd "echo > /shared/ready; while [ ! -e /shared/go ]; do sleep 0.05; done
		echo late:\$(cat /mnt/late/file 2>/dev/null); $MOUNT_TABLE"
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	wait_file "$SHARED/ready"
	mount -t tmpfs -o size=1m tmpfs "$ROOTFS/mnt/late"
	defer "umount -l '$ROOTFS/mnt/late'"
	echo seen >"$ROOTFS/mnt/late/file"
	touch "$SHARED/go"
	wait_status "$CID" stopped
	output=$(<"$io_file")
	mapfile -t lines <<<"$output"
	# the container's own mounts never propagate back to the host
	! grep -qE " $ROOTFS/(proc|dev|sys)" /proc/self/mountinfo || fail "container mounts leaked to the host"
}

@test "rootfsPropagation rslave: host mounts reach the container" {
	shared_bundle
	rootfs_propagation_case rslave
	assert_output_contains late:seen
	[[ $(mount_line /) == *master:* ]] || fail "/ is not a slave: $(mount_line /)"
}

@test "rootfsPropagation private: host mounts do not reach the container" {
	shared_bundle
	rootfs_propagation_case private
	assert_output_contains "late:"$'\n'
	[[ $(mount_line /) != *master:* && $(mount_line /) != *shared:* ]] || fail "/ is not private: $(mount_line /)"
}

@test "linux.devices: a device node with major, minor, mode, uid and gid" {
	update_config '.linux.devices = [
		{"path": "/dev/berth-null", "type": "c", "major": 1, "minor": 3, "fileMode": 416, "uid": 1000, "gid": 2000},
		{"path": "/dev/sub/berth-zero", "type": "c", "major": 1, "minor": 5, "fileMode": 420, "uid": 0, "gid": 0}]'
	set_cmd 'stat -c "%n %F %t:%T %a %u:%g" /dev/berth-null /dev/sub/berth-zero'
	run_container
	assert_success
	assert_line 0 "/dev/berth-null character special file 1:3 640 1000:2000"
	assert_line 1 "/dev/sub/berth-zero character special file 1:5 644 0:0"
}

@test "maskedPaths: a masked file reads empty, a masked directory is empty" {
	echo s3cret >"$ROOTFS/secret.txt"
	mkdir -p "$ROOTFS/secretdir"
	echo s3cret >"$ROOTFS/secretdir/inner"
	update_config '.linux.maskedPaths += ["/secret.txt", "/secretdir", "/does/not/exist", "/proc/kcore"]'
	set_cmd 'echo file:$(cat /secret.txt); echo dir:$(ls -A /secretdir); echo kcore:$(head -c 8 /proc/kcore | wc -c)
		touch /secretdir/x 2>/dev/null && echo DIR-WRITABLE; true'
	run_container
	assert_success
	assert_output_contains "file:"$'\n'
	assert_output_contains "dir:"$'\n'
	assert_output_contains "kcore:0"
	refute_output_contains s3cret
	refute_output_contains DIR-WRITABLE
	# the rootfs itself is untouched
	assert_equal "$(cat "$ROOTFS/secret.txt")" s3cret
}

@test "readonlyPaths: writes there fail, elsewhere they work" {
	update_config '.root.readonly = false | .linux.readonlyPaths += ["/rodir", "/does/not/exist", "/proc/sys"]'
	mkdir -p "$ROOTFS/rodir"
	echo keep >"$ROOTFS/rodir/f"
	set_cmd 'echo x > /rodir/f || echo RO-REFUSED; touch /rodir/new || echo RO-REFUSED2; touch /rwfile && echo RW-OK
		echo 1 > /proc/sys/kernel/domainname 2>/dev/null || echo PROCSYS-RO'
	run_container
	assert_success
	assert_output_contains RO-REFUSED
	assert_output_contains RO-REFUSED2
	assert_output_contains RW-OK
	assert_output_contains PROCSYS-RO
	assert_equal "$(cat "$ROOTFS/rodir/f")" keep
}

@test "linux.sysctl: set inside the container's network namespace only" {
	host_before=$(cat /proc/sys/net/ipv4/ip_forward)
	want=$((1 - host_before))
	add_namespace network
	update_config '.linux.sysctl = {"net.ipv4.ip_forward": $v}' --arg v "$want"
	set_cmd 'cat /proc/sys/net/ipv4/ip_forward'
	run_container
	assert_success
	assert_output "$want"
	assert_equal "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_before" "host ip_forward"
}

@test "linux.sysctl: keys in sysctl(8)'s slash form name the same files" {
	add_namespace network
	update_config '.linux.sysctl = {"net/ipv4/conf/lo/forwarding": "1", "net/ipv4/ip_default_ttl": "42"}'
	set_cmd 'cat /proc/sys/net/ipv4/conf/lo/forwarding /proc/sys/net/ipv4/ip_default_ttl'
	run_container
	assert_success
	assert_line 0 1
	assert_line 1 42
}

@test "linux.personality LINUX32: uname -m prints i686" {
	requires_berth "runc 1.1.5 ignores linux.personality"
	update_config '.linux.personality = {"domain": "LINUX32"}'
	set_cmd 'uname -m'
	run_container
	assert_success
	assert_output i686
}

@test "process: cwd and env" {
	mkdir -p "$ROOTFS/work/dir"
	update_config '.process.cwd = "/work/dir" | .process.env = ["PATH=/bin", "A=1", "B=two words", "EMPTY="]'
	set_cmd 'pwd; echo "A=$A"; echo "B=$B"; env | sort'
	BERTH_LEAK_CHECK=leaked run_container
	assert_success
	assert_line 0 /work/dir
	assert_line 1 "A=1"
	assert_line 2 "B=two words"
	assert_output_contains "EMPTY="
	refute_output_contains BERTH_LEAK_CHECK
	refute_output_contains TEST_WORK
}

@test "process.user: uid, gid, additionalGids" {
	chmod 0777 "$SHARED"
	bind_shared
	update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [2000, 65534]}'
	set_cmd 'id -u; id -g; grep -E "^(Groups|Uid|Gid):" /proc/self/status; touch /shared/owned'
	run_container
	assert_success
	assert_line 0 1000
	assert_line 1 1000
	assert_output_matches $'Groups:[ \t]+2000 65534'
	assert_output_matches $'Uid:[ \t]+1000[ \t]+1000[ \t]+1000[ \t]+1000'
	assert_output_matches $'Gid:[ \t]+1000[ \t]+1000[ \t]+1000[ \t]+1000'
	assert_equal "$(stat -c %u:%g "$SHARED/owned")" 1000:1000 "owner of a created file"
}

@test "process.user.umask" {
	update_config '.process.user.umask = 63'
	set_cmd 'umask; touch /tmp/f; mkdir /tmp/d; stat -c %a /tmp/f /tmp/d'
	update_config '.root.readonly = false'
	run_container
	assert_success
	assert_line 0 0077
	assert_line 1 600
	assert_line 2 700
}

@test "process.rlimits: RLIMIT_NOFILE and RLIMIT_CORE within the hard limits" {
	# never raise a limit above the caller's hard limit: root here lacks CAP_SYS_RESOURCE
	hard=$(ulimit -Hn)
	soft=$((hard < 512 ? hard / 2 : 256))
	update_config '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": $s, "hard": $h},
		{"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]' --argjson s "$soft" --argjson h "$((soft + 1))"
	set_cmd 'ulimit -n; ulimit -Hn; ulimit -c'
	run_container
	assert_success
	assert_line 0 "$soft"
	assert_line 1 "$((soft + 1))"
	assert_line 2 0
}

@test "process.oomScoreAdj" {
	host=$(cat /proc/self/oom_score_adj)
	want=$((host < 500 ? 500 : host))
	update_config '.process.oomScoreAdj = $v' --argjson v "$want"
	set_cmd 'cat /proc/self/oom_score_adj'
	run_container
	assert_success
	assert_output "$want"
	assert_equal "$(cat /proc/self/oom_score_adj)" "$host" "caller's oom_score_adj"
}

@test "process.noNewPrivileges: true sets NoNewPrivs, false does not" {
	update_config '.process.noNewPrivileges = true'
	set_cmd 'grep NoNewPrivs /proc/self/status'
	run_container
	assert_success
	assert_output_matches $'NoNewPrivs:[ \t]+1'
	update_config '.process.noNewPrivileges = false'
	run_container
	assert_success
	assert_output_matches $'NoNewPrivs:[ \t]+0'
}
