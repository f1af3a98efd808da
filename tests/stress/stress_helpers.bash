# shellcheck shell=bash
# SC2154: status, output and lines are bats' (set by run)
# shellcheck disable=SC2016,SC2034,SC2154
# Helpers for the stress scenario tests (bats), on top of tests/integration/helpers.bash:
# the same setup/teardown (a bundle per test, a private --root, and a teardown that fails the
# test when anything is left), with container ids named st-<run>-<test>-<random> so that
# tests/stress/run.sh finds whatever a test leaves behind.
#
#   STRESS_MODE     quick (default) or full: pick sizes with `sized QUICK FULL`
#   STRESS_FIGURES  a file the tests append their figures to (one line each); run.sh prints it

load ../integration/helpers
load ../integration/privileges

STRESS_MODE=${STRESS_MODE:-quick}

setup() {
	stress_setup
}

stress_setup() {
	berth_setup
	CID=st-${STRESS_RUN_ID:-$$}-$BATS_TEST_NUMBER-$RANDOM
}

# sized QUICK FULL: the size for this mode
sized() {
	if [[ $STRESS_MODE == full ]]; then echo "$2"; else echo "$1"; fi
}

# figure TEXT: one line for the run's figures summary
figure() {
	[[ -n ${STRESS_FIGURES:-} ]] && printf '%s\n' "$*" >>"$STRESS_FIGURES"
	return 0
}

# faulty STEP ARGS...: the runtime with BERTH_FAULT_AT=STEP (it SIGKILLs itself at STEP)
faulty() {
	local step=$1
	shift
	BERTH_FAULT_AT=$step timeout -k 5 "$BERTH_TEST_TIMEOUT" "$RUNTIME" --root "$STATE_ROOT" "$@" 3>&-
}

# container_cgroups ID: the cgroup directories of container ID, in every hierarchy
container_cgroups() {
	find /sys/fs/cgroup -mindepth 1 -maxdepth 10 -type d -name "$1" 2>/dev/null
}

# cgroup_pids ID: the live processes in the cgroups of container ID (any hierarchy)
cgroup_pids() {
	local dir pid
	for dir in $(container_cgroups "$1"); do
		cat "$dir/cgroup.procs" 2>/dev/null
	done | sort -un | while read -r pid; do
		is_live_pid "$pid" && echo "$pid"
	done
	return 0
}

# assert_clean_outcome: $status/$output (of `run` or run_detached) are those of a success or
# of a clean failure: exit 1..123 with a "berth-runtime: ..." message; never a signal (128+N),
# a timeout (124) or a crash report.
assert_clean_outcome() {
	[[ $status -eq 0 ]] && return 0
	if ((status >= 124)); then
		_show_run
		fail "killed or timed out (exit $status)"
	fi
	if ! grep -q '^berth-runtime: ' <<<"$output"; then
		_show_run
		fail "a failure without the program's message"
	fi
	if grep -qE 'terminate called|Assertion|AddressSanitizer|runtime error:|Segmentation fault' <<<"$output"; then
		_show_run
		fail "a crash report"
	fi
}

# assert_honest ID [ALLOWED_STATUS...]: `state ID` and `list --format json` agree, and say what
# is true: "stopped" only with no live process in the container's cgroups, "created"/"running"
# only with the recorded init alive, "creating" never (no runtime works on it any more). A
# container without a record yet may be unknown to `state` (a clean failure) and absent from
# `list`. Sets HONEST_STATUS (or "none").
assert_honest() {
	local id=$1 status_ pid procs listed
	shift
	run runtime state "$id"
	if [[ $status -ne 0 ]]; then
		assert_clean_outcome
		[[ $output == *"has no state"* || $output == *"does not exist"* ]] ||
			fail "state of $id fails, but not because it is unknown: $output"
		status_=none
	else
		jq -e . >/dev/null <<<"$output" || fail "state output is not JSON: $output"
		status_=$(jq -r .status <<<"$output")
		pid=$(jq -r .pid <<<"$output")
		assert_equal "$(jq -r .id <<<"$output")" "$id" "state id"
	fi
	run runtime list --format json
	assert_success
	jq -e 'type == "array"' >/dev/null <<<"$output" || fail "list output is not a JSON array: $output"
	listed=$(jq -r --arg id "$id" '.[] | select(.id == $id) | .status' <<<"$output")
	if [[ $status_ == none ]]; then
		assert_equal "$listed" "" "list shows a container that state does not know"
	else
		assert_equal "$listed" "$status_" "status in list vs state"
	fi
	procs=$(cgroup_pids "$id" | tr '\n' ' ')
	case $status_ in
	none | stopped)
		[[ -z ${procs// /} ]] || fail "status '$status_' but processes live in the container's cgroups: $procs"
		;;
	created | running)
		if ! [[ $pid -gt 0 ]] || ! is_live_pid "$pid"; then
			fail "status $status_ but its init $pid is not alive"
		fi
		[[ " $procs " == *" $pid "* ]] || fail "status $status_ but its init $pid is not in its cgroups ($procs)"
		;;
	*)
		fail "status '$status_' of $id: no runtime is working on it (creating) and it is no status we expect"
		;;
	esac
	if [[ $# -gt 0 && " $* " != *" $status_ "* ]]; then
		fail "status of $id is '$status_', expected one of: $*"
	fi
	HONEST_STATUS=$status_
}

# id_processes ID: live processes in a cgroup of container ID (any hierarchy) or running from
# the test's $ROOTFS
id_processes() {
	local id=$1 rootid pid
	rootid=$(stat -c '%d:%i' "$ROOTFS")
	{
		grep -lE -- "/$id(/|\$)" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3
		stat -L -c '%d:%i %n' /proc/[0-9]*/root 2>/dev/null | awk -v r="$rootid" '$1 == r { split($2, a, "/"); print a[3] }'
	} | sort -un | while read -r pid; do
		[[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
		is_live_pid "$pid" && echo "$pid"
	done
	return 0
}

# force_delete_leaves_nothing ID: `delete --force ID` succeeds and nothing of ID is left
force_delete_leaves_nothing() {
	run runtime delete --force "$1"
	assert_success
	assert_nothing_left "$1"
}

# assert_clean_refusal ID MESSAGE: the command just run failed cleanly, said MESSAGE (any case),
# and cleaned up after itself
assert_clean_refusal() {
	assert_clean_outcome
	assert_output_contains_i "$2"
	assert_nothing_left "$1"
}

# first_error_line: the first line of the last command's output, normalised for a table of
# distinct messages (no "berth-runtime: " prefix, quoted paths as PATH)
first_error_line() {
	head -n 1 <<<"$output" | sed -E 's/^berth-runtime: //; s/"[^"]*"/PATH/g'
}

# assert_nothing_left ID [MOUNT...]: no state entry (in $STATE_ROOT), cgroup (any hierarchy),
# process or mount (under TEST_WORK) of the container ID is left (MOUNTs: mount points the
# test made itself and expects)
assert_nothing_left() {
	local id=$1 entries cg procs mnts m
	shift
	for _ in $(seq 1 40); do
		procs=$(id_processes "$id" | tr '\n' ' ')
		[[ -z ${procs// /} ]] && break
		sleep 0.05
	done
	entries=$(find "$STATE_ROOT" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null || true)
	cg=$(container_cgroups "$id" | tr '\n' ' ')
	mnts=$(test_mounts)
	for m in "$@"; do
		mnts=$(grep -vxF -- "$m" <<<"$mnts" || true)
	done
	[[ -z ${entries// /} ]] || fail "state entries left: $entries"
	[[ -z ${cg// /} ]] || fail "cgroups left: $cg"
	[[ -z ${procs// /} ]] || fail "processes left: $procs"
	[[ -z $mnts ]] || fail "mounts left: $mnts"
}
