#!/bin/bash
# run-in-vm.sh [OPTIONS] HOSTDIR CMD [ARGS...]
#
# Boots Debian's kernel under qemu (software emulation: KVM does not work on these hosts) with a
# pure cgroup v2 hierarchy at /sys/fs/cgroup, and runs CMD as root in the root cgroup, in HOSTDIR.
# The guest sees the host's / read-only (writes go to a throw-away overlay), so host-built
# binaries run unchanged; HOSTDIR is shared read-write at the same path. CMD's stdout and stderr
# come out here; the exit code is CMD's (255: the VM itself failed).
#
# Options:
#   -m MIB           guest memory (default 1024)
#   -c N             virtual CPUs (default 2)
#   -t SECONDS       wall-clock limit (default 600)
#   -e NAME=VALUE    environment for CMD (repeatable)
#   --enable-controllers   enable every controller in the root's cgroup.subtree_control first (as
#                    systemd does); by default the root's subtree_control is left empty, so the
#                    runtime must enable what it needs itself
#   --cgroup2-options OPTS  mount options for cgroup2 (e.g. nsdelegate,memory_recursiveprot)
#   -a 'ARGS'        extra kernel command line
#   -v               print the guest's kernel console at the end
# Environment: BERTH_VM_ARTIFACTS (default /var/tmp/berth-vm), made by setup.sh on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
artifacts=${BERTH_VM_ARTIFACTS:-/var/tmp/berth-vm}
memory=1024 cpus=2 timeout_s=600 verbose=0 enable_controllers=0 cgroup2_options="" extra_cmdline="" envs=()
while [ $# -gt 0 ]; do
  case "$1" in
    -m) memory=$2; shift 2 ;;
    -c) cpus=$2; shift 2 ;;
    -t) timeout_s=$2; shift 2 ;;
    -e) envs+=("$2"); shift 2 ;;
    --enable-controllers) enable_controllers=1; shift ;;
    --cgroup2-options) cgroup2_options=$2; shift 2 ;;
    -a) extra_cmdline=$2; shift 2 ;;
    -v) verbose=1; shift ;;
    --) shift; break ;;
    -*) echo "run-in-vm.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ]; then sed -n '2,20p' "$0" >&2; exit 2; fi
workdir=$(cd "$1" && pwd)
shift
if [ ! -f "$artifacts/kernel.version" ] || [ ! -f "$artifacts/initramfs.gz" ]; then
  BERTH_VM_ARTIFACTS=$artifacts "$here/setup.sh" >&2
fi
version=$(cat "$artifacts/kernel.version")

shell_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
control=$(mktemp -d /tmp/berth-vm.XXXXXX)
trap 'rm -rf "$control"' EXIT
{
  echo "BERTH_VM_WORKDIR=$(shell_quote "$workdir")"
  echo "BERTH_VM_MODULES=$(shell_quote "$artifacts/kernel/lib/modules")"
  echo "BERTH_VM_ENABLE_CONTROLLERS=$enable_controllers"
  echo "BERTH_VM_CGROUP2_OPTIONS=$(shell_quote "$cgroup2_options")"
} > "$control/config"
{
  for e in ${envs[@]+"${envs[@]}"}; do echo "export $(shell_quote "$e")"; done
  printf 'exec'
  for arg in "$@"; do printf ' %s' "$(shell_quote "$arg")"; done
  echo
} > "$control/command.sh"
touch "$control/stderr"

kernel="$artifacts/vmlinux"
[ -s "$kernel" ] || kernel="$artifacts/bzImage"
set +e
timeout --foreground -k 5 "$timeout_s" qemu-system-x86_64 \
  -accel tcg,thread=multi -cpu max -M pc -m "$memory" -smp "$cpus" \
  -nodefaults -no-user-config -display none -no-reboot -net none \
  -chardev file,id=console,path="$control/console.log" -serial chardev:console \
  -chardev stdio,id=stdout,signal=off -serial chardev:stdout \
  -chardev file,id=stderr,path="$control/stderr" -serial chardev:stderr \
  -fsdev local,id=control,path="$control",security_model=none \
  -device virtio-9p-pci,fsdev=control,mount_tag=control \
  -fsdev local,id=hostroot,path=/,security_model=passthrough,readonly=on,multidevs=remap \
  -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
  -fsdev local,id=work,path="$workdir",security_model=passthrough,multidevs=remap \
  -device virtio-9p-pci,fsdev=work,mount_tag=work \
  -kernel "$kernel" -initrd "$artifacts/initramfs.gz" \
  -append "console=ttyS0 quiet panic=-1 rdinit=/init $extra_cmdline" </dev/null
qemu_status=$?
set -e
cat "$control/stderr" >&2
exit_code=$(cat "$control/exit-code" 2>/dev/null || true)
if [ "$verbose" = 1 ] || [ -z "$exit_code" ]; then
  echo "---- guest console (qemu exit status $qemu_status) ----" >&2
  cat "$control/console.log" >&2
fi
if [ -z "$exit_code" ]; then
  echo "run-in-vm.sh: the guest reported no exit code$([ $qemu_status = 124 ] && echo ' (timed out)')" >&2
  exit 255
fi
exit "$exit_code"
