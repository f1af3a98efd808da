#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# Known container escapes, each a real attempt that fails the test if it works:
#   CVE-2019-5736   overwriting the runtime's binary through /proc/<pid>/exe
#   CVE-2024-21626  leaked host fds, process.cwd = /proc/self/fd/N
#   CVE-2021-30465  mount destinations that are (or race to become) symlinks out of the rootfs
#   CVE-2023-27561 / CVE-2025-31133  masked paths defeated by the image's /dev/null or symlinks
#   ptrace of the runtime's exec process from inside; signals to the caller's process group
# Tests that may write to the runtime's binary use a private copy of it ($HOSTBIN), whose
# sha256 is compared before and after.

load helpers
load privileges

setup() {
	berth_setup
	install_probe
	private_busybox
}

# --- CVE-2019-5736 -----------------------------------------------------------------------

# start_watcher ID [ptrace]: container ID (this bundle) runs the probe's /proc watcher with
# /shared bound; waits until it is ready. WATCH_LOG is its log on the host.
start_watcher() {
	bind_shared
	update_config '.process.args = ["probe", "watch", "/shared/log", "/shared/stop"] + $m' \
		--argjson m "$(json_array ${2:+"$2"})"
	run_detached hostbin run --detach --bundle "$BUNDLE" "$1"
	assert_success
	WATCH_LOG=$SHARED/log
	wait_output_line "$WATCH_LOG" ready
}

stop_watcher() {
	touch "$SHARED/stop"
	for ((i = 0; i < 200; i++)); do
		grep -q '^done' "$WATCH_LOG" && return 0
		sleep 0.05
	done
	fail "the watcher did not finish" "$(cat "$WATCH_LOG")"
}

# a second bundle on the same rootfs, in the pid namespace of the process PID
sibling_bundle() {
	make_bundle "$TEST_WORK/sibling"
	CONFIG=$TEST_WORK/sibling/config.json update_config '.root.path = $r | .process.args = $a
		| .linux.namespaces = ([.linux.namespaces[] | select(.type != "pid")] + [{"type": "pid", "path": $p}])' \
		--arg r "$ROOTFS" --arg p "/proc/$1/ns/pid" --argjson a "$2"
}

check_watch_log() {
	local log
	log=$(<"$WATCH_LOG")
	assert_hostbin_unchanged
	! grep -q ESCAPE <<<"$log" || fail "the watcher got at the runtime's binary:" "$log"
	! grep -F -- "$HOSTBIN" <<<"$log" || fail "a container process resolved /proc/<pid>/exe to the runtime's binary:" "$log"
	! grep -q ATTACHED <<<"$log" || fail "the watcher attached to a process with ptrace:" "$log"
	grep -qE '^done .* new=[1-9]' <<<"$log" || fail "the watcher saw no new process: the test proves nothing" "$log"
}

# the attack: #!/proc/self/exe entrypoints run by `exec`, and by `create`+`start` and `run`
# of a sibling container in the watcher's pid namespace
attack_runtime_exe() {
	local pid_a=$1
	printf '#!/proc/self/exe\n' >"$ROOTFS/evil"
	chmod 0755 "$ROOTFS/evil"
	for _ in 1 2 3; do
		hostbin exec "$CID" /evil </dev/null >/dev/null 2>&1 || true
		hostbin exec "$CID" probe sleep 0.05 </dev/null >/dev/null 2>&1 || true
	done
	sibling_bundle "$pid_a" '["/evil"]'
	run_detached hostbin create --bundle "$TEST_WORK/sibling" "$CID-b"
	sleep 0.2 # the created init waits at the fifo: the watcher gets its chance
	hostbin start "$CID-b" </dev/null >/dev/null 2>&1 || true
	hostbin delete --force "$CID-b" </dev/null >/dev/null 2>&1 || true
	for i in 1 2; do
		hostbin run --bundle "$TEST_WORK/sibling" "$CID-r$i" </dev/null >/dev/null 2>&1 || true
	done
}

@test "CVE-2019-5736: a #!/proc/self/exe entrypoint cannot overwrite the runtime's binary" {
	private_runtime
	printf '#!/proc/self/exe\n' >"$ROOTFS/evil"
	chmod 0755 "$ROOTFS/evil"
	update_config '.process.args = ["/evil"]'
	run hostbin run --bundle "$BUNDLE" "$CID" </dev/null
	create_container_id "$CID-c"
	hostbin start "$CID-c" </dev/null >/dev/null 2>&1 || true
	sleep 0.2
	assert_hostbin_unchanged
	# once nothing runs the binary any more, it is writable again: it must still be intact
	run sh -c "echo test >> '$HOSTBIN'"
	assert_success
}

@test "CVE-2019-5736: a process watching /proc cannot open the runtime's binary during exec, create and run" {
	private_runtime
	start_watcher "$CID"
	pid_a=$(state_field "$CID" pid)
	attack_runtime_exe "$pid_a"
	stop_watcher
	check_watch_log
}

@test "CVE-2019-5736: even a watcher with CAP_SYS_PTRACE cannot overwrite the runtime's binary" {
	private_runtime
	update_config '.process.capabilities |= with_entries(if .key == "ambient" or .key == "inheritable" then . else .value += ["CAP_SYS_PTRACE"] end)'
	start_watcher "$CID"
	pid_a=$(state_field "$CID" pid)
	attack_runtime_exe "$pid_a"
	stop_watcher
	log=$(<"$WATCH_LOG")
	assert_hostbin_unchanged
	! grep -q ESCAPE <<<"$log" || fail "the watcher wrote to the runtime's binary:" "$log"
}

@test "CVE-2019-5736: a created (not yet started) init cannot be used to write the runtime's binary" {
	requires_berth "berth protects the created init in two ways; runc copies itself into a memfd"
	private_runtime
	# Default capabilities: the init still runs the runtime's code, but it is not dumpable, so a
	# process in the container (here an exec'd one) cannot even open /proc/1/exe.
	update_config '.process.args = ["probe", "sleep", "100"]'
	run_detached hostbin create --bundle "$BUNDLE" "$CID"
	assert_success
	run hostbin exec "$CID" probe open-write /proc/1/exe
	assert_success
	[[ $output == "open_write=EACCES" || $output == "open_write=EPERM" ]] ||
		fail "a process of the created container could open its init's exe for writing" "$output"
	hostbin delete --force "$CID"
	# With CAP_SYS_PTRACE the container could open the link, so the runtime runs from a read-only
	# mount of its binary: /proc/<init>/exe then leads to a file no one can write (EROFS), even
	# once no runtime process runs any more (ETXTBSY would only last that long).
	update_config '.process.capabilities.bounding += ["CAP_SYS_PTRACE"]
		| .process.capabilities.effective += ["CAP_SYS_PTRACE"]
		| .process.capabilities.permitted += ["CAP_SYS_PTRACE"]'
	run_detached hostbin create --bundle "$BUNDLE" "$CID"
	assert_success
	pid=$(state_field "$CID" pid)
	run python3 -c '
import errno, os, sys
fd = os.open("/proc/%s/exe" % sys.argv[1], os.O_PATH)
os.system(sys.argv[2] + " start " + sys.argv[3])      # the init execs; no runtime is left running
try:
    os.open("/proc/self/fd/%d" % fd, os.O_WRONLY)
    print("WRITABLE")
except OSError as e:
    print(errno.errorcode[e.errno])' "$pid" "$HOSTBIN --root $STATE_ROOT" "$CID"
	[[ $output == *EROFS* ]] || fail "the created init's binary was not read-only" "$output"
}

@test "CVE-2019-5736: /proc/<pid>/exe of started and exec'd processes is their program; /proc/1/exe cannot be written" {
	private_runtime
	update_config '.process.args = ["sh", "-c", "probe open-write /proc/1/exe; probe open-write /proc/self/exe; exec probe sleep 100"]'
	run_detached hostbin run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	pid=$(state_field "$CID" pid)
	for ((i = 0; i < 100; i++)); do
		[[ $(grep -c open_write "$io_file") == 2 ]] && break
		sleep 0.05
	done
	output=$(<"$io_file")
	[[ $(grep -c open_write=E <<<"$output") == 2 ]] || fail "open_write results" "$output"
	refute_output_contains open_write=OK
	# (the host reads the path in the container's mount namespace)
	for ((i = 0; i < 100; i++)); do
		[[ $(readlink "/proc/$pid/exe") == /bin/probe ]] && break
		sleep 0.05
	done
	assert_equal "$(readlink "/proc/$pid/exe")" /bin/probe "/proc/<pid>/exe of the container's process"
	run_detached hostbin exec --detach --pid-file "$TEST_WORK/exec.pid" "$CID" probe sleep 100
	assert_success
	exe=$(readlink "/proc/$(cat "$TEST_WORK/exec.pid")/exe")
	assert_equal "$exe" /bin/probe "/proc/<pid>/exe of an exec'd process"
	assert_hostbin_unchanged
}

@test "ptrace: a process without capabilities cannot attach to the runtime's exec process" {
	private_runtime
	update_config '.process.capabilities = {bounding: [], effective: [], permitted: [], inheritable: [], ambient: []}'
	start_watcher "$CID" ptrace
	# the exec'd processes hold CAP_KILL: the watcher may not attach to them either
	write_process_json "$TEST_WORK/p.json" '.process.args = ["probe", "sleep", "0.05"] |
		.process.capabilities = {bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"], inheritable: [], ambient: []}'
	for _ in 1 2 3 4 5 6; do
		hostbin exec --process "$TEST_WORK/p.json" "$CID" </dev/null >/dev/null 2>&1 || true
	done
	stop_watcher
	check_watch_log
	grep -qE '^ptrace [0-9]+ E' "$WATCH_LOG" || fail "no ptrace attempt was made" "$(cat "$WATCH_LOG")"
}

# --- CVE-2024-21626 ----------------------------------------------------------------------

@test "CVE-2024-21626: no host fd leaks into the container (run, create/start, exec); --preserve-fds passes exactly N" {
	private_runtime
	echo one >"$TEST_WORK/pf1"
	echo two >"$TEST_WORK/pf2"
	update_config '.process.args = ["probe", "fds"]'
	run hostbin run --bundle "$BUNDLE" "$CID-1" </dev/null 5<"$TEST_WORK" 6</sys/fs/cgroup 7<"$TEST_WORK/pf1"
	assert_success
	[[ $(awk '{print $2}' <<<"$output" | tr '\n' ' ') == "0 1 2 " ]] || fail "run: fds $output"

	# (bats' fd 3 is replaced, not closed: hostbin would close it)
	run timeout 10 "$HOSTBIN" --root "$STATE_ROOT" run --preserve-fds 2 --bundle "$BUNDLE" "$CID-2" \
		</dev/null 3<"$TEST_WORK/pf1" 4<"$TEST_WORK/pf2" 5<"$TEST_WORK"
	assert_success
	[[ $(awk '{print $2}' <<<"$output" | tr '\n' ' ') == "0 1 2 3 4 " ]] || fail "fds with --preserve-fds 2: $output"
	assert_output_contains "fd 3 -> $TEST_WORK/pf1"
	assert_output_contains "fd 4 -> $TEST_WORK/pf2"

	# created: the waiting init holds no directory (a host directory fd is the CVE's door)
	update_config '.process.args = ["sh", "-c", "probe fds; exec probe sleep 100"]'
	run_detached hostbin create --bundle "$BUNDLE" "$CID" 5<"$TEST_WORK" 6</sys/fs/cgroup
	assert_success
	pid=$(state_field "$CID" pid)
	for fd in /proc/"$pid"/fd/*; do
		[[ $(stat -L -c %F "$fd" 2>/dev/null) != directory ]] || fail "the created init holds a directory: $fd -> $(readlink "$fd")"
	done
	run hostbin start "$CID"
	assert_success
	wait_file "$io_file"
	run hostbin exec "$CID" probe fds 5<"$TEST_WORK" 6</sys/fs/cgroup
	assert_success
	[[ $(awk '{print $2}' <<<"$output" | tr '\n' ' ') == "0 1 2 " ]] || fail "exec: fds $output"
	output=$(<"$io_file")
	[[ $(awk '{print $2}' <<<"$output" | tr '\n' ' ') == "0 1 2 " ]] || fail "create/start: fds $output"
}

@test "CVE-2024-21626: process.cwd /proc/self/fd/N (3..10) never reaches the host filesystem (run and exec)" {
	private_runtime
	update_config '.process.args = ["probe", "root-id"]'
	for n in 3 4 5 6 7 8 9 10; do
		update_config '.process.cwd = $c' --arg c "/proc/self/fd/$n"
		run hostbin run --bundle "$BUNDLE" "$CID-$n" </dev/null 5<"$TEST_WORK" 6</sys/fs/cgroup 7</
		if [[ $status -eq 0 ]]; then
			[[ ${lines[0]} == root=* && ${lines[0]#root=} == "${lines[1]#cwdtop=}" ]] ||
				fail "cwd /proc/self/fd/$n leads out of the container's root:" "$output"
		fi
	done
	update_config '.process.cwd = "/" | .process.args = ["probe", "sleep", "100"]'
	run_detached hostbin run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	for n in 3 4 5 6 7 8 9 10; do
		run hostbin exec --cwd "/proc/self/fd/$n" "$CID" probe root-id 5<"$TEST_WORK" 6</sys/fs/cgroup 7</
		if [[ $status -eq 0 ]]; then
			[[ ${lines[0]} == root=* && ${lines[0]#root=} == "${lines[1]#cwdtop=}" ]] ||
				fail "exec --cwd /proc/self/fd/$n leads out of the container's root:" "$output"
		fi
	done
}

@test "CVE-2024-21626 class: --preserve-fds for fds the caller did not open passes none of the runtime's own" {
	requires_berth "runc 1.1.5 passes its own /sys/fs/cgroup directory fd as preserved fd 3"
	private_runtime
	update_config '.process.args = ["probe", "fds"]'
	# The caller opened nothing above 2: either a clear refusal naming the fd, or a container that
	# got none of the runtime's own descriptors.
	run hostbin run --preserve-fds 3 --bundle "$BUNDLE" "$CID" </dev/null 4>&- 5>&-
	if ((status != 0)); then
		assert_output_contains "fd 3 is not open"
		return
	fi
	while read -r _ fd _ target; do
		((fd <= 2)) && continue
		fail "fd $fd -> $target reached the container (the caller opened no fd above 2)" "$output"
	done <<<"$output"
}

# --- CVE-2021-30465 ----------------------------------------------------------------------

# A host directory that is a shared mount: with rootfsPropagation "shared", a mount the
# runtime wrongly makes on it (through a symlink) propagates back and shows on the host.
make_host_target() {
	HOST_TARGET=$TEST_WORK/host-target
	mkdir -p "$HOST_TARGET"
	echo original >"$HOST_TARGET/file"
	mount --bind "$HOST_TARGET" "$HOST_TARGET"
	defer "umount -l '$HOST_TARGET'"
	mount --make-shared "$HOST_TARGET"
	update_config '.linux.rootfsPropagation = "shared"'
	HOST_TARGET_BEFORE=$(host_target_state)
}

host_target_state() {
	find "$HOST_TARGET" -printf '%p %y %m %s %u:%g\n' | sort
	grep -cF -- "$HOST_TARGET" /proc/self/mountinfo
	cat "$HOST_TARGET/file"
}

assert_host_target_untouched() {
	assert_equal "$(host_target_state)" "$HOST_TARGET_BEFORE" "the host target (listing, mounts, content)"
}

@test "CVE-2021-30465: mount destinations that are symlinks out of the rootfs (absolute, relative, /proc, a file) never land on the host" {
	make_host_target
	echo src >"$TEST_WORK/srcfile"
	ln -s "$HOST_TARGET" "$ROOTFS/evil-abs"
	ln -s "../../../../../../../../../..$HOST_TARGET" "$ROOTFS/evil-rel"
	ln -s "$HOST_TARGET/file" "$ROOTFS/evil-file"
	ln -s evil-abs "$ROOTFS/evil-chain"
	cp "$BUNDLE/config.json" "$TEST_WORK/config.orig"
	i=0
	for m in '{"destination": "/evil-abs/sub", "type": "tmpfs", "source": "tmpfs"}' \
		'{"destination": "/evil-rel/sub", "type": "tmpfs", "source": "tmpfs"}' \
		'{"destination": "/evil-chain/sub", "type": "tmpfs", "source": "tmpfs"}' \
		'{"destination": "/evil-abs", "type": "bind", "source": "'"$SHARED"'", "options": ["rbind"]}' \
		'{"destination": "/evil-file", "type": "bind", "source": "'"$TEST_WORK/srcfile"'", "options": ["bind"]}'; do
		cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
		update_config '.mounts += [$m]' --argjson m "$m"
		run_detached runtime create --bundle "$BUNDLE" "$CID-$i"
		assert_host_target_untouched
		runtime delete --force "$CID-$i" >/dev/null 2>&1 || true
		i=$((i + 1))
	done
	# /proc itself a symlink to the host target
	cp "$TEST_WORK/config.orig" "$BUNDLE/config.json"
	rmdir "$ROOTFS/proc"
	ln -s "$HOST_TARGET" "$ROOTFS/proc"
	run_detached runtime create --bundle "$BUNDLE" "$CID"
	assert_failure # runc since CVE-2019-19921: /proc cannot be a symlink
	assert_host_target_untouched
}

@test "CVE-2021-30465: a mount target swapped with a symlink during setup never mounts outside the rootfs" {
	requires_berth "runc 1.1.5 is vulnerable to CVE-2024-45310: it makes the mount point on the host through the swapped symlink"
	make_host_target
	mkdir -p "$ROOTFS/race/sub"
	ln -s "$HOST_TARGET" "$ROOTFS/race-alt"
	update_config '.mounts += [{"destination": "/race/sub", "type": "tmpfs", "source": "tmpfs"},
		{"destination": "/race/bound", "type": "bind", "source": $s, "options": ["rbind"]}]
		| .process.args = ["true"]' --arg s "$SHARED"
	bg_start "$PROBE" swap "$ROOTFS/race" "$ROOTFS/race-alt" "$TEST_WORK/stop-swapping"
	swapper=$BG_PID
	defer "touch '$TEST_WORK/stop-swapping'"
	for i in $(seq 1 25); do
		runtime run --bundle "$BUNDLE" "$CID-$i" </dev/null >/dev/null 2>&1 || true
		runtime delete --force "$CID-$i" >/dev/null 2>&1 || true
	done
	touch "$TEST_WORK/stop-swapping"
	wait_pid_gone "$swapper"
	assert_host_target_untouched
	[[ -L $ROOTFS/race-alt && -d $ROOTFS/race && ! -L $ROOTFS/race ]] || fail "the swapper left the rootfs in a bad shape"
}

# --- masked paths: CVE-2023-27561, CVE-2025-31133 ----------------------------------------

MASKED='["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"]'
READONLY='["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]'

# The container stats and reads the masked files, and tries to open the read-only ones for
# writing (never writes): "masked PATH TYPE MAJOR:MINOR read=BYTES", "readonly PATH open_write=..."
MASK_SCRIPT='for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug; do
	[ -e $p ] && echo "masked $p $(stat -c "%F %t:%T" $p) read=$(head -c 64 $p | wc -c)"
done
for p in /proc/sysrq-trigger /proc/sys/kernel/core_pattern; do [ -e $p ] && echo "readonly $p $(probe open-write $p)"; done
for d in /sys/firmware /proc/acpi /proc/scsi; do
	[ -d $d ] || continue
	if mkdir $d/berth-x 2>&-; then w=WRITABLE; else w=ro; fi
	echo "maskdir $d entries=$(ls -A $d | wc -l) $w"
done
true'
# (no 2>/dev/null: /dev/null itself is under test)

check_masked() {
	local l n=0
	assert_success
	for l in "${lines[@]}"; do
		case $l in
		masked\ *)
			n=$((n + 1))
			# masked with the real /dev/null: opening it for writing is harmless
			[[ $l == *" character special file 1:3 read=0" ]] || fail "not masked by /dev/null: $l" "$output"
			;;
		readonly\ *)
			[[ $l =~ open_write=E(ROFS|ACCES|PERM)$ ]] || fail "read-only path writable: $l" "$output"
			;;
		maskdir\ *)
			# a masked directory: an empty read-only tmpfs
			[[ $l == *" entries=0 ro" ]] || fail "masked directory not empty and read-only: $l" "$output"
			;;
		*) fail "unexpected line: $l" "$output" ;;
		esac
	done
	((n >= 2)) || fail "fewer than two masked files checked" "$output"
	assert_output_contains "readonly /proc/sys/kernel/core_pattern"
	assert_output_contains "maskdir /sys/firmware"
	assert_equal "$(cat /proc/sys/kernel/core_pattern)" "$CORE_PATTERN" "host core_pattern"
}

# no_dev_mount: the image's own /dev is used (no tmpfs on /dev)
no_dev_mount() {
	update_config '.mounts = [.mounts[] | select(.destination != "/dev" and (.destination | startswith("/dev/") | not))]'
}

@test "masked paths: the default masks hold (files read empty, writes refused)" {
	guard_core_pattern
	update_config '.linux.maskedPaths = $m | .linux.readonlyPaths = $r' --argjson m "$MASKED" --argjson r "$READONLY"
	set_cmd "$MASK_SCRIPT"
	run_container
	check_masked
}

# guard_core_pattern: remembers the host's core_pattern and puts it back in teardown should a
# vulnerable runtime let the container write to it (runc 1.1.5 does: its stdio that is
# /dev/null is reopened inside the container, through the image's symlink)
guard_core_pattern() {
	CORE_PATTERN=$(cat /proc/sys/kernel/core_pattern)
	cp /proc/sys/kernel/core_pattern "$TEST_WORK/core_pattern.orig"
	defer "cmp -s /proc/sys/kernel/core_pattern '$TEST_WORK/core_pattern.orig' || cat '$TEST_WORK/core_pattern.orig' > /proc/sys/kernel/core_pattern"
}

@test "CVE-2025-31133: the image's /dev/null as a symlink to /proc/sys/kernel/core_pattern does not unmask anything" {
	requires_berth "runc 1.1.5 is vulnerable (CVE-2025-31133, fixed in runc 1.2.8/1.3.3): it writes to the host's core_pattern"
	guard_core_pattern
	update_config '.linux.maskedPaths = $m | .linux.readonlyPaths = $r' --argjson m "$MASKED" --argjson r "$READONLY"
	no_dev_mount
	rm -rf "${ROOTFS:?}/dev"
	mkdir "$ROOTFS/dev"
	ln -s /proc/sys/kernel/core_pattern "$ROOTFS/dev/null"
	set_cmd "$MASK_SCRIPT"
	# no stdio is /dev/null (a runtime may reopen such a descriptor inside the container)
	: >"$TEST_WORK/empty"
	run runtime run --bundle "$BUNDLE" "$CID" <"$TEST_WORK/empty"
	if [[ $status -ne 0 ]]; then
		# refusing such an image is fine, as long as it is said
		assert_output_not_empty
	else
		check_masked
	fi
	assert_equal "$(cat /proc/sys/kernel/core_pattern)" "$CORE_PATTERN" "host core_pattern"
}

@test "CVE-2023-27561 class: the image's /dev/null as a regular file or another device does not unmask anything" {
	requires_berth "runc 1.1.5 masks with the image's /dev/null node, whatever it is (CVE-2025-31133, fixed in 1.2.8)"
	guard_core_pattern
	update_config '.linux.maskedPaths = $m | .linux.readonlyPaths = $r' --argjson m "$MASKED" --argjson r "$READONLY"
	no_dev_mount
	set_cmd "$MASK_SCRIPT"
	for kind in file zero; do
		rm -rf "${ROOTFS:?}/dev"
		mkdir "$ROOTFS/dev"
		if [[ $kind == file ]]; then
			echo "leaked-through-the-image-dev-null" >"$ROOTFS/dev/null"
		else
			mknod -m 0666 "$ROOTFS/dev/null" c 1 5 # /dev/zero's numbers
		fi
		run_container
		if [[ $status -ne 0 ]]; then
			assert_output_not_empty
		else
			check_masked
		fi
	done
}

@test "masked and read-only paths that are symlinks in the image are not followed out of the rootfs" {
	make_host_target
	ln -s "$HOST_TARGET/file" "$ROOTFS/masklink"
	ln -s "../../../../../../../../../..$HOST_TARGET/file" "$ROOTFS/masklink-rel"
	ln -s "$HOST_TARGET" "$ROOTFS/rolink"
	mkdir -p "$ROOTFS/etc/dir"
	ln -s "$HOST_TARGET" "$ROOTFS/etc/dir/masked-dirlink"
	update_config '.linux.maskedPaths += ["/masklink", "/masklink-rel", "/etc/dir/masked-dirlink"] | .linux.readonlyPaths += ["/rolink"]'
	set_cmd 'true'
	run_container
	# whether it refuses or runs: nothing happened to the host target
	assert_host_target_untouched
	touch "$HOST_TARGET/still-writable" || fail "the host target became read-only"
	rm -f "$HOST_TARGET/still-writable"
}

# --- sessions and process groups ----------------------------------------------------------

@test "the container's processes are in their own session: kill(0) does not reach the caller's process group (run, exec)" {
	update_config '.process.args = ["sh", "-c", "kill -TERM 0; echo survived"]'
	cat >"$TEST_WORK/caller.sh" <<EOF
sleep 100 &
echo \$! > "$TEST_WORK/sentinel.pid"
"$RUNTIME" --root "$STATE_ROOT" run --bundle "$BUNDLE" "$CID-run" </dev/null >/dev/null 2>&1
echo "\$?" > "$TEST_WORK/runtime.status"
EOF
	timeout 30 setsid --wait sh "$TEST_WORK/caller.sh" </dev/null >/dev/null 2>&1 3>&- || true
	sentinel=$(cat "$TEST_WORK/sentinel.pid")
	defer "kill $sentinel"
	is_live_pid "$sentinel" || fail "the container's kill(0) killed a process of the caller's process group"
	[[ -s $TEST_WORK/runtime.status ]] || fail "the container's kill(0) killed the caller (its shell or the runtime)"

	update_config '.process.args = ["probe", "sleep", "100"]'
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success
	cat >"$TEST_WORK/caller-exec.sh" <<EOF
sleep 100 &
echo \$! > "$TEST_WORK/sentinel-exec.pid"
"$RUNTIME" --root "$STATE_ROOT" exec "$CID" sh -c 'kill -TERM 0' </dev/null >/dev/null 2>&1
echo "\$?" > "$TEST_WORK/exec.status"
EOF
	timeout 30 setsid --wait sh "$TEST_WORK/caller-exec.sh" </dev/null >/dev/null 2>&1 3>&- || true
	sentinel=$(cat "$TEST_WORK/sentinel-exec.pid")
	defer "kill $sentinel"
	is_live_pid "$sentinel" || fail "an exec'd process's kill(0) killed a process of the caller's process group"
	[[ -s $TEST_WORK/exec.status ]] || fail "an exec'd process's kill(0) killed the caller (its shell or the runtime)"
}
