#!/bin/bash
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined) and runs each for a
# bounded time:
#
#   tests/fuzz/run.sh [--seconds N] [--build-only | --skip-build] [TARGET...]
#
#   --seconds N    fuzzing time per target (default 8: about a minute for the 7 targets)
#   --build-only   build, run nothing
#   --skip-build   run the targets already in BUILD_DIR (e.g. the sanitized build of
#                  scripts/test-sanitized.sh --with-fuzzers, as CI does)
#   TARGET...      some of: config exec_process update_resources state seccomp flags host_text
#
# Each run starts from tests/fuzz/corpus/<target>/ (the seeds), tests/fuzz/regressions/<target>/
# (every input that ever crashed) and the inputs earlier runs found, kept in
# <build>/fuzz-corpus/<target>/. A crash, sanitizer report, leak, timeout (10 s) or broken
# invariant fails the run; its input is saved into tests/fuzz/regressions/<target>/, where the
# unit tests (tests/unit/fuzz_regression_test.cc) replay it from then on.
#
# Environment: BUILD_DIR (default build-fuzz), CXX/CC (default: the newest clang++-N found that
# compiles C++23 <expected>; clang 14 cannot, so clang-19 is installed when none can).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

seconds=8
build_only=0
skip_build=0
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --build-only) build_only=1; shift ;;
    --skip-build) skip_build=1; shift ;;
    -h|--help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all_targets=(config exec_process update_resources state seccomp flags host_text)
((${#targets[@]})) || targets=("${all_targets[@]}")

build=$repo/${BUILD_DIR:-build-fuzz}

# A clang whose C++ front end takes libstdc++ 12's <expected> (it needs __cpp_concepts >= 202002L).
compiles_expected() {
  printf '#include <expected>\nstd::expected<int, int> e = 1;\nextern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return *e - 1; }\n' |
    "$1" -std=c++2b -fsanitize=fuzzer,address,undefined -x c++ - -o /dev/null 2>/dev/null
}
find_clang() {
  local candidate
  for candidate in ${CXX:-} clang++-19 clang++-18 clang++-17 clang++-16 clang++; do
    command -v "$candidate" >/dev/null 2>&1 && compiles_expected "$candidate" && { echo "$candidate"; return; }
  done
  return 1
}
if ((skip_build)); then
  [[ -x $build/tests/fuzz/fuzz_config ]] || { echo "--skip-build: no fuzz targets in $build" >&2; exit 2; }
else
  if ! cxx=$(find_clang); then
    echo "no clang that compiles C++23 <expected> with libFuzzer: installing clang-19" >&2
    [[ $(id -u) == 0 ]] || { echo "run as root, or set CXX to such a clang" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-19 libclang-rt-19-dev >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-19 libclang-rt-19-dev >/dev/null; }
    cxx=$(find_clang) || { echo "clang-19 does not work either" >&2; exit 1; }
  fi
  cc=${CC:-${cxx/clang++/clang}}

  echo "=== building the fuzz targets with $cxx in $build"
  start=$SECONDS
  generator=()
  command -v ninja >/dev/null && [[ ! -f $build/CMakeCache.txt || -f $build/build.ninja ]] && generator=(-G Ninja)
  CC=$cc CXX=$cxx cmake -S . -B "$build" "${generator[@]}" -DBERTH_FUZZ=ON -DBERTH_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" --target berth_fuzzers -j "$(nproc)" >"$build/fuzz-build.log" 2>&1 ||
    { tail -40 "$build/fuzz-build.log"; echo "build failed (full log: $build/fuzz-build.log)" >&2; exit 1; }
  echo "built in $((SECONDS - start)) s"
fi
((build_only)) && exit 0

for symbolizer in llvm-symbolizer-19 /usr/lib/llvm-19/bin/llvm-symbolizer llvm-symbolizer-14; do
  if command -v "$symbolizer" >/dev/null; then export ASAN_SYMBOLIZER_PATH=$(command -v "$symbolizer"); break; fi
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
printf '\n%-18s %12s %8s %8s  %s\n' target executions exec/s corpus result
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  [[ -x $binary ]] || { echo "no fuzz target $target" >&2; exit 2; }
  work=$build/fuzz-corpus/$target
  regressions=$repo/tests/fuzz/regressions/$target
  log=$build/fuzz-$target.log
  mkdir -p "$work" "$regressions"
  status=0
  # -max_len: seeds are kept whole (the Docker profile is 30 KB), mutations stay below 64 KB.
  "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$regressions/" \
    "$work" "$repo/tests/fuzz/corpus/$target" "$regressions" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$(find "$work" -type f | wc -l)
  if ((status == 0)); then
    printf '%-18s %12s %8s %8s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "$size" ok
  else
    printf '%-18s %12s %8s %8s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "$size" "FAILED (exit $status)"
    failed+=("$target")
    grep -E 'ERROR:|runtime error|invariant broken|SUMMARY|Test unit written to|^==[0-9]+==|#[0-9]+ 0x' "$log" |
      head -30 | sed 's/^/    /'
    echo "    full log: $log"
  fi
done

if ((${#failed[@]})); then
  echo
  echo "FAILED: ${failed[*]}: the inputs are in tests/fuzz/regressions/<target>/ (keep them: the unit tests replay them)"
  exit 1
fi
echo
echo "fuzzing: ${#targets[@]} targets, ${seconds} s each, no crash"
