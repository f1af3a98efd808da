#!/bin/bash
# Builds berth with AddressSanitizer + UndefinedBehaviorSanitizer (BERTH_SANITIZE=ON, clang or g++, in
# build-asan) and runs the unit tests, the kernel tests and integration tests against the
# sanitized berth-runtime. Any sanitizer report fails the run, including reports from processes
# whose failure a test expects (errors.bats) or whose stderr nobody reads (a container's init).
#
#   scripts/test-sanitized.sh [--full] [--skip-build] [--with-fuzzers] [FILE.bats...]
#
#   (default)      a subset of the integration files that covers most of the runtime's code
#   --full         every integration file
#   FILE.bats...   these integration files instead
#   --skip-build   use build-asan as it is
#   --with-fuzzers also build the libFuzzer targets in the same build (-DBERTH_FUZZ=ON: clang
#                  only), so that tests/fuzz/run.sh --skip-build can run them from it; CI does
#                  this to pay for one sanitized build instead of two
#
# Environment: BUILD_DIR (default build-asan), CXX/CC (default: clang++-19 or another clang that
# compiles C++23, else the system compiler), SANITIZE_OPT (default "-O0 -g1"),
# KEEP_SANITIZER_WORK=1 keeps the report directory.
#
# How reports are collected: every sanitized process writes its report to $logs/{asan,ubsan}.<pid>
# (ASAN_OPTIONS/UBSAN_OPTIONS log_path) instead of stderr, and the run fails when that directory
# is not empty at the end. The path goes through a descriptor of the directory that this script
# holds open (log_path=/proc/self/fd/N/asan), and a sanitized build's init keeps descriptor N
# (BERTH_SANITIZER_LOG_DIR_FD, close-on-exec), so a report from the container's init after
# pivot_root, through the container's own /proc, still lands there. A canary checks that first.
#
# Left out, because ASan itself cannot run there: kernel tests whose forked child loads a seccomp
# filter that denies sigaltstack(2) and mmap(2), which ASan's runtime calls (a "CHECK failed" and
# exit 1 in the child). The runtime's inits load the container's filter last, right before execve.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
[[ $(id -u) == 0 ]] || { echo "run as root: the tests run real containers" >&2; exit 1; }

# The subset: container lifecycle, errors and cleanup paths, exec, cgroups (the v1/hybrid
# driver and the update/pause/events commands), seccomp with its listener, namespaces and user
# namespaces, hooks, inherited and preserved fds. About 3 minutes.
subset=(lifecycle errors exec cgroups cgroup_commands seccomp namespaces userns hooks fds)
full=0
skip_build=0
with_fuzzers=0
files=()
while (($#)); do
  case $1 in
    --full) full=1 ;;
    --skip-build) skip_build=1 ;;
    --with-fuzzers) with_fuzzers=1 ;;
    -h|--help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *.bats) files+=("$1") ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if ((${#files[@]} == 0)); then
  if ((full)); then
    files=(tests/integration/*.bats)
  else
    for name in "${subset[@]}"; do files+=("tests/integration/$name.bats"); done
  fi
fi

build=$repo/${BUILD_DIR:-build-asan}
# clang builds the sanitized code about four times faster than g++ 12 (whose ASan+UBSan build of
# this tree takes most of an hour on two cores), so the newest clang++-N that compiles C++23
# <expected> is used when there is one (tests/fuzz/run.sh installs clang-19); CXX=g++ forces g++.
# -O0 -g1: line tables for the reports; -O0 halves the build (4 minutes here, against 9 at -O1)
# and the tests are bound by the kernel, not by the runtime's speed.
if [[ -z ${CXX:-} ]]; then
  for candidate in clang++-19 clang++-18 clang++-17 clang++-16; do
    if command -v "$candidate" >/dev/null &&
      printf '#include <expected>\nstd::expected<int, int> e = 1;\nint main() { return *e - 1; }\n' |
      "$candidate" -std=c++2b -fsanitize=address,undefined -x c++ - -o /dev/null 2>/dev/null; then
      export CXX=$candidate CC=${candidate/clang++/clang}
      break
    fi
  done
fi
start=$SECONDS
if ((!skip_build)); then
  echo "=== building with ASan + UBSan (${CXX:-c++}) in $build"
  generator=()
  command -v ninja >/dev/null && [[ ! -f $build/CMakeCache.txt || -f $build/build.ninja ]] && generator=(-G Ninja)
  fuzz_option=-DBERTH_FUZZ=OFF
  ((with_fuzzers)) && fuzz_option=-DBERTH_FUZZ=ON
  cmake -S . -B "$build" "${generator[@]}" -DBERTH_SANITIZE=ON "$fuzz_option" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=${SANITIZE_OPT:--O0 -g1}" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=${SANITIZE_OPT:--O0 -g1}" >/dev/null
  cmake --build "$build" -j "$(nproc)" >"$build/sanitized-build.log" 2>&1 ||
    { tail -40 "$build/sanitized-build.log"; echo "build failed (log: $build/sanitized-build.log)" >&2; exit 1; }
  echo "built in $((SECONDS - start)) s"
fi
grep -qa __asan_init "$build/berth-runtime" || { echo "$build/berth-runtime is not built with ASan" >&2; exit 1; }

# Where every sanitizer report goes. World-writable: rootless tests run the runtime as another
# user, and container inits run as the container's user.
work=$(mktemp -d /tmp/berth-sanitizer.XXXXXX)
trap '[[ -n ${KEEP_SANITIZER_WORK:-} ]] || rm -rf "$work"' EXIT
logs=$work/reports
mkdir -m 1777 "$logs"
exec {logs_fd}<"$logs"
# halt_on_error: the first report ends the process (UBSan would go on otherwise).
# detect_leaks: the runtime is short-lived, so what it does not free at exit is reported too.
# ASan's own exit code stays 1; the report file, not the exit status, decides.
for symbolizer in llvm-symbolizer-19 /usr/lib/llvm-19/bin/llvm-symbolizer llvm-symbolizer-14 llvm-symbolizer; do
  if command -v "$symbolizer" >/dev/null; then export ASAN_SYMBOLIZER_PATH=$(command -v "$symbolizer"); break; fi
done
sanitizer_env() {  # DIR_FD
  export BERTH_SANITIZER_LOG_DIR_FD=$1
  export ASAN_OPTIONS="log_path=/proc/self/fd/$1/asan:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
  export UBSAN_OPTIONS="log_path=/proc/self/fd/$1/ubsan:print_stacktrace=1:halt_on_error=1"
}

# First, that a report from a container's init gets through: an ASan-instrumented chdir() wrapper,
# preloaded into the runtime, overflows a heap buffer when the init changes into the process's
# cwd "/berth-sanitizer-canary" (after pivot_root, with the caller's descriptors closed).
step() { echo; echo "=== $1 ($((SECONDS - start)) s so far)"; }
step "canary: a sanitizer report from a container's init reaches the report directory"
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cat >"$work/canary.c" <<'EOF_CANARY'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
int chdir(const char *path) {
  if (strcmp(path, "/berth-sanitizer-canary") == 0) {
    volatile char *buffer = malloc(4);
    buffer[4] = 1;
    free((void *)buffer);
  }
  int (*real_chdir)(const char *) = (int (*)(const char *))dlsym(RTLD_NEXT, "chdir");
  return real_chdir(path);
}
EOF_CANARY
"${cc:-cc}" -shared -fPIC -fsanitize=address -o "$work/canary.so" "$work/canary.c"
mkdir -m 1777 "$work/canary-reports"
exec {canary_fd}<"$work/canary-reports"
tests/fixtures/make-bundle.sh "$work/bundle" "$build/berth-runtime" >/dev/null
jq '.process.cwd = "/berth-sanitizer-canary" | .process.args = ["true"]' "$work/bundle/config.json" >"$work/config.json"
mv "$work/config.json" "$work/bundle/config.json"
(
  sanitizer_env "$canary_fd"
  export ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0 LD_PRELOAD=$work/canary.so
  "$build/berth-runtime" --root "$work/state" run --bundle "$work/bundle" canary-$$ >/dev/null 2>&1
) && { echo "the canary container ran: the chdir wrapper was not used" >&2; exit 1; }
"$build/berth-runtime" --root "$work/state" delete --force canary-$$ >/dev/null 2>&1 || true
# (With clang, ASan and UBSan share one runtime, and the report file is named after UBSan's log_path.)
if report=$(grep -ls "ERROR: AddressSanitizer: heap-buffer-overflow" "$work/canary-reports"/*); then
  echo "ok: $(basename "$report") holds the init's report"
else
  echo "no report from the container's init in $work/canary-reports: reports would be lost" >&2
  ls -la "$work/canary-reports" >&2
  exit 1
fi
exec {canary_fd}<&-

sanitizer_env "$logs_fd"

failed=()

step "unit tests (ASan + UBSan)"
"$build/tests/unit/berth_unit_tests" --gtest_brief=1 || failed+=("unit")

if [[ -x $build/tests/kernel/berth_kernel_tests ]]; then
  step "kernel tests (ASan + UBSan)"
  "$build/tests/kernel/berth_kernel_tests" --gtest_brief=1 \
    --gtest_filter=-Seccomp.DefaultErrnoRet:Seccomp.DefaultErrnoIsEperm:Seccomp.SyscallsNewerThanTheProfileGetEnosys:Seccomp.ArgumentConditionsOnTheSameIndexAreOred ||
    failed+=("kernel")
fi

step "integration tests against the sanitized runtime: ${files[*]##*/}"
RUNTIME=$build/berth-runtime tests/integration/run.sh "${files[@]}" || failed+=("integration")

step "sanitizer reports"
reports=$(find "$logs" -type f | sort)
if [[ -n $reports ]]; then
  for report in $reports; do
    echo "--- $report"
    head -60 "$report"
  done
  failed+=("sanitizer reports: $(echo "$reports" | wc -l)")
else
  echo "none"
fi

echo
echo "sanitized run: $((SECONDS - start)) s"
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all sanitized suites passed, no sanitizer report"
