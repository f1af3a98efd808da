#!/bin/bash
# run-integration-in-vm.sh [--runtime PATH] [--all] [BATS ARGS...] [FILE.bats...]
#
# Runs bats integration files (default: the cgroup files, cgroups.bats, cgroup_resources.bats
# and cgroup_commands.bats) inside the cgroup v2 VM (run-in-vm.sh): a pure cgroup2 hierarchy at
# /sys/fs/cgroup whose root cgroup.subtree_control starts empty, so the runtime must enable
# controllers itself, as on a freshly booted host. The same files pass on this hybrid host; the
# tests read the layout from the kernel and check the files that layout has.
#
#   --runtime PATH   the runtime binary (default: $RUNTIME, then <repo>/build/berth-runtime)
#   --all            every test of the files; by default, for the default files, only the tests
#                    whose code differs between cgroup v1 and v2 (FOCUS below: about 25 of 65,
#                    5-6 minutes instead of 13-15; each emulated test costs about 10 s)
#   anything else    passed to tests/integration/run.sh (bats flags such as -f REGEX, --timing,
#                    file names relative to tests/integration or absolute); a -f REGEX of your
#                    own replaces the focus
#
# A work directory under /var/tmp is shared read-write with the guest. It holds a stripped copy
# of the runtime (the build directory may change while the VM runs, and a small binary is read
# faster over 9p) and a busybox rootfs made with tests/fixtures/make-busybox-rootfs.sh, which the
# guest copies to its own tmpfs /tmp (bundles hard-link into that copy; state roots live there
# too). /dev/ram0 (brd) gives the io tests a block device. Environment: BERTH_VM_TIMEOUT (seconds,
# default 900), BERTH_VM_MEMORY (MiB, default 1024), BERTH_VM_CPUS (default 2),
# BERTH_VM_ARTIFACTS (see run-in-vm.sh). Exits with the tests' status (255: the VM failed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

# The tests that exercise v2-specific code: placement in the single hierarchy (controllers
# enabled from an empty subtree_control), the cgroup2 mount in a cgroup namespace, v2 file names
# and conversions, the BPF device filter, hugetlb and io (absent on the hybrid hosts), OOM counts
# from memory.events, cgroup.freeze, cgroup.kill, v2 stats. Prefixes of test names; each must
# match a test (checked before booting).
FOCUS=(
	"cgroups: the layout is what the kernel mounts"
	"placement: no cgroupsPath puts the container"
	"placement: an absolute cgroupsPath"
	"cgroup namespace: /proc/self/cgroup shows /"
	"memory: limit, reservation and swap"
	"cpu: shares (v2: cpu.weight"
	"cpuset: cpus and mems"
	"blockIO: throttle devices"
	"blockIO: a read throttle slows"
	"hugepageLimits:"
	"unified: key/values"
	"memory limit enforced: allocating past it"
	"pids limit enforced"
	"cpu quota enforced"
	"devices: a deny rule blocks access"
	"devices: the default rules"
	"bad input: a memory limit below"
	"update: flags change"
	"update: --memory-swap"
	"pause freezes every process"
	"pause: a paused container can be killed"
	"events --stats prints"
	"events reports an OOM"
	"kill --all KILL kills every process"
	"kill --all TERM signals every process"
)

runtime=${RUNTIME:-$repo/build/berth-runtime}
args=()
files=()
all=0
own_filter=0
while [[ $# -gt 0 ]]; do
	case $1 in
	--all)
		all=1
		shift
		;;
	-f | --filter)
		own_filter=1
		args+=("$1" "$2")
		shift 2
		;;
	--runtime)
		runtime=$2
		shift 2
		;;
	--runtime=*)
		runtime=${1#--runtime=}
		shift
		;;
	-h | --help)
		sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*.bats)
		files+=("$1")
		shift
		;;
	*)
		args+=("$1")
		shift
		;;
	esac
done
if [[ $runtime != */* ]]; then
	runtime=$(command -v "$runtime") || {
		echo "run-integration-in-vm.sh: runtime not found in PATH" >&2
		exit 2
	}
fi
[[ -x $runtime ]] || {
	echo "run-integration-in-vm.sh: no runtime binary at $runtime (build berth-runtime first)" >&2
	exit 2
}
focus=0
if [[ ${#files[@]} -eq 0 ]]; then
	files=(cgroups.bats cgroup_resources.bats cgroup_commands.bats)
	[[ $all == 1 || $own_filter == 1 ]] || focus=1
fi
# File names are resolved on the host: the guest sees the repository at the same path.
for i in "${!files[@]}"; do
	f=${files[$i]}
	[[ -f $f ]] || f=$repo/tests/integration/$f
	[[ -f $f ]] || {
		echo "run-integration-in-vm.sh: no bats file ${files[$i]}" >&2
		exit 2
	}
	files[$i]=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
done

if [[ $focus == 1 ]]; then
	names=$(sed -n 's/^@test "\(.*\)" {$/\1/p' "${files[@]}")
	regex=''
	for prefix in "${FOCUS[@]}"; do
		awk -v p="$prefix" 'index($0, p) == 1 { found = 1 } END { exit !found }' <<<"$names" || {
			echo "run-integration-in-vm.sh: no test named \"$prefix...\" any more (update FOCUS)" >&2
			exit 2
		}
		# bats -f takes an extended regex: escape the prefix
		regex+="${regex:+|}^$(printf '%s' "$prefix" | sed 's/[][\.*^$()+?{}|]/\\&/g')"
	done
	args+=(-f "$regex")
fi

# The guest reads the tests from the host's / (read-only), except where it has its own tmpfs.
case $repo/ in
/tmp/* | /var/tmp/* | /run/*)
	echo "run-integration-in-vm.sh: the repository ($repo) is under /tmp, /var/tmp or /run, which the guest has as its own empty tmpfs; clone it elsewhere" >&2
	exit 2
	;;
esac

work=$(mktemp -d /var/tmp/berth-vm-it.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/fixtures"
name=$(basename "$runtime")
# Keep the file name: the tests recognise berth-runtime by it (is_berth).
if ! strip -o "$work/bin/$name" "$runtime" 2>/dev/null; then
	cp "$runtime" "$work/bin/$name"
fi
"$repo/tests/fixtures/make-busybox-rootfs.sh" "$work/fixtures/busybox-rootfs" >/dev/null

cat >"$work/guest.sh" <<'EOF'
#!/bin/bash
# Runs in the VM, in the work directory: $1 = work dir, then run.sh arguments.
set -u
work=$1
shift
modprobe brd rd_nr=1 rd_size=16384 2>/dev/null || echo "# (no brd module: io tests without /dev/ram0)"
# the rootfs on the guest's own tmpfs, so that bundles can hard-link into it
mkdir -p /tmp/berth-fixtures
cp -a "$work/fixtures/busybox-rootfs" /tmp/berth-fixtures/busybox-rootfs
export BERTH_FIXTURE_CACHE=/tmp/berth-fixtures TMPDIR=/tmp
# Emulated exec of a dynamically linked binary read over 9p costs 100-300 ms; the static busybox
# on the guest's tmpfs a fifth of that. The helpers run these simple tools hundreds of times per
# test, so busybox stands in for the ones whose options the tests use identically.
if [[ ${BERTH_VM_BUSYBOX_TOOLS:-1} == 1 ]]; then
	mkdir -p /tmp/berth-tools
	for tool in basename cat cut dirname find grep head mkdir mktemp rm seq sleep sort tail tee tr uniq wc; do
		ln -s /run/busybox "/tmp/berth-tools/$tool"
	done
	export PATH=/tmp/berth-tools:$PATH
fi
echo "# guest: $(uname -r), $(stat -fc %T /sys/fs/cgroup) at /sys/fs/cgroup, controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
start=$(date +%s)
"$@"
status=$?
echo "# tests took $(($(date +%s) - start)) s inside the VM"
exit $status
EOF
chmod +x "$work/guest.sh"

start=$(date +%s)
set +e
"$here/run-in-vm.sh" -t "${BERTH_VM_TIMEOUT:-900}" -m "${BERTH_VM_MEMORY:-1024}" -c "${BERTH_VM_CPUS:-2}" \
	"$work" "$work/guest.sh" "$work" \
	"$repo/tests/integration/run.sh" --runtime "$work/bin/$name" ${args[@]+"${args[@]}"} "${files[@]}"
status=$?
set -e
echo "# cgroup v2 VM run: $(($(date +%s) - start)) s wall, exit status $status"
exit $status
