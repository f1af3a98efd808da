#!/bin/bash
# bench/run.sh [--quick | --full] [options]
#
# berth-runtime, crun and runc side by side (issue 7). Builds one set of
# bundles, runs every runtime on the same bundle, interleaved (A B C A B C),
# each with its own --root under a temporary directory, and prints a markdown
# table of medians (min-max) and ratios. Raw samples go to
# bench/results/<timestamp>.csv (gitignored), the table to <timestamp>.md.
#
# Two rows of numbers:
#   host     the machine's own hybrid layout (v1 controllers + cgroup2 at
#            /sys/fs/cgroup/unified): berth-runtime, runc and the floor.
#            crun 1.8 refuses this layout ("cgroups in hybrid mode not
#            supported"), so it has no host numbers.
#   v1only   inside `unshare -m sh -c 'umount /sys/fs/cgroup/unified && exec ...'`
#            (a private mount namespace without the cgroup2 mount): berth-runtime,
#            runc, crun and the floor, all in the same namespace.
#   (on a pure cgroup2 or pure v1 host there is just one row, with all three)
#
# What is measured (see bench/README.md for the details):
#   run      `run` of /bin/true: wall, CPU (user+sys of the runtime's process
#            tree, from wait4), peak RSS (ru_maxrss); and the floor
#            `unshare --fork --pid --mount --uts --ipc --net /bin/true`
#   csd      create + start + (wait for exit via the pid file) + delete
#   exec     exec of /bin/true into a running container
#   par2/par16  M containers `run -d` (sleep) P at a time, then `delete --force`
#            of all; plus a count of leftover runtime processes (must be 0)
#   load<N>  one `run` of /bin/true while N detached containers are alive
#   mounts50 `run` of /bin/true with 50 read-only bind mounts in the config
#   seccomp  `run` of /bin/true with tests/fixtures/seccomp/docker-default.json
#   mem512k  /bin/true under linux.resources.memory.limit = 524288 (ok/fail)
#
# Options
#   --quick            small sizes, about a minute or two (default; what CI runs)
#   --full             the sizes of the issue (several minutes)
#   --reps N           samples per case for run/csd/exec/mounts/seccomp
#   --count M          containers in the parallel test (quick 20, full 100)
#   --loads LIST       comma-separated alive-container counts (quick 1,20; full 1,100,500)
#   --rows LIST        host,v1only (default: both where they apply)
#   --berth PATH       the berth-runtime binary (default build/berth-runtime)
#   --out DIR          results directory (default bench/results)
#   --keep             keep the temporary directory (bundles, logs)
#   --no-extras        skip the hyperfine / time -v / perf cross-checks (--full only)
#
# Never asserts on timing. Exits 1 only when a runtime command that should
# succeed fails (the command and its output are shown), 2 on bad usage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

mode=quick
reps=
count=
loads=
rows=
berth_src=${BERTH:-$repo/build/berth-runtime}
outdir=$here/results
keep=0
extras=1

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
	case $1 in
	--quick) mode=quick ;;
	--full) mode=full ;;
	--reps) reps=$2; shift ;;
	--count) count=$2; shift ;;
	--loads) loads=$2; shift ;;
	--rows) rows=$2; shift ;;
	--berth) berth_src=$2; shift ;;
	--out) outdir=$2; shift ;;
	--keep) keep=1 ;;
	--no-extras) extras=0 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

if [ "$mode" = quick ]; then
	: "${reps:=15}" "${count:=20}" "${loads:=1,20}"
	par_reps=1 load_reps=5 mem_reps=1
	extras=0
else
	: "${reps:=100}" "${count:=100}" "${loads:=1,100,500}"
	par_reps=3 load_reps=20 mem_reps=3
fi
seccomp_fixture=$repo/tests/fixtures/seccomp/docker-default.json

[ "$(id -u)" = 0 ] || { echo "run.sh: run as root" >&2; exit 2; }
for tool in jq unshare cc; do
	command -v $tool >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$berth_src" ] || {
	echo "run.sh: $berth_src not found; build it first:" >&2
	echo "  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build -j2" >&2
	exit 2
}
python=$(command -v /usr/bin/python3 python3 | head -n1)

# ---- the driver ----
bxbin=$here/.bin/bx
if [ ! -x "$bxbin" ] || [ "$here/bx.c" -nt "$bxbin" ]; then
	mkdir -p "$here/.bin"
	cc -O2 -Wall -Wextra -o "$bxbin.$$" "$here/bx.c"
	mv "$bxbin.$$" "$bxbin"
fi

# ---- work dir, binaries ----
work=$(mktemp -d /tmp/berth-bench.XXXXXX)
tok=bn$$ # in every container id, to find leftovers
mkdir -p "$work/bin" "$work/logs" "$work/pid" "$work/root"
# A private copy: others rebuild build/ while this runs.
cp "$berth_src" "$work/bin/berth-runtime"
berth=$work/bin/berth-runtime
runc=$(command -v runc || true)
crun=$(command -v crun || true)
unshare_bin=$(command -v unshare)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$outdir"
csv=$outdir/$stamp.csv
md=$outdir/$stamp.md
meta=$work/meta
: >"$meta"
note() { printf '%s\t%s\n' "$1" "$2" >>"$meta"; }

# ---- cgroup layout ----
unified=/sys/fs/cgroup/unified
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
	layout=v2
elif mountpoint -q "$unified" 2>/dev/null && [ "$(stat -fc %T $unified)" = cgroup2fs ]; then
	layout="hybrid (v1 controllers + cgroup2 at $unified)"
else
	layout=v1
fi
: "${rows:=$(case $layout in hybrid*) echo host,v1only ;; *) echo host ;; esac)}"
v1wrap() { "$unshare_bin" -m sh -c "umount $unified && exec \"\$@\"" sh "$@"; }

# ---- cleanup: containers, then the work dir; and a leak check ----
all_rows=(host v1only)
cleanup() {
	local rc=$?
	set +e
	for r in "${all_rows[@]}"; do
		for rt in berth runc crun; do
			local root=$work/root/$r-$rt bin
			[ -d "$root" ] || continue
			case $rt in berth) bin=$berth ;; runc) bin=$runc ;; crun) bin=$crun ;; esac
			local wrap=()
			[ "$r" = v1only ] && wrap=(v1wrap)
			for id in $("${wrap[@]}" "$bin" --root "$root" list -q 2>/dev/null </dev/null); do
				"${wrap[@]}" "$bin" --root "$root" delete --force "$id" </dev/null >/dev/null 2>&1 ||
					echo "run.sh: cleanup: $rt delete --force $id failed" >&2
			done
		done
	done
	if [ $keep = 1 ]; then
		echo "kept $work" >&2
	else
		rm -rf "$work"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- bundles: one config.json from `berth-runtime spec`, used by all three ----
"$repo/tests/fixtures/make-busybox-rootfs.sh" "$work/rootfs" >/dev/null
for k in $(seq 0 49); do mkdir -p "$work/rootfs/mnt/m$k"; done
mkdir -p "$work/vol" "$work/gen"
echo data >"$work/vol/file"
(cd "$work/gen" && "$berth" spec)
# ociVersion: crun 1.8.1 rejects 1.2.0 ("unknown version specified"); all three take 1.0.2.
jq --arg root "$work/rootfs" '
	.ociVersion = "1.0.2"
	| .process.terminal = false
	| .process.args = ["/bin/true"]
	| .root.path = $root' "$work/gen/config.json" >"$work/base.json"
mkbundle() { # NAME JQ-FILTER [jq args...]
	local name=$1 filter=$2
	shift 2
	mkdir -p "$work/b/$name"
	jq "$@" "$filter" "$work/base.json" >"$work/b/$name/config.json"
}
mkbundle true '.'
mkbundle sleep '.process.args = ["sleep", "1000000"]'
mkbundle mounts50 '.mounts += [range(50) | {destination: "/mnt/m\(.)", type: "bind", source: $vol, options: ["rbind", "ro"]}]' --arg vol "$work/vol"
mkbundle mem512k '.linux.resources.memory = {limit: 524288}'
mkbundle mem512k-sleep '.linux.resources.memory = {limit: 524288} | .process.args = ["sleep", "1000000"]'
have_seccomp=0
if [ -f "$seccomp_fixture" ]; then
	# Either an OCI linux.seccomp object, or Docker's profile format (archMap,
	# names + includes/excludes): turned into the OCI form for this machine.
	jq --arg arch "SCMP_ARCH_$(uname -m | sed 's/x86_64/X86_64/; s/aarch64/AARCH64/')" '
		if has("archMap") then
			{ defaultAction: .defaultAction,
			  defaultErrnoRet: .defaultErrnoRet,
			  architectures: ([.archMap[] | select(.architecture == $arch) | .architecture, .subArchitectures[]?]),
			  syscalls: [.syscalls[]
				| select((.includes // {}) | (has("caps") or has("minKernel")) | not)
				| select((.excludes // {}) | has("caps") | not)
				| del(.includes, .excludes, .comment)] }
			| with_entries(select(.value != null))
		elif has("defaultAction") then .
		else .linux.seccomp end' "$seccomp_fixture" >"$work/seccomp.json"
	mkbundle seccomp '.linux.seccomp = $s[0]' --slurpfile s "$work/seccomp.json"
	seccomp_rules=$(jq '[.syscalls[].names | length] | add' "$work/seccomp.json")
	note seccomp.profile "$seccomp_rules syscalls in $(jq '.syscalls | length' "$work/seccomp.json") rules, default action $(jq -r .defaultAction "$work/seccomp.json") (tests/fixtures/seccomp/docker-default.json)"
	have_seccomp=1
fi

# ---- which runtime does what ----
berth_exec=0
"$berth" exec --help >/dev/null 2>&1 && berth_exec=1
[ $berth_exec = 1 ] || note berth.exec "n/a (not implemented: berth-runtime exec --help fails)"
[ -n "$runc" ] || note runc "not installed"
[ -n "$crun" ] || note crun "not installed"

# runtimes_for ROW: label=binary pairs
runtimes_for() {
	echo "berth=$berth"
	[ -z "$runc" ] || echo "runc=$runc"
	# crun 1.8 refuses the hybrid layout: only in the v1only row there
	if [ -n "$crun" ] && { [ "$1" = v1only ] || [ "${layout#hybrid}" = "$layout" ]; }; then
		echo "crun=$crun"
	fi
}

# ---- the plan of one row ----
gen_plan() { # ROW
	local row=$1 name bin root p
	local -a rts=()
	mapfile -t rts < <(runtimes_for "$row")
	floor="$unshare_bin --fork --pid --mount --uts --ipc --net /bin/true"
	B=$work/b
	echo "row $row"
	for rt in "${rts[@]}"; do
		name=${rt%%=*}
		mkdir -p "$work/root/$row-$name"
	done
	rtloop() { # emit "name bin root prefix" per runtime
		for rt in "${rts[@]}"; do
			name=${rt%%=*} bin=${rt#*=}
			echo "$name $bin $work/root/$row-$name $tok${name:0:1}"
		done
	}

	echo "echo [$row] 1. run /bin/true ($reps samples per runtime, interleaved)"
	echo "reps $reps"
	echo "warmup 2"
	echo "block run"
	while read -r name bin root p; do
		echo "case $name"
		echo "run $bin --root $root run -b $B/true ${p}r{i}"
	done < <(rtloop)
	echo "case floor"
	echo "run $floor"
	echo "end"

	echo "echo [$row] 3. create + start + wait + delete"
	echo "block csd"
	while read -r name bin root p; do
		echo "case $name"
		echo "run $bin --root $root create -b $B/true --pid-file $work/pid/$row-$name-{i} ${p}c{i}"
		echo "run $bin --root $root start ${p}c{i}"
		echo "waitpid $work/pid/$row-$name-{i}"
		echo "run $bin --root $root delete ${p}c{i}"
	done < <(rtloop)
	echo "end"

	echo "echo [$row] 4. exec /bin/true into a running container"
	local any=0
	while read -r name bin root p; do
		[ "$name" = berth ] && [ $berth_exec = 0 ] && continue
		echo "once $bin --root $root run -d -b $B/sleep ${p}e"
		any=1
	done < <(rtloop)
	if [ $any = 1 ]; then
		echo "block exec"
		while read -r name bin root p; do
			[ "$name" = berth ] && [ $berth_exec = 0 ] && continue
			echo "case $name"
			echo "run $bin --root $root exec ${p}e /bin/true"
		done < <(rtloop)
		echo "end"
		teardown 1 e
	fi

	echo "reps $par_reps"
	echo "warmup 0"
	for P in 2 16; do
		echo "echo [$row] 5. $count containers run -d, $P at a time, then delete --force"
		echo "block par$P"
		while read -r name bin root p; do
			echo "case $name"
			echo "par $P $count $bin --root $root run -d -b $B/sleep ${p}p$P-{i}-{j}"
			echo "countexe $bin"
			echo "par $P $count $bin --root $root delete --force ${p}p$P-{i}-{j}"
		done < <(rtloop)
		echo "end"
	done

	echo "reps $load_reps"
	echo "warmup 1"
	local L
	for L in ${loads//,/ }; do
		while read -r name bin root p; do
			echo "echo [$row] 6. $name: run /bin/true with $L alive"
			echo "oncepar 2 $L $bin --root $root run -d -b $B/sleep ${p}l$L-{j}"
			echo "block load$L"
			echo "case $name"
			echo "run $bin --root $root run -b $B/true ${p}L$L-{i}"
			echo "end"
			teardown_one "$bin" "$root" "$L" "${p}l$L-{j}"
		done < <(rtloop)
	done

	echo "reps $reps"
	echo "warmup 1"
	echo "echo [$row] 6. 50 bind mounts"
	echo "block mounts50"
	while read -r name bin root p; do
		echo "case $name"
		echo "run $bin --root $root run -b $B/mounts50 ${p}m{i}"
	done < <(rtloop)
	echo "end"

	if [ $have_seccomp = 1 ]; then
		echo "echo [$row] 6. seccomp profile ($seccomp_rules syscalls)"
		echo "block seccomp"
		while read -r name bin root p; do
			if [ "$name" = berth ]; then echo "case $name allowfail"; else echo "case $name"; fi
			echo "run $bin --root $root run -b $B/seccomp ${p}s{i}"
		done < <(rtloop)
		echo "end"
	fi

	echo "echo [$row] 7. 512 KiB memory limit"
	echo "reps $mem_reps"
	echo "warmup 0"
	echo "block mem512k"
	while read -r name bin root p; do
		echo "case $name allowfail"
		echo "run $bin --root $root run -b $B/mem512k ${p}k{i}"
	done < <(rtloop)
	echo "end"
	# a failed run may leave its container behind
	while read -r name bin root p; do
		for i in $(seq 0 $((mem_reps - 1))); do echo "try $bin --root $root delete --force ${p}k$i"; done
	done < <(rtloop)
}
# teardown of detached containers, as containerd does it: kill, reap, delete
teardown_one() { # BIN ROOT M ID-TEMPLATE
	echo "trypar 4 $3 $1 --root $2 kill $4 KILL"
	echo "reap 60"
	echo "oncepar 4 $3 $1 --root $2 delete --force $4"
}
teardown() { # M ID-SUFFIX (one container per runtime)
	while read -r name bin root p; do
		[ "$name" = berth ] && [ $berth_exec = 0 ] && [ "$2" = e ] && continue
		echo "try $bin --root $root kill ${p}$2 KILL"
	done < <(rtloop)
	echo "reap 60"
	while read -r name bin root p; do
		[ "$name" = berth ] && [ $berth_exec = 0 ] && [ "$2" = e ] && continue
		echo "once $bin --root $root delete --force ${p}$2"
	done < <(rtloop)
}

# ---- machine line and notes ----
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
note machine "kernel $(uname -r), cgroup $layout, CPU ${cpu:-unknown}, nproc $(nproc)"
note versions "$("$berth" --version | head -n1); $([ -z "$crun" ] || "$crun" --version | head -n1); $([ -z "$runc" ] || "$runc" --version | head -n1)"
note mode "$mode: reps $reps, parallel count $count, loads $loads, load reps $load_reps"
note load.start "$(cut -d' ' -f1-3 /proc/loadavg) (load average at the start; other work on the machine inflates wall times, CPU times much less)"
note bundle "one config.json from 'berth-runtime spec' for all runtimes: terminal false, args [/bin/true], ociVersion 1.0.2 (crun 1.8.1 rejects 1.2.0), shared read-only busybox rootfs"
case $layout in hybrid*)
	if [ -n "$crun" ]; then
		mkdir -p "$work/root/crun-probe"
		msg=$("$crun" --root "$work/root/crun-probe" run -b "$work/b/true" "${tok}probe" 2>&1 >/dev/null) &&
			note crun.host "crun ran in the host layout" ||
			note crun.host "crun refuses the host layout: ${msg//$'\n'/ }"
		rm -rf "$work/root/crun-probe"
	fi
	note rows "host = the machine's hybrid layout (berth, runc); v1only = inside 'unshare -m sh -c \"umount $unified && exec ...\"' (berth, runc, crun), because crun 1.8 refuses the hybrid layout"
	;;
esac
[ $have_seccomp = 1 ] || note seccomp "n/a ($seccomp_fixture not found)"

echo "berth-bench: $mode run, results in $csv" >&2
echo "kind,row,block,case,rep,wall_us,user_us,sys_us,maxrss_kb,minflt,nvcsw,nivcsw,status,steps_us,msg" >"$csv"

for row in ${rows//,/ }; do
	gen_plan "$row" >"$work/plan.$row"
	if [ "$row" = v1only ]; then
		v1wrap "$bxbin" "$work/plan.$row" "$csv" "$work/logs" ||
			{ echo "run.sh: the $row row failed (logs: $work/logs, kept)" >&2; keep=1; exit 1; }
	else
		"$bxbin" "$work/plan.$row" "$csv" "$work/logs" ||
			{ echo "run.sh: the $row row failed (logs: $work/logs, kept)" >&2; keep=1; exit 1; }
	fi
done

# ---- 7b. is the 512 KiB limit really in effect? (a container that runs proves little
# if the runtime ignored linux.resources) ----
memcheck() { # ROW NAME BIN ROOT ID BUNDLE: prints the memory limit the kernel has for the container
	local bin=$3 root=$4 id=$5 pid path f
	if ! "$bin" --root "$root" run -d -b "$6" "$id" >/dev/null 2>&1 </dev/null; then
		echo "n/a (run -d failed)"
		return
	fi
	pid=$("$bin" --root "$root" state "$id" | jq -r .pid)
	path=$(awk -F: '$2 == "memory" { print $3 }' "/proc/$pid/cgroup")
	if [ -n "$path" ]; then
		f=/sys/fs/cgroup/memory$path/memory.limit_in_bytes
	else
		path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
		f=/sys/fs/cgroup$path/memory.max
		[ -e "$f" ] || f=/sys/fs/cgroup/unified$path/memory.max
	fi
	if [ -r "$f" ]; then echo "$(cat "$f") in ${f#/sys/fs/cgroup/}"; else echo "n/a (no memory cgroup file for pid $pid)"; fi
	"$bin" --root "$root" delete --force "$id" >/dev/null 2>&1 || echo "run.sh: $3 delete --force $id failed" >&2
}
for row in ${rows//,/ }; do
	while IFS='=' read -r name bin; do
		root=$work/root/$row-$name
		if [ "$row" = v1only ]; then
			lim=$(v1wrap bash -c "$(declare -f memcheck); memcheck \"\$@\"" sh "$row" "$name" "$bin" "$root" "${tok}${name:0:1}v" "$work/b/mem512k-sleep" </dev/null)
		else
			lim=$(memcheck "$row" "$name" "$bin" "$root" "${tok}${name:0:1}v" "$work/b/mem512k-sleep" </dev/null)
		fi
		note "memlimit.$row.$name" "$lim"
	done < <(runtimes_for "$row")
done

note load.end "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- cross-checks with public tools (--full) ----
if [ $extras = 1 ]; then
	echo "berth-bench: cross-checks (time -v, hyperfine, perf)" >&2
	xc=$work/xcheck
	: >"$xc"
	for row in ${rows//,/ }; do
		wrap=()
		[ "$row" = v1only ] && wrap=(v1wrap)
		cmds=()
		while IFS='=' read -r name bin; do
			root=$work/root/$row-$name
			if [ -x /usr/bin/time ]; then
				"${wrap[@]}" /usr/bin/time -f "/usr/bin/time: $row $name: %e s wall, max RSS %M KiB" -a -o "$xc" \
					"$bin" --root "$root" run -b "$work/b/true" "${tok}t" </dev/null >/dev/null 2>&1 || true
			fi
			cmds+=("$bin --root $root run -b $work/b/true ${tok}h")
		done < <(runtimes_for "$row")
		cmds+=("$unshare_bin --fork --pid --mount --uts --ipc --net /bin/true")
		if command -v hyperfine >/dev/null; then
			"${wrap[@]}" hyperfine -N --style none --warmup 3 --runs 50 --export-markdown "$work/hf.$row.md" \
				"${cmds[@]}" </dev/null >/dev/null 2>&1 && {
				echo "hyperfine ($row row, 50 runs each, not interleaved):" >>"$xc"
				sed "s#$work/[^ ]*/##g; s#$work/##g" "$work/hf.$row.md" >>"$xc"
			} || echo "hyperfine ($row): failed" >>"$xc"
		fi
		if command -v perf >/dev/null; then
			if perf stat -x, -e instructions true 2>&1 >/dev/null | grep -q '<not supported>\|<not counted>'; then
				[ "$row" = host ] && echo "perf stat -e instructions: not supported on this machine (no hardware counters)" >>"$xc"
			else
				for c in "${cmds[@]}"; do
					# shellcheck disable=SC2086
					n=$("${wrap[@]}" perf stat -x, -e instructions -r 20 $c 2>&1 >/dev/null </dev/null | awk -F, '/instructions/ {print $1}')
					echo "perf $row: ${c%% *}: $n instructions (mean of 20)" >>"$xc"
				done
			fi
		fi
	done
	if command -v strace >/dev/null; then
		"$here/cgroup-attach.sh" --runs 5 --berth "$berth" >"$work/cgattach.md" 2>&1 ||
			echo "(bench/cgroup-attach.sh failed)" >>"$work/cgattach.md"
		note cgattach "$work/cgattach.md"
	fi
	note xcheck "$xc"
fi

# ---- leftovers: state, cgroups, processes ----
left=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "*$tok*" 2>/dev/null | head -n 20 || true)
# (the bracket keeps grep from matching its own command line)
procs=$(grep -l -s "${tok:0:1}[${tok:1:1}]${tok:2}" /proc/[0-9]*/cmdline 2>/dev/null | head -n 5 || true)
states=$(find "$work/root" -mindepth 2 -maxdepth 2 2>/dev/null | head -n 20 || true)
if [ -z "$left$procs$states" ]; then
	note leftovers "none (no cgroup named *$tok*, no state directory, no process)"
else
	note leftovers "cgroups: $(echo $left) state: $(echo $states) procs: $(echo $procs)"
fi

"$python" "$here/report.py" "$csv" "$meta" | tee "$md"
echo "berth-bench: raw samples $csv, table $md" >&2
