# shellcheck shell=bash
# SC2016: jq filters are single-quoted on purpose. SC2034: variables are for the tests.
# shellcheck disable=SC2016,SC2034
# Shared helpers for the berth-runtime integration tests (bats 1.8).
#
# Every test gets, from setup():
#   TEST_WORK   a private directory under the run's temp dir (removed in teardown)
#   STATE_ROOT  the --root passed to every runtime call made through `runtime`
#   BUNDLE      a fresh busybox bundle ($BUNDLE/rootfs, $BUNDLE/config.json from `$RUNTIME spec`)
#   ROOTFS      $BUNDLE/rootfs
#   SHARED      an empty host directory; `bind_shared` mounts it at /shared in the container
#   CID         a unique container id: bt-<pid>-<test number>-<random>; other ids a test uses
#               must start with "$CID-" so teardown can find what they leave behind
#
# teardown() deletes every container in STATE_ROOT with `delete --force`, kills the
# background processes the test started, runs the test's `defer`red commands, and then
# asserts that nothing is left: no entry in STATE_ROOT, no mount under TEST_WORK, no
# cgroup named after a test id in any hierarchy under /sys/fs/cgroup, no process running
# from the bundle. It removes whatever it finds (so the machine stays clean) and fails
# the test if it found anything.

BERTH_REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
FIXTURES=$BERTH_REPO/tests/fixtures

RUNTIME=${RUNTIME:-$BERTH_REPO/build/berth-runtime}
if [[ $RUNTIME != */* ]]; then
	RUNTIME=$(command -v "$RUNTIME" || echo "$RUNTIME")
fi
RUNTIME_NAME=$(basename "$RUNTIME")
export RUNTIME

# The busybox rootfs is built once per bats run and copied (hard-linked) per test.
export BERTH_FIXTURE_CACHE=${BERTH_FIXTURE_CACHE:-$BATS_RUN_TMPDIR/fixtures}

# Seconds any single runtime invocation may take before it is killed.
BERTH_TEST_TIMEOUT=${BERTH_TEST_TIMEOUT:-30}

# --- which runtime ---------------------------------------------------------------------

# True when the runtime under test is berth-runtime (guards assertions about berth's own
# message texts).
is_berth() {
	[[ $RUNTIME_NAME == berth-runtime* ]]
}

# Skips the test unless the runtime under test is berth-runtime: for behaviours the issue
# requires but the reference runtime (runc 1.1.5) lacks. Never skips for berth.
requires_berth() {
	is_berth || skip "$RUNTIME_NAME lacks this (berth-only): $*"
}

# --- assertions --------------------------------------------------------------------------

fail() {
	printf '%s\n' "$@" >&2
	return 1
}

_show_run() {
	printf 'status: %s\noutput:\n%s\n' "$status" "$output" >&2
}

assert_success() {
	if [[ $status -ne 0 ]]; then
		_show_run
		fail "expected success, got exit status $status"
	fi
}

# assert_failure [CODE]: non-zero exit (or exactly CODE).
assert_failure() {
	if [[ $# -gt 0 ]]; then
		if [[ $status -ne $1 ]]; then
			_show_run
			fail "expected exit status $1, got $status"
		fi
	elif [[ $status -eq 0 ]]; then
		_show_run
		fail "expected failure, got exit status 0"
	fi
}

assert_status() {
	assert_failure "$1"
}

assert_equal() { # ACTUAL EXPECTED [WHAT]
	if [[ "$1" != "$2" ]]; then
		fail "${3:-value} differs" "expected: $2" "actual:   $1"
	fi
}

assert_output() { # EXACT
	if [[ "$output" != "$1" ]]; then
		_show_run
		fail "expected output: $1"
	fi
}

assert_output_contains() { # SUBSTRING
	if [[ "$output" != *"$1"* ]]; then
		_show_run
		fail "expected output to contain: $1"
	fi
}

assert_output_contains_i() { # SUBSTRING, case-insensitive
	if [[ "${output,,}" != *"${1,,}"* ]]; then
		_show_run
		fail "expected output to contain (any case): $1"
	fi
}

refute_output_contains() { # SUBSTRING
	if [[ "$output" == *"$1"* ]]; then
		_show_run
		fail "expected output not to contain: $1"
	fi
}

assert_output_matches() { # ERE
	if ! [[ "$output" =~ $1 ]]; then
		_show_run
		fail "expected output to match: $1"
	fi
}

assert_output_not_empty() {
	if [[ -z "${output//[[:space:]]/}" ]]; then
		_show_run
		fail "expected some output (an error message), got none"
	fi
}

# assert_line N EXACT
assert_line() {
	if [[ "${lines[$1]:-}" != "$2" ]]; then
		_show_run
		fail "expected line $1 to be: $2" "it is:                 ${lines[$1]:-<missing>}"
	fi
}

# --- setup / teardown --------------------------------------------------------------------

setup() {
	berth_setup
}

teardown() {
	berth_teardown
}

berth_setup() {
	if [[ ! -x $RUNTIME ]]; then
		fail "RUNTIME '$RUNTIME' is not executable (build berth-runtime first, or set RUNTIME=runc)"
		return 1
	fi
	TEST_WORK=$(mktemp -d "$BATS_RUN_TMPDIR/w$BATS_TEST_NUMBER.XXXXXX")
	STATE_ROOT=$TEST_WORK/state
	BUNDLE=$TEST_WORK/bundle
	ROOTFS=$BUNDLE/rootfs
	SHARED=$TEST_WORK/shared
	CID=bt-$$-$BATS_TEST_NUMBER-$RANDOM
	BG_PIDS=()
	DEFERRED=()
	ROOTFS_IDS=()
	mkdir -p "$SHARED"
	make_bundle "$BUNDLE"
}

# make_bundle DIR: another bundle (its processes are checked in teardown too).
make_bundle() {
	"$FIXTURES/make-bundle.sh" "$1" "$RUNTIME" || fail "make-bundle.sh $1 failed"
	ROOTFS_IDS+=("$(stat -c '%d:%i' "$1/rootfs")")
}

# defer 'shell command': run in teardown, last deferred first, after the containers are
# deleted. For host state the test makes itself (mounts, network namespaces).
defer() {
	DEFERRED+=("$1")
}

# bg_start CMD...: run CMD in the background (stdin from /dev/null, bats' fd 3 closed);
# its PID is appended to BG_PIDS and stored in BG_PID. Teardown kills it if still alive.
bg_start() {
	"$@" </dev/null 3>&- &
	BG_PID=$!
	BG_PIDS+=("$BG_PID")
}

# Lists PIDs of processes that belong to this test: in a cgroup named after a test id,
# with TEST_WORK in their command line, or running from one of its root filesystems
# (covers pivot_root and chroot). Zombies do not count: they only wait to be reaped.
test_processes() {
	local pid roots id path pattern
	# a regex for TEST_WORK that does not match itself, so grep skips its own command line
	pattern="${TEST_WORK:0:1}[${TEST_WORK:1:1}]${TEST_WORK:2}"
	{
		grep -lF -- "/$CID" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3
		grep -l -- "$pattern" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3
		# awk, not a shell loop: bats' DEBUG trap makes every shell command costly (very much
		# so in the emulated VM of tests/vm)
		roots=" ${ROOTFS_IDS[*]} "
		stat -L -c '%d:%i %n' /proc/[0-9]*/root 2>/dev/null | awk -v roots="$roots" '
			index(roots, " " $1 " ") { pid = $2; sub(/^\/proc\//, "", pid); sub(/\/root$/, "", pid); print pid }'
	} | sort -u | while read -r pid; do
		[[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
		is_live_pid "$pid" && echo "$pid"
	done
}

# with_descendants PID...: the PIDs and all their descendants
with_descendants() {
	[[ $# -gt 0 ]] || return 0
	local -A children=()
	local f line pid ppid rest queue=("$@") seen=" "
	for f in /proc/[0-9]*/stat; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		pid=${line%% *}
		rest=${line##*) }
		read -r _ ppid _ <<<"$rest"
		children[$ppid]+=" $pid"
	done
	while [[ ${#queue[@]} -gt 0 ]]; do
		pid=${queue[0]}
		queue=("${queue[@]:1}")
		[[ $seen == *" $pid "* ]] && continue
		seen+="$pid "
		echo "$pid"
		# shellcheck disable=SC2206
		queue+=(${children[$pid]:-})
	done
}

# is_live_pid PID: the process exists and is not a zombie
is_live_pid() {
	local line st
	{ read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
	st=${line##*) }
	st=${st%% *}
	[[ $st != Z && $st != X ]]
}

test_cgroups() {
	find /sys/fs/cgroup -mindepth 1 -maxdepth 8 -type d -name "$CID*" 2>/dev/null | sort -r
}

test_mounts() {
	# mount point (field 5) or source under TEST_WORK; deepest first
	grep -F -- "$TEST_WORK" /proc/self/mountinfo 2>/dev/null | awk '{print $5}' | sort -r
}

berth_teardown() {
	[[ -n ${TEST_WORK:-} && -d $TEST_WORK ]] || return 0
	local problems=() pid id i m entries procs cg mnts

	# 1. background commands the test started (e.g. a foreground `run`)
	for pid in "${BG_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done

	# 2. every container the runtime still knows
	if [[ -d $STATE_ROOT ]]; then
		# shellcheck disable=SC2045
		for id in $(ls -A "$STATE_ROOT" 2>/dev/null); do
			timeout -k 5 "$BERTH_TEST_TIMEOUT" "$RUNTIME" --root "$STATE_ROOT" delete --force "$id" \
				</dev/null >/dev/null 2>&1 3>&- || true
		done
	fi

	# 3. the test's own host state
	for ((i = ${#DEFERRED[@]} - 1; i >= 0; i--)); do
		eval "${DEFERRED[$i]}" >/dev/null 2>&1 || true
	done

	# 4. what is left? Processes get a moment to finish dying.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		procs=$(test_processes | sort -u | tr '\n' ' ')
		[[ -z ${procs// /} ]] && break
		sleep 0.1
	done
	# shellcheck disable=SC2012
	entries=$(ls -A "$STATE_ROOT" 2>/dev/null | tr '\n' ' ')
	cg=$(test_cgroups)
	mnts=$(test_mounts)

	[[ -n ${entries// /} ]] && problems+=("state dir entries left in $STATE_ROOT: $entries")
	[[ -n ${procs// /} ]] && problems+=("processes left: $(for pid in $procs; do
		printf '%s(%s) ' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
	done)")
	[[ -n $cg ]] && problems+=("cgroups left: $(tr '\n' ' ' <<<"$cg")")
	[[ -n $mnts ]] && problems+=("mounts left: $(tr '\n' ' ' <<<"$mnts")")

	# 5. clean up whatever was left, so one broken test does not spoil the machine
	# shellcheck disable=SC2086
	for pid in $(with_descendants $procs); do
		kill -KILL "$pid" 2>/dev/null || true
	done
	if [[ -n $procs ]]; then
		sleep 0.2
	fi
	for m in $mnts; do
		umount -l "$m" 2>/dev/null || true
	done
	for m in $cg; do
		rmdir "$m" 2>/dev/null || true
	done
	rm -rf "${STATE_ROOT:?}"/* 2>/dev/null || true

	# Never rm -rf through a mount that is still there (a bind mount of a host dir).
	if [[ -n $(test_mounts) ]]; then
		problems+=("mounts could not be removed; leaving $TEST_WORK in place")
	else
		rm -rf "$TEST_WORK"
	fi

	if [[ ${#problems[@]} -gt 0 ]]; then
		printf 'teardown: %s\n' "${problems[@]}" >&2
		return 1
	fi
}

# --- running the runtime -----------------------------------------------------------------

# runtime ARGS...: the runtime under test with this test's --root. bats' fd 3 is closed so
# a container that inherits it cannot keep bats waiting.
runtime() {
	timeout -k 5 "$BERTH_TEST_TIMEOUT" "$RUNTIME" --root "$STATE_ROOT" "$@" 3>&-
}

# run_detached CMD...: like bats' `run`, for commands that leave a process holding their
# stdout (create, run --detach): stdout+stderr go to a file ($io_file) instead of a pipe,
# stdin is /dev/null. Later output of the container lands in the same file.
run_detached() {
	io_file=$(mktemp "$TEST_WORK/io.XXXXXX")
	set +e
	"$@" </dev/null >"$io_file" 2>&1 3>&-
	status=$?
	set -e
	output=$(<"$io_file")
	mapfile -t lines <<<"$output"
}

# create_container [FLAGS...]: `create --bundle $BUNDLE FLAGS $CID` through run_detached;
# asserts nothing (look at $status). The container's stdout and stderr go to $io_file.
create_container() {
	create_container_id "$CID" "$@"
}

# create_container_id ID [FLAGS...]: the same for another id.
create_container_id() {
	local id=$1
	shift
	run_detached runtime create --bundle "$BUNDLE" "$@" "$id"
}

# run_container [FLAGS...]: `run --bundle $BUNDLE FLAGS $CID` in the foreground, output
# captured like bats' run.
run_container() {
	run runtime run --bundle "$BUNDLE" "$@" "$CID" </dev/null
}

# state_field ID FIELD: one scalar top-level field of `state ID` (status, pid, id, bundle);
# read with a regex instead of jq, which costs 40 ms a start on this machine.
state_field() {
	local out re
	out=$(runtime state "$1") || return 1
	re="\"$2\"[[:space:]]*:[[:space:]]*(\"([^\"]*)\"|(-?[0-9]+))"
	if [[ $out =~ $re ]]; then
		echo "${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
	else
		jq -r ".$2" <<<"$out"
	fi
}

# wait_status ID STATUS [SECONDS]: poll `state` until the status is STATUS.
wait_status() {
	local id=$1 want=$2 secs=${3:-10} got='' i
	for ((i = 0; i < secs * 20; i++)); do
		got=$(state_field "$id" status 2>/dev/null || true)
		[[ $got == "$want" ]] && return 0
		sleep 0.05
	done
	fail "container $id: status is '$got', waited ${secs}s for '$want'"
}

# wait_file PATH [SECONDS]: wait until PATH exists and is not empty.
wait_file() {
	local path=$1 secs=${2:-10} i
	for ((i = 0; i < secs * 20; i++)); do
		[[ -s $path ]] && return 0
		sleep 0.05
	done
	fail "waited ${secs}s for $path"
}

# wait_pid_gone PID [SECONDS]: wait until PID is gone or a zombie.
wait_pid_gone() {
	local pid=$1 secs=${2:-10} i
	for ((i = 0; i < secs * 20; i++)); do
		is_live_pid "$pid" || return 0
		sleep 0.05
	done
	fail "process $pid still alive after ${secs}s"
}

# json_missing ARRAY_FILTER ITEM...: prints each ITEM that the JSON array selected by
# ARRAY_FILTER in $output does not contain (one jq run for the lot)
json_missing() {
	local filter=$1
	shift
	jq -r "(${filter}) as \$a | \$ARGS.positional[] | select(. as \$x | \$a | index(\$x) | not)" --args "$@" <<<"$output"
}

# --- runtime-spec JSON schemas -----------------------------------------------------------

SCHEMA_DIR=${SCHEMA_DIR:-/usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema}

# check_schema SCHEMA FILE: validates FILE against the runtime-spec JSON schema SCHEMA
# (golang-github-opencontainers-specs-dev + python3-jsonschema); skips without them.
check_schema() {
	[[ -f $SCHEMA_DIR/$1 ]] || skip "no runtime-spec schemas (apt-get install golang-github-opencontainers-specs-dev)"
	/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || skip "no python3-jsonschema"
	run /usr/bin/python3 - "$SCHEMA_DIR" "$1" "$2" <<'EOF'
import json, pathlib, sys, warnings
import jsonschema
warnings.simplefilter("ignore", DeprecationWarning)
d = pathlib.Path(sys.argv[1])
schema = json.load(open(d / sys.argv[2]))
resolver = jsonschema.RefResolver(base_uri=d.as_uri() + "/", referrer=schema)
jsonschema.validate(json.load(open(sys.argv[3])), schema, resolver=resolver)
EOF
	assert_success
}

# --- editing config.json -----------------------------------------------------------------

# update_config FILTER [JQ ARGS...]: edit $BUNDLE/config.json with jq,
# e.g. update_config '.hostname = $h' --arg h box
update_config() {
	local filter=$1
	shift
	local cfg=${CONFIG:-$BUNDLE/config.json}
	if ! jq "$@" "$filter" "$cfg" >"$cfg.tmp"; then
		rm -f "$cfg.tmp"
		fail "update_config: jq failed: $filter"
		return 1
	fi
	mv "$cfg.tmp" "$cfg"
}

# set_cmd 'SHELL COMMAND': process.args = ["sh", "-c", COMMAND]
set_cmd() {
	update_config '.process.args = ["sh", "-c", $c]' --arg c "$1"
}

# bind_shared [DEST] [OPTIONS_JSON]: bind-mount $SHARED into the container (default /shared, rw)
bind_shared() {
	update_config '.mounts += [{"destination": $d, "type": "bind", "source": $s, "options": $o}]' \
		--arg d "${1:-/shared}" --arg s "$SHARED" --argjson o "${2:-[\"rbind\",\"rw\"]}"
}

# add_namespace TYPE [PATH]
add_namespace() {
	if [[ -n ${2:-} ]]; then
		update_config '.linux.namespaces = ([(.linux.namespaces // [])[] | select(.type != $t)] + [{"type": $t, "path": $p}])' \
			--arg t "$1" --arg p "$2"
	else
		update_config '.linux.namespaces = ([(.linux.namespaces // [])[] | select(.type != $t)] + [{"type": $t}])' --arg t "$1"
	fi
}

# set_namespaces TYPE...: exactly these new namespaces
set_namespaces() {
	update_config '.linux.namespaces = ($t | split(" ") | map({type: .}))' --arg t "$*"
}

remove_namespace() {
	update_config '.linux.namespaces = [(.linux.namespaces // [])[] | select(.type != $t)]' --arg t "$1"
}

# host_ns TYPE: the host's namespace of TYPE, as "type:[inode]"
host_ns() {
	readlink "/proc/self/ns/$1"
}
