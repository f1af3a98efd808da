#!/bin/bash
# berth-runtime under faults, load and hostile input (issue 8), as root.
#
#   tests/stress/run.sh [--quick|--full] [--runtime PATH] [--only PHASE[,PHASE...]]
#
#   --quick   CI sizes (the default): about 1.5 minutes on 2 cores (the budget is 4)
#   --full    the issue's sizes: 1000 plain + 200 rich leak cycles, 500 containers from 16
#             clients, 8x500 same-id commands, a 300k-file image...; about 4 minutes
#   PHASE     leaks, concurrency (driver.py), faults, hostile, exhaustion (bats files)
#
# The runtime is --runtime PATH, else $RUNTIME, else <repo>/build/berth-runtime. Prints the
# figures (cycles run, leftovers found, counts, timings) at the end and exits non-zero when any
# phase failed or anything of ours is left on the machine afterwards.
# SC2317: functions called through traps and run_phase
# shellcheck disable=SC2317
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

mode=quick
runtime=${RUNTIME:-$repo/build/berth-runtime}
only=leaks,concurrency,faults,hostile,exhaustion
while [[ $# -gt 0 ]]; do
	case $1 in
	--quick) mode=quick ;;
	--full) mode=full ;;
	--runtime)
		[[ $# -ge 2 ]] || {
			echo "run.sh: --runtime needs a value" >&2
			exit 2
		}
		runtime=$2
		shift
		;;
	--runtime=*) runtime=${1#--runtime=} ;;
	--only)
		[[ $# -ge 2 ]] || {
			echo "run.sh: --only needs a value" >&2
			exit 2
		}
		only=$2
		shift
		;;
	--only=*) only=${1#--only=} ;;
	-h | --help)
		sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "run.sh: unknown argument $1 (see --help)" >&2
		exit 2
		;;
	esac
	shift
done

if [[ $runtime == */* ]]; then
	[[ -d $(dirname "$runtime") ]] && runtime=$(cd "$(dirname "$runtime")" && pwd)/$(basename "$runtime")
else
	runtime=$(command -v "$runtime" || echo "$runtime")
fi
[[ -x $runtime ]] || {
	echo "run.sh: runtime $runtime is not executable (build berth-runtime first, or pass --runtime)" >&2
	exit 1
}
[[ $(id -u) -eq 0 ]] || {
	echo "run.sh: the stress tests create real containers and cgroups and must run as root" >&2
	exit 1
}
missing=()
command -v bats >/dev/null || missing+=(bats)
command -v jq >/dev/null || missing+=(jq)
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
command -v unshare >/dev/null || missing+=(util-linux)
[[ -x /usr/bin/python3 ]] || missing+=(python3)
[[ -x /bin/busybox ]] && ! file -b /bin/busybox 2>/dev/null | grep -q dynamically || missing+=(busybox-static)
if [[ ${#missing[@]} -gt 0 ]]; then
	echo "run.sh: missing packages: apt-get install -y ${missing[*]}" >&2
	exit 1
fi

# leak cycles (plain, rich), containers from 16 clients, commands of each of 8 same-id racers;
# the bats files size themselves from STRESS_MODE
if [[ $mode == full ]]; then
	cycles=1000 rich=200 containers=500 race_ops=500
else
	cycles=150 rich=30 containers=200 race_ops=150
fi

# Everything of this run is named st-<this pid>-... and lives in one work directory.
export STRESS_RUN_ID=$$
export STRESS_MODE=$mode
prefix=st-$$-
work=$(mktemp -d /tmp/berth-stress.XXXXXX)
chmod 0755 "$work"
export STRESS_FIGURES=$work/figures.txt
export BERTH_FIXTURE_CACHE=$work/fixtures
export BERTH_CACHE_DIR=$work/seccomp-cache
: >"$STRESS_FIGURES"
export RUNTIME=$runtime

# our_cgroups: every cgroup directory of this run, deepest first
our_cgroups() {
	find /sys/fs/cgroup -mindepth 1 -maxdepth 10 -type d -name "st-$STRESS_RUN_ID-*" 2>/dev/null | sort -r
}

# our_processes: processes in one of this run's cgroups or with the work directory in their
# command line (not this script's own)
our_processes() {
	{
		grep -l -- "/st-$STRESS_RUN_ID-" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3
		grep -l -- "${work:0:1}[${work:1:1}]${work:2}" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3
	} | sort -u | while read -r pid; do
		[[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
		st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || continue
		[[ -n $st && $st != Z ]] && echo "$pid"
	done
}

our_mounts() {
	grep -F -- "$work" /proc/self/mountinfo 2>/dev/null | awk '{print $5}' | sort -r
}

# sweep: finds (and removes) anything of this run; prints one line per thing found
sweep() {
	local root id pid m cg
	for root in "$work"/root-*; do
		[[ -d $root ]] || continue
		while read -r id; do
			echo "state entry $root/$id"
			timeout -k 5 60 "$runtime" --root "$root" delete --force "$id" </dev/null >/dev/null 2>&1 || true
			[[ ! -d $root/$id ]] || rm -rf "${root:?}/$id"
		done < <(find "$root" -mindepth 1 -maxdepth 1 -printf '%f\n')
	done
	for pid in $(our_processes); do
		echo "process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
		kill -KILL "$pid" 2>/dev/null || true
	done
	for cg in $(our_cgroups); do
		echo "cgroup $cg"
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			rmdir "$cg" 2>/dev/null && break
			sleep 0.1
		done
	done
	for m in $(our_mounts); do
		echo "mount $m"
		umount -l "$m" 2>/dev/null || true
	done
}

cleanup() {
	local left
	left=$(sweep)
	[[ -n $left ]] && printf 'run.sh: removed after an interruption: %s\n' "$left" >&2
	if [[ -z $(our_mounts) ]]; then
		rm -rf "$work"
	else
		echo "run.sh: mounts remain under $work; left in place" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Bundles for the driver: `plain` runs busybox sleep; `rich` has a terminal, a user namespace
# (0 -> 100000, 65536 ids) and a memory limit.
make_bundles() {
	"$repo/tests/fixtures/make-bundle.sh" "$work/plain" "$runtime" >/dev/null &&
		"$repo/tests/fixtures/make-bundle.sh" "$work/rich" "$runtime" >/dev/null || return 1
	jq '.process.args = ["sleep", "1000"]' "$work/plain/config.json" >"$work/plain/c.json" &&
		mv "$work/plain/c.json" "$work/plain/config.json" || return 1
	jq '.process.terminal = true
		| .process.args = ["sh", "-c", "echo container-ready; exec sleep 1000"]
		| .linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.resources.memory = {"limit": 67108864}' \
		"$work/rich/config.json" >"$work/rich/c.json" &&
		mv "$work/rich/c.json" "$work/rich/config.json"
}

seconds_since() {
	awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

declare -A phase_result phase_seconds
failed=0

run_phase() { # NAME COMMAND...
	local name=$1 start rc
	shift
	echo
	echo "=== $name ($mode)"
	start=$EPOCHREALTIME
	"$@"
	rc=$?
	phase_seconds[$name]=$(seconds_since "$start")
	if [[ $rc -eq 0 ]]; then
		phase_result[$name]=ok
	else
		phase_result[$name]="FAILED (exit $rc)"
		failed=1
	fi
}

driver() { # PHASE ARGS...
	# a private mount namespace: its mount table changes only through what the driver starts,
	# so the driver compares it exactly
	unshare --mount --propagation private /usr/bin/python3 "$here/driver.py" --runtime "$runtime" \
		--work "$work" --prefix "$prefix" --figures "$STRESS_FIGURES" "$@"
}

bats_phase() { # FILE
	bats "$here/$1.bats"
}

total_start=$EPOCHREALTIME
echo "# runtime: $runtime ($("$runtime" --version 2>/dev/null | head -n 1))"
echo "# mode: $mode; work directory $work; ids st-$$-..."
make_bundles || {
	echo "run.sh: could not make the bundles" >&2
	exit 1
}

IFS=, read -r -a phases <<<"$only"
for phase in "${phases[@]}"; do
	case $phase in
	leaks) run_phase leaks driver leaks --cycles "$cycles" --rich "$rich" ;;
	concurrency) run_phase concurrency driver concurrency --containers "$containers" --clients 16 \
		--race-clients 8 --race-ops "$race_ops" ;;
	faults | hostile | exhaustion) run_phase "$phase" bats_phase "$phase" ;;
	*)
		echo "run.sh: unknown phase $phase" >&2
		failed=1
		;;
	esac
done

# Whatever a phase left behind (its own checks may have missed it) fails the run.
leftovers=$(sweep)
total=$(seconds_since "$total_start")

echo
echo "=== figures ($mode)"
sed 's/^/  /' "$STRESS_FIGURES"
echo "=== phases"
for phase in "${phases[@]}"; do
	printf '  %-12s %-20s %6s s\n' "$phase" "${phase_result[$phase]:-not run}" "${phase_seconds[$phase]:-0}"
done
if [[ -n $leftovers ]]; then
	echo "  final sweep: leftovers found:"
	while read -r line; do echo "    $line"; done <<<"$leftovers"
	failed=1
else
	echo "  final sweep: no state entry, cgroup, process or mount of this run left"
fi
echo "  total: $total s"
exit "$failed"
