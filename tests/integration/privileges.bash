# shellcheck shell=bash
# shellcheck disable=SC2016,SC2034
# Helpers for the privilege and isolation tests (capabilities, seccomp, userns, idmap,
# rootless, escapes), loaded after helpers.bash.

# The static probe (tests/fixtures/probe.c), built once per bats run.
PROBE=$BERTH_FIXTURE_CACHE/probe

# berth-runtime caches compiled seccomp filters (default /var/cache/berth-runtime): these tests
# compile many one-off profiles, so the cache lives in the run's temp dir and goes with it.
export BERTH_CACHE_DIR=${BERTH_CACHE_DIR:-$BATS_RUN_TMPDIR/berth-cache}

# install_probe [ROOTFS]: copies the probe to ROOTFS/bin/probe (default $ROOTFS)
install_probe() {
	local rootfs=${1:-$ROOTFS}
	"$FIXTURES/make-probe.sh" "$PROBE" || fail "could not build the probe (tests/fixtures/make-probe.sh)"
	cp "$PROBE" "$rootfs/bin/probe"
}

# private_busybox [ROOTFS]: replaces the hard link to the cached busybox with a copy, for tests
# whose container may try to write to its own binaries.
private_busybox() {
	local rootfs=${1:-$ROOTFS}
	cp --remove-destination "$rootfs/bin/busybox" "$rootfs/bin/busybox.tmp"
	mv -f "$rootfs/bin/busybox.tmp" "$rootfs/bin/busybox"
}

# cap_number NAME: the number of a capability (CAP_CHOWN -> 0)
cap_number() {
	local names=(CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL
		CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE
		CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE
		CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT
		CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE
		CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG
		CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE)
	local i
	for i in "${!names[@]}"; do
		[[ ${names[$i]} == "$1" ]] && echo "$i" && return 0
	done
	return 1
}

# cap_mask NAME...: the set as /proc/PID/status prints it (16 hex digits)
cap_mask() {
	local mask=0 n name
	for name in "$@"; do
		n=$(cap_number "$name") || {
			fail "unknown capability $name"
			return 1
		}
		mask=$((mask | (1 << n)))
	done
	printf '%016x\n' "$mask"
}

# status_caps FILE_OR_TEXT: "Bnd Eff Prm Inh Amb" from /proc/PID/status text on stdin
status_caps() {
	awk '$1 == "CapBnd:" {b=$2} $1 == "CapEff:" {e=$2} $1 == "CapPrm:" {p=$2} $1 == "CapInh:" {i=$2}
		$1 == "CapAmb:" {a=$2} END {print b, e, p, i, a}'
}

# json_array WORD...: a JSON array of strings
json_array() {
	jq -cn '$ARGS.positional' --args "$@"
}

# private_runtime: copies the runtime binary to $TEST_WORK/hostbin/ (HOSTBIN) so a test may
# check that nothing in a container could write to it; HOSTBIN_SUM is its sha256.
private_runtime() {
	mkdir -p "$TEST_WORK/hostbin"
	HOSTBIN=$TEST_WORK/hostbin/$RUNTIME_NAME
	cp "$RUNTIME" "$HOSTBIN"
	chmod 0755 "$HOSTBIN"
	HOSTBIN_SUM=$(sha256sum "$HOSTBIN" | cut -d' ' -f1)
}

# hostbin ARGS...: the private copy of the runtime with this test's --root
hostbin() {
	timeout -k 5 "$BERTH_TEST_TIMEOUT" "$HOSTBIN" --root "$STATE_ROOT" "$@" 3>&-
}

assert_hostbin_unchanged() {
	local now
	now=$(sha256sum "$HOSTBIN" | cut -d' ' -f1)
	[[ $now == "$HOSTBIN_SUM" ]] || fail "the runtime binary $HOSTBIN was overwritten from a container" \
		"$(head -c 200 "$HOSTBIN" | tr -c '[:print:]\n' '.')"
}

# expect_create_error WORD...: `create` fails with a message; for berth the message contains
# each WORD; the id left no state behind (teardown checks the rest).
expect_create_error() {
	create_container
	assert_failure
	assert_output_not_empty
	if is_berth; then
		local w
		for w in "$@"; do
			assert_output_contains "$w"
		done
	fi
	[[ ! -e $STATE_ROOT/$CID ]] || fail "state dir left for $CID"
	run runtime state "$CID"
	assert_failure
}

# write_process_json FILE [FILTER [JQ ARGS...]]: the bundle's process object (for exec
# --process), after the jq FILTER is applied to the whole config
write_process_json() {
	local file=$1 filter=${2:-.}
	shift $(($# < 2 ? $# : 2))
	jq "$@" "$filter | .process" "$BUNDLE/config.json" >"$file"
}

# wait_output_line FILE LINE [SECONDS]: wait until FILE has the line LINE
wait_output_line() {
	local i
	for ((i = 0; i < ${3:-10} * 20; i++)); do
		grep -qxF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "waited ${3:-10}s for the line '$2' in $1" "$(cat "$1" 2>/dev/null)"
}

# make_traversable DIR: o+x on DIR and each parent, so a container root mapped to an
# unprivileged host uid (user namespace, rootless) can reach the bundle. Only directories of
# this bats run are changed (they are private to it and removed with it).
make_traversable() {
	local d
	d=$(realpath "$1")
	while [[ $d != / ]]; do
		if [[ $d == "$BATS_RUN_TMPDIR"* || $d == "$TEST_WORK"* ]]; then
			chmod o+x "$d"
		elif [[ $(($(stat -c '%#a' "$d") & 1)) -eq 0 ]]; then
			fail "$d is not searchable by others; cannot map the container's root to an unprivileged uid"
			return 1
		fi
		d=$(dirname "$d")
	done
}

# userns_mapping HOSTID SIZE: a new user namespace mapping 0 -> HOSTID (SIZE ids), uid and gid
userns_mapping() {
	add_namespace user
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": $h, "size": $s}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": $h, "size": $s}]' \
		--argjson h "$1" --argjson s "$2"
	make_traversable "$ROOTFS"
}
