#!/bin/bash
# Installs what the tests need, builds, and runs every test suite:
#   unit tests (no root needed), kernel tests (cgroup driver, seccomp: real kernel, as root),
#   integration tests (bats: real containers, as root), end-to-end tests under Docker, Podman and
#   containerd, the stress suite at its quick size, the fuzz targets for a few seconds each, a
#   sanitized (ASan + UBSan) build against a subset of the tests, the cgroup tests again inside a
#   small cgroup v2 VM when it can be booted, and the benchmark once at its smallest size.
# Exits non-zero when anything fails. Set SKIP_VM=1 or SKIP_BENCH=1 to leave those out.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
[[ $(id -u) == 0 ]] || { echo "run as root: the tests run real containers" >&2; exit 1; }

scripts/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build} scripts/build.sh
build=$repo/${BUILD_DIR:-build}
failed=()

step() { echo; echo "=== $1"; }

step "unit tests"
"$build/tests/unit/berth_unit_tests" --gtest_brief=1 || failed+=("unit")

if [[ -x $build/tests/kernel/berth_kernel_tests ]]; then
  step "kernel tests (host cgroup layout: $(stat -fc %T /sys/fs/cgroup))"
  "$build/tests/kernel/berth_kernel_tests" --gtest_brief=1 || failed+=("kernel")
fi

step "integration tests"
RUNTIME=$build/berth-runtime tests/integration/run.sh || failed+=("integration")

step "end-to-end tests: Docker, Podman, containerd with berth-runtime and with runc"
tests/e2e/run.sh --runtime "$build/berth-runtime" --runtime runc || failed+=("e2e")

step "stress: leak cycles, fault injection, concurrency, hostile images, exhaustion (quick size)"
tests/stress/run.sh --quick --runtime "$build/berth-runtime" || failed+=("stress")

# One clang build serves both: ASan + UBSan, and libFuzzer's coverage instrumentation.
sanitized_build=${BUILD_DIR:-build}-sanitized
step "sanitized: ASan + UBSan build (with the fuzz targets), unit, kernel and a subset of the integration tests"
BUILD_DIR=$sanitized_build scripts/test-sanitized.sh --with-fuzzers || failed+=("sanitized")
step "fuzzing: every libFuzzer target for a few seconds, from the corpus and the regressions"
BUILD_DIR=$sanitized_build tests/fuzz/run.sh --skip-build --seconds 8 || failed+=("fuzz")

if [[ ${SKIP_VM:-0} != 1 ]]; then
  # The hosts are hybrid; a small qemu VM boots Debian's kernel with a pure cgroup2 hierarchy
  # (tests/vm/README.md). Its setup needs Debian packages only.
  step "cgroup driver kernel tests on a pure cgroup v2 kernel (VM)"
  tests/vm/run-kernel-tests-in-vm.sh "$build/tests/kernel/berth_kernel_tests" || failed+=("cgroup-v2-vm-kernel")
  step "cgroup integration tests on a pure cgroup v2 kernel (VM; the tests whose code differs from v1)"
  RUNTIME=$build/berth-runtime tests/vm/run-integration-in-vm.sh || failed+=("cgroup-v2-vm-integration")
fi

if [[ ${SKIP_BENCH:-0} != 1 && -x bench/run.sh ]]; then
  step "benchmark, smallest size (figures only, never a pass/fail on time)"
  bench/run.sh --quick --berth "$build/berth-runtime" || failed+=("bench")
fi

echo
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
