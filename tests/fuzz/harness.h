// What each fuzz target does with one input, shared by the libFuzzer entry points (fuzz_main.cc,
// built with -DBERTH_FUZZ=ON and clang) and the regression test (tests/unit/fuzz_regression_test.cc,
// built by every compiler), so that every input ever saved in tests/fuzz/corpus/ and
// tests/fuzz/regressions/ is replayed by the ordinary unit tests too.
//
// A check feeds the input to the code under test the way the runtime does (parse, then validate,
// then what create/exec/update/state do next with a valid value) and checks invariants that must
// hold for any input. It returns "" when they all hold, else a description of the broken one.
// Crashes, sanitizer reports and escaping exceptions are findings of their own.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace berth::fuzz {

struct Outcome {
  bool accepted = false;  // parsed (and validated, where the target validates)
  std::string problem;    // an invariant that did not hold; "" when none
};

// config.json: parse_config, validate_spec, then for a valid spec effective_resources, the cgroup
// v1 and v2 renderings, the v2 device program and the mount options of every mount.
Outcome check_config(std::string_view input);
// `exec --process FILE`: parse_process, validate_process.
Outcome check_exec_process(std::string_view input);
// `update --resources FILE`: parse_resources, validate_resources, the v1 and v2 renderings for a
// running container.
Outcome check_update_resources(std::string_view input);
// <root>/<id>/state.json: record_from_json; a record read back writes the same text again, and
// the state documents made from it are valid JSON.
Outcome check_state(std::string_view input);
// linux.seccomp (the object alone, as in tests/fixtures/seccomp/docker-default.json): placed in a
// minimal config, validated, then compiled to BPF with libseccomp.
Outcome check_seccomp(std::string_view input);
// Command-line values, one per line: signal names (kill), durations (events --interval),
// container ids, memory sizes and the other update flags, and the exec flags.
Outcome check_flags(std::string_view input);
// Text the runtime reads from the host: mountinfo, /proc/<pid>/cgroup, cgroup.procs, cgroup
// statistics files, ps output (which holds container processes' command lines).
Outcome check_host_text(std::string_view input);

struct Target {
  const char* name;  // the directory name under corpus/ and regressions/
  Outcome (*check)(std::string_view input);
};
std::span<const Target> targets();

}  // namespace berth::fuzz
