#!/bin/bash
# bench/cgroup-attach.sh [--runs K] [--berth PATH]
#
# Where a container's cgroup attach time goes, for berth-runtime, runc and crun.
#  1. Each runtime runs /bin/true K times under `strace -ff -y -T -e trace=write`;
#     every write to a cgroup.procs or tasks file is picked out with its
#     duration. Printed per runtime: attach writes per container, the duration
#     of the first one and of all the others (median, min-max over K runs).
#     strace slows the CPU-bound parts, not the sleeping: an RCU grace period
#     in the write shows at its true length.
#  2. bench/cgattach.c: the same move done five ways (parent writes pid to
#     cgroup.procs / tasks, child writes 0 to its own tasks, cgroup2 procs,
#     clone3 CLONE_INTO_CGROUP), with the machine otherwise quiet.
# Layouts as in bench/run.sh: host (hybrid: berth, runc) and v1only (inside
# `unshare -m` with /sys/fs/cgroup/unified unmounted: berth, runc, crun).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=5
berth_src=${BERTH:-$repo/build/berth-runtime}
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	--berth) berth_src=$2; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "cgroup-attach.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" = 0 ] || { echo "cgroup-attach.sh: run as root" >&2; exit 2; }
command -v strace >/dev/null || { echo "cgroup-attach.sh: strace is missing (apt-get install -y strace)" >&2; exit 2; }
[ -x "$berth_src" ] || { echo "cgroup-attach.sh: $berth_src not found" >&2; exit 2; }

mkdir -p "$here/.bin"
if [ ! -x "$here/.bin/cgattach" ] || [ "$here/cgattach.c" -nt "$here/.bin/cgattach" ]; then
	cc -O2 -Wall -o "$here/.bin/cgattach.$$" "$here/cgattach.c"
	mv "$here/.bin/cgattach.$$" "$here/.bin/cgattach"
fi

work=$(mktemp -d /tmp/berth-cgattach.XXXXXX)
tok=ca$$
cleanup() {
	local rc=$?
	set +e
	for d in "$work"/root/*; do
		[ -d "$d" ] || continue
		local rt=${d##*-} row=${d##*/}
		row=${row%%-*}
		local bin
		case $rt in berth) bin=$work/berth-runtime ;; *) bin=$(command -v "$rt") ;; esac
		local w=()
		[ "$row" = v1only ] && w=(unshare -m sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh)
		for id in $("${w[@]}" "$bin" --root "$d" list -q 2>/dev/null); do
			"${w[@]}" "$bin" --root "$d" delete --force "$id" >/dev/null 2>&1
		done
	done
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
cp "$berth_src" "$work/berth-runtime"
"$repo/tests/fixtures/make-busybox-rootfs.sh" "$work/rootfs" >/dev/null
mkdir -p "$work/b" "$work/gen" "$work/trace" "$work/root"
(cd "$work/gen" && "$work/berth-runtime" spec)
jq --arg root "$work/rootfs" '.ociVersion = "1.0.2" | .process.terminal = false
	| .process.args = ["/bin/true"] | .root.path = $root' "$work/gen/config.json" >"$work/b/config.json"

unified=/sys/fs/cgroup/unified
hybrid=0
if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ] && mountpoint -q $unified 2>/dev/null; then hybrid=1; fi

# measure ROW RUNTIME BIN: K traced runs, one summary line
measure() {
	local row=$1 rt=$2 bin=$3 k
	local root=$work/root/$row-$rt
	mkdir -p "$root"
	local w=()
	[ "$row" = v1only ] && w=(unshare -m sh -c "umount $unified && exec \"\$@\"" sh)
	for k in $(seq 1 "$runs"); do
		"${w[@]}" strace -f -ff -tt -y -T -e trace=write -o "$work/trace/$row.$rt.$k" \
			"$bin" --root "$root" run -b "$work/b" "$tok$rt$k" >/dev/null 2>"$work/trace/$row.$rt.$k.err" || {
			echo "cgroup-attach.sh: $rt run failed:" >&2
			cat "$work/trace/$row.$rt.$k.err" >&2
			exit 1
		}
	done
	# per run: attach writes in time order -> count, first duration, sum of the rest
	perl -e '
		my ($row, $rt, $runs, $dir) = @ARGV;
		my (@first, @rest, @count);
		for my $k (1 .. $runs) {
			my @w;
			for my $f (glob("$dir/$row.$rt.$k.[0-9]*")) {
				open(my $fh, "<", $f) or next;
				while (<$fh>) {
					next unless /^(\d+):(\d+):(\d+\.\d+) write\(\d+<([^>]*(?:cgroup\.procs|\/tasks))>.*<(\d+\.\d+)>$/;
					push @w, [$1 * 3600 + $2 * 60 + $3, $4, $5 * 1000];
				}
			}
			@w = sort { $a->[0] <=> $b->[0] } @w;
			next unless @w;
			push @count, scalar @w;
			push @first, $w[0][2];
			my $r = 0; $r += $_->[2] for @w[1 .. $#w];
			push @rest, $r;
			$::firstpath{$w[0][1]}++;
		}
		sub mmm { my @v = sort { $a <=> $b } @_; return "n/a" unless @v;
			sprintf("%.2f (%.2f-%.2f)", $v[int(@v / 2)], $v[0], $v[-1]) }
		my $fp = join(", ", sort keys %{{ map { (m{^/sys/fs/cgroup/([^/]+)/} ? $1 : $_) => 1 } keys %::firstpath }});
		printf("| %s | %s | %s | %s | %s | %s |\n", $row, $rt, @count ? $count[0] : 0,
			mmm(@first), mmm(@rest), $fp);
	' "$row" "$rt" "$runs" "$work/trace"
}

echo "### cgroup attach writes per container ($runs traced runs of \`run /bin/true\` each; ms, median (min-max))"
echo
echo "| layout | runtime | attach writes | first write ms | all other writes ms | hierarchy of the first write |"
echo "|---|---|---|---|---|---|"
rows=host
[ $hybrid = 1 ] && rows="host v1only"
for row in $rows; do
	measure "$row" berth "$work/berth-runtime"
	if command -v runc >/dev/null; then measure "$row" runc "$(command -v runc)"; fi
	if command -v crun >/dev/null && { [ "$row" = v1only ] || [ $hybrid = 0 ]; }; then
		measure "$row" crun "$(command -v crun)"
	fi
done
echo
echo "### Moving a fresh process into a cgroup, by method (bench/cgattach.c)"
echo
echo '```'
"$here/.bin/cgattach" -n "$((runs > 4 ? runs : 5))"
echo '```'
