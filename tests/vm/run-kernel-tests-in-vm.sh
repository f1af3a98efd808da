#!/bin/bash
# run-kernel-tests-in-vm.sh [BINARY [GTEST ARGS...]]   (default GTEST ARGS: --gtest_filter=Cgroup*)
#
# Runs the cgroup driver's kernel tests (tests/kernel, binary berth_kernel_tests) inside the
# cgroup v2 VM, so that the v2 code path is tested against a real v2 kernel on a hybrid host. The
# root's cgroup.subtree_control starts empty, so the driver must enable controllers itself.
# A RAM disk (brd, /dev/ram0) gives the io tests a block device. Exits with the tests' status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-$here/../../build/tests/kernel/berth_kernel_tests}
[ $# -gt 0 ] && shift
[ -x "$binary" ] || { echo "run-kernel-tests-in-vm.sh: no test binary at $binary" >&2; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
# Only the cgroup suites by default: emulated CPUs are slow, and the rest does not depend on the
# cgroup version.
[ $# -gt 0 ] || set -- --gtest_filter="Cgroup*"
# The binary's directory is the shared work directory (the guest's /tmp, /var/tmp and /run are
# fresh tmpfs mounts, so a binary there is only visible through the share).
workdir=$(dirname "$binary")
exec "$here/run-in-vm.sh" -t "${BERTH_VM_TIMEOUT:-900}" "$workdir" /bin/sh -c \
  'modprobe brd rd_nr=1 rd_size=16384 2>/dev/null; exec "$0" "$@"' "$binary" "$@"
