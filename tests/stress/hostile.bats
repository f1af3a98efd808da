#!/usr/bin/env bats
# shellcheck disable=SC2016
# Hostile images: what tests/integration/escapes.bats does not cover already (it has mount
# destinations through symlinks, /proc as an absolute symlink, masked paths and the image's
# /dev/null). Here: /dev, /sys and /proc (relative) as symlinks out of the rootfs, the /dev
# entries the runtime mounts on (pts, shm, mqueue) as symlinks, /etc/passwd and /etc/group
# pointing at host files, mount destinations with literal ".." components, device nodes that
# the image brings, a setuid-root binary, and an image with a huge number of files and a deep
# tree. Each time: nothing on the host changes, no mount lands outside the rootfs, and a
# refusal names the path.

load stress_helpers

setup() {
	stress_setup
	install_probe
	# the tests write in the rootfs (error files, the setuid checks)
	update_config '.root.readonly = false'
}

# A host directory that is a shared mount, and a rootfs with shared propagation: a mount the
# runtime wrongly makes there (through a symlink) propagates back and shows on the host.
make_host_dir() {
	HOST_DIR=$TEST_WORK/host-dir
	mkdir -p "$HOST_DIR"
	echo original >"$HOST_DIR/file"
	mount --bind "$HOST_DIR" "$HOST_DIR"
	defer "umount -l '$HOST_DIR'"
	mount --make-shared "$HOST_DIR"
	update_config '.linux.rootfsPropagation = "shared"'
	HOST_DIR_BEFORE=$(host_dir_state)
}

host_dir_state() {
	find "$HOST_DIR" -printf '%p %y %m %s %u:%g\n' | sort
	grep -F -- "$HOST_DIR" /proc/self/mountinfo | awk '{print $4, $5, $9}'
	cat "$HOST_DIR/file"
}

assert_host_dir_untouched() {
	assert_equal "$(host_dir_state)" "$HOST_DIR_BEFORE" "the host directory (listing, mounts, content)"
}

# rel_to_host PATH: a relative symlink target that climbs out of any rootfs to the host PATH
rel_to_host() {
	echo "../../../../../../../../../../../..$1"
}

# run_hostile WHAT NAME...: runs the container, which prints "inside-ok" when it works; the
# outcome is a run that worked or a refusal naming one of the NAMEs. Nothing of the host dir
# changes; the outcome is recorded in OUTCOMES.
run_hostile() {
	local what=$1 name ok=
	shift
	run runtime run --bundle "$BUNDLE" "$CID" </dev/null
	if [[ $status -eq 0 ]]; then
		assert_output_contains inside-ok
		OUTCOMES+=("$what: ran, resolved inside the rootfs")
	else
		assert_clean_outcome
		for name in "$@"; do
			[[ $output == *"$name"* ]] && ok=1
		done
		[[ -n $ok ]] || fail "$what: the error does not name the path ($*): $output"
		OUTCOMES+=("$what: refused ($(head -n 1 <<<"$output" | cut -c1-100))")
	fi
	[[ -z ${HOST_DIR:-} ]] || assert_host_dir_untouched
	runtime delete --force "$CID" >/dev/null 2>&1 || true
	assert_nothing_left "$CID" "$HOST_DIR"
}

# no_dev_mount: the image's own /dev is used (no tmpfs on /dev and below)
no_dev_mount() {
	update_config '.mounts = [.mounts[] | select(.destination != "/dev" and (.destination | startswith("/dev/") | not))]'
}

fresh_dir() {
	rm -rf "${ROOTFS:?}/$1"
	mkdir -p "$ROOTFS/$1"
}

@test "hostile: /dev, /sys and /proc as symlinks out of the rootfs (absolute and ../ forms) never reach the host" {
	make_host_dir
	OUTCOMES=()
	set_cmd 'test -c /dev/null && test -d /proc/self && echo inside-ok'
	cp "$BUNDLE/config.json" "$TEST_WORK/config.orig"
	for form in abs rel; do
		target=$HOST_DIR
		[[ $form == rel ]] && target=$(rel_to_host "$HOST_DIR")
		for dir in dev sys proc; do
			[[ $dir == proc && $form == abs ]] && continue # escapes.bats has it
			rm -rf "${ROOTFS:?}/$dir"
			ln -s "$target" "$ROOTFS/$dir"
			run_hostile "/$dir -> $form" "/$dir"
			rm "$ROOTFS/$dir"
			mkdir "$ROOTFS/$dir"
		done
	done
	# /proc as a regular file
	rmdir "$ROOTFS/proc"
	echo not-proc >"$ROOTFS/proc"
	run_hostile "/proc a regular file" /proc
	rm "$ROOTFS/proc"
	mkdir "$ROOTFS/proc"
	# the image's /dev (no tmpfs on it) with pts, shm, mqueue, and the default devices as symlinks out
	no_dev_mount
	update_config '.mounts += [{"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
		{"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "size=65536k"]},
		{"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]}]'
	for form in abs rel; do
		target=$HOST_DIR
		[[ $form == rel ]] && target=$(rel_to_host "$HOST_DIR")
		fresh_dir dev
		for entry in pts shm mqueue; do
			ln -s "$target" "$ROOTFS/dev/$entry"
		done
		run_hostile "the image's /dev/{pts,shm,mqueue} -> $form" /dev/pts /dev/shm /dev/mqueue
		# the nodes and links the runtime makes in /dev, as symlinks out
		fresh_dir dev
		for entry in null zero full random urandom tty console ptmx fd stdin core; do
			ln -s "$target/$entry" "$ROOTFS/dev/$entry"
		done
		run_hostile "the image's /dev/{null,zero,tty,ptmx,fd,...} -> $form" /dev/
	done
	cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
	figure "hostile /dev,/sys,/proc symlinks: ${#OUTCOMES[@]} images, host untouched: $(printf '%s; ' "${OUTCOMES[@]}")"
}

@test "hostile: /etc/passwd and /etc/group pointing at host files: the container reads only its rootfs; the host files are untouched" {
	secret=berth-host-secret-$RANDOM$RANDOM
	printf 'root:x:0:0:%s:/root:/bin/sh\n' "$secret" >"$TEST_WORK/passwd"
	printf 'root:x:0:%s\n' "$secret" >"$TEST_WORK/group"
	chmod 0644 "$TEST_WORK/passwd" "$TEST_WORK/group"
	before=$(stat -c '%s %a %u:%g %Y' "$TEST_WORK/passwd" "$TEST_WORK/group"; cat "$TEST_WORK/passwd" "$TEST_WORK/group")
	for form in abs rel; do
		rm -f "$ROOTFS/etc/passwd" "$ROOTFS/etc/group"
		if [[ $form == abs ]]; then
			ln -s "$TEST_WORK/passwd" "$ROOTFS/etc/passwd"
			ln -s "$TEST_WORK/group" "$ROOTFS/etc/group"
		else
			ln -s "$(rel_to_host "$TEST_WORK/passwd")" "$ROOTFS/etc/passwd"
			ln -s "$(rel_to_host "$TEST_WORK/group")" "$ROOTFS/etc/group"
		fi
		# the user by number, with extra groups, as an engine passes them
		update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [2000]}
			| .process.args = ["sh", "-c", "cat /etc/passwd /etc/group 2>&1; id; echo inside-ok"]'
		run runtime run --bundle "$BUNDLE" "$CID" </dev/null
		assert_success
		assert_output_contains inside-ok
		assert_output_contains "uid=1000"
		refute_output_contains "$secret"
		assert_nothing_left "$CID"
	done
	assert_equal "$(stat -c '%s %a %u:%g %Y' "$TEST_WORK/passwd" "$TEST_WORK/group"; cat "$TEST_WORK/passwd" "$TEST_WORK/group")" \
		"$before" "the host's files"
	figure "hostile /etc/passwd,/etc/group -> host files (absolute, ../): the container saw none of them"
}

@test "hostile: mount destinations with literal .. components stay inside the rootfs" {
	make_host_dir
	OUTCOMES=()
	cp "$BUNDLE/config.json" "$TEST_WORK/config.orig"
	echo bound >"$SHARED/bound-file"
	for dest in "/../../../../../..$HOST_DIR/t" "/tmp/../../..$HOST_DIR" "/a/b/../../../../..$HOST_DIR/sub/.."; do
		cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
		update_config '.mounts += [{"destination": $d, "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"]},
			{"destination": ($d + "/b"), "type": "bind", "source": $s, "options": ["rbind"]}]' \
			--arg d "$dest" --arg s "$SHARED"
		# inside, the mounts are where the cleaned path says: under the container's /
		clean=$(realpath -m "$dest")
		set_cmd "grep -q ' $clean tmpfs ' /proc/mounts && test -f '$clean/b/bound-file' && echo inside-ok"
		run_hostile "destination $dest" "$dest" "$clean"
	done
	figure "hostile mount destinations with ..: $(printf '%s; ' "${OUTCOMES[@]}")"
}

@test "hostile: device nodes in the image (memory, kmsg, the host's disk) cannot be opened; an allowed one can" {
	disk=$(stat -c '%d' /)
	major=$((disk >> 8))
	minor=$((disk & 0xff))
	mkdir -p "$ROOTFS/evil"
	mknod -m 0666 "$ROOTFS/evil/mem" c 1 1
	mknod -m 0666 "$ROOTFS/evil/port" c 1 4
	mknod -m 0666 "$ROOTFS/evil/kmsg" c 1 11
	mknod -m 0666 "$ROOTFS/evil/disk" b "$major" "$minor"
	mknod -m 0666 "$ROOTFS/evil/null-too" c 1 3
	script='for n in mem port kmsg disk; do
		if head -c 1 /evil/$n > /dev/null 2>/tmp/err; then echo "READ $n"; else echo "denied $n: $(cat /tmp/err)"; fi
		if printf x 2>/tmp/err > /evil/$n; then echo "WROTE $n"; else echo "denied-write $n"; fi
	done
	printf x > /evil/null-too && head -c 1 /evil/null-too && echo "null-too ok"'
	for variant in default user-namespace image-dev; do
		case $variant in
		user-namespace)
			userns_mapping 100000 65536
			;;
		image-dev)
			# the image's /dev is used as it is: its nodes are where programs look
			update_config 'del(.linux.uidMappings) | del(.linux.gidMappings)
				| .linux.namespaces = [.linux.namespaces[] | select(.type != "user")]'
			no_dev_mount
			for n in mem port kmsg; do
				rm -f "$ROOTFS/dev/$n"
				mknod -m 0666 "$ROOTFS/dev/$n" c 1 "$(case $n in mem) echo 1 ;; port) echo 4 ;; kmsg) echo 11 ;; esac)"
			done
			script=${script//\/evil\/\$n/\/dev\/\$n}
			script=${script//disk/}
			;;
		esac
		set_cmd "$script"
		run_container
		assert_success
		refute_output_contains READ
		refute_output_contains WROTE
		assert_output_contains "null-too ok"
		for n in mem port kmsg; do
			assert_output_contains "denied $n: "
			assert_output_contains "denied-write $n"
		done
		[[ $variant == image-dev ]] || assert_output_contains "denied disk: "
		assert_output_contains_i "not permitted"
		assert_nothing_left "$CID"
	done
	figure "hostile device nodes (mem, port, kmsg, host disk $major:$minor): denied with the default device rules, in a user namespace, and in the image's own /dev; an allowed node (1:3) worked"
}

@test "hostile: a setuid-root binary: no new privileges with noNewPrivileges, and no capabilities without it" {
	cp "$PROBE" "$ROOTFS/bin/suidprobe"
	echo root-only >"$ROOTFS/root-only"
	# geteuid() is syscall 107 on x86_64
	set_cmd 'suidprobe sys 107; suidprobe open-write /root-only; suidprobe mount /tmp; suidprobe sethostname evil; grep NoNewPrivs /proc/self/status'
	update_config '.process.user = {"uid": 1000, "gid": 1000}
		| .process.capabilities = {bounding: [], effective: [], permitted: [], inheritable: [], ambient: []}'
	cp "$BUNDLE/config.json" "$TEST_WORK/config.orig"
	for variant in nnp no-nnp userns-nnp userns-no-nnp; do
		cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
		# the binary and the file belong to the container's root: host root, or the uid it maps to
		owner=0
		if [[ $variant == userns-* ]]; then
			owner=100000
			userns_mapping 100000 65536
		fi
		chown "$owner:$owner" "$ROOTFS/bin/suidprobe" "$ROOTFS/root-only"
		chmod 4755 "$ROOTFS/bin/suidprobe"
		chmod 0600 "$ROOTFS/root-only"
		if [[ $variant == *no-nnp ]]; then
			update_config '.process.noNewPrivileges = false'
		else
			update_config '.process.noNewPrivileges = true'
		fi
		run_container
		assert_success
		# never a capability: no mount, no hostname
		assert_output_contains "mount=EPERM"
		assert_output_contains "sethostname=EPERM"
		if [[ $variant == *no-nnp ]]; then
			# the control: without noNewPrivileges the bit works (euid 0, the owner's file
			# opens), so the checks of the other variants can tell
			assert_output_contains "sys=0"
			assert_output_contains "open_write=OK"
			assert_output_contains "NoNewPrivs:	0"
		else
			assert_output_contains "sys=1000"
			assert_output_contains "open_write=EACCES"
			assert_output_contains "NoNewPrivs:	1"
		fi
		assert_nothing_left "$CID"
	done
	figure "hostile setuid-root binary: euid stayed 1000 with noNewPrivileges (host ids and a user namespace); without it (the control) euid 0, yet mount/sethostname EPERM: no capability"
}

# make_files DIR COUNT: COUNT empty files in DIR (one python process: fast)
make_files() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
for i in range(n):
    os.close(os.open("%s/f%07d" % (d, i), os.O_CREAT | os.O_WRONLY, 0o644))
EOF
}

@test "hostile: an image with a huge number of files, a deep tree and over-long mount paths" {
	files=$(sized 20000 200000)
	# in a plain directory, in the image's /dev (the runtime makes its devices there), and
	# under a mount destination (covered by a tmpfs)
	make_files "$ROOTFS/data" "$files"
	make_files "$ROOTFS/dev" "$((files / 4))"
	make_files "$ROOTFS/covered" "$((files / 4))"
	deep=$(printf 'd%.0s/' $(seq 1 200))
	mkdir -p "$ROOTFS/${deep}m"
	before=$(find "$ROOTFS" -xdev | wc -l)
	no_dev_mount
	update_config '.mounts += [{"destination": "/covered", "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"]},
		{"destination": ("/" + $deep + "m"), "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"]}]' --arg deep "$deep"
	userns_mapping 100000 65536
	# the runtime makes its devices in the image's /dev, as the container's root
	chown 100000:100000 "$ROOTFS/dev"
	set_cmd "ls /data | wc -l; ls /dev | wc -l; ls -A /covered | wc -l; grep -c ' /d/d/d/.*/m tmpfs ' /proc/mounts; test -c /dev/null && echo inside-ok"
	start=$EPOCHREALTIME
	run_container
	seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	assert_success
	assert_output_contains inside-ok
	assert_equal "${lines[0]}" "$files" "files seen in /data"
	[[ ${lines[1]} -ge $((files / 4)) ]] || fail "files seen in /dev: ${lines[1]}"
	assert_equal "${lines[2]}" 0 "files seen under the tmpfs on /covered"
	assert_equal "${lines[3]}" 1 "the deep mount"
	assert_nothing_left "$CID"
	# the runtime changed nothing in the image but the default devices it made in /dev
	after=$(find "$ROOTFS" -xdev | wc -l)
	[[ $after -ge $before && $after -le $((before + 20)) ]] || fail "the image's file count went from $before to $after"
	[[ -z $(find "$ROOTFS/data" -newer "$BUNDLE/config.json" -print -quit) ]] || fail "the runtime touched files in /data"

	# a destination longer than PATH_MAX: refused, with the mount named
	update_config '.mounts += [{"destination": ("/" + ("x" * 5000)), "type": "tmpfs", "source": "tmpfs"}]'
	run runtime run --bundle "$BUNDLE" "$CID" </dev/null
	assert_failure
	assert_clean_outcome
	assert_output_matches 'mounts\[[0-9]+\]|xxxxxxxx'
	assert_nothing_left "$CID"
	figure "hostile image with $((files + files / 2)) files (/data, /dev, under a tmpfs) and a 200-deep mount: ran in ${seconds} s (user namespace), image unchanged; a 5000-char destination refused: $(head -n 1 <<<"$output" | cut -c1-80)..."
}
