// The libFuzzer entry point of one target of harness.h, chosen at build time with
// -DBERTH_FUZZ_TARGET=<name> (tests/fuzz/CMakeLists.txt builds one binary per target).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "harness.h"

namespace {

const berth::fuzz::Target& this_target() {
  static const berth::fuzz::Target* target = [] {
    for (const auto& t : berth::fuzz::targets())
      if (std::strcmp(t.name, BERTH_FUZZ_TARGET) == 0) return &t;
    std::fprintf(stderr, "no fuzz target named %s\n", BERTH_FUZZ_TARGET);
    std::abort();
  }();
  return *target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  berth::fuzz::Outcome outcome = this_target().check(input);
  if (!outcome.problem.empty()) {
    std::fprintf(stderr, "fuzz target %s: invariant broken: %s\n", BERTH_FUZZ_TARGET, outcome.problem.c_str());
    std::abort();
  }
  return 0;
}
