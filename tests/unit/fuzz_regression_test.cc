// Replays every input kept for the fuzz targets (tests/fuzz/corpus/<target>/, the seeds, and
// tests/fuzz/regressions/<target>/, every input that ever crashed or broke an invariant) through
// the same checks the fuzzers run (tests/fuzz/harness.cc), in every build: a bug a fuzzer once
// found stays a test without clang. Under BERTH_SANITIZE the replay runs with ASan and UBSan.
// Then the bugs the fuzzers found, one test each, spelled out.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "container/container.h"
#include "base/strings.h"
#include "harness.h"
#include "result_assertions.h"
#include "spec/parse.h"
#include "spec/state.h"

namespace berth {
namespace {

namespace fs = std::filesystem;

fs::path fuzz_dir() {
  if (const char* dir = std::getenv("BERTH_FUZZ_DIR")) return dir;
  return fs::path(__FILE__).parent_path() / ".." / "fuzz";
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class FuzzInputs : public testing::TestWithParam<fuzz::Target> {};

TEST_P(FuzzInputs, SeedsHoldEveryInvariantAndSomeAreAccepted) {
  const fuzz::Target& target = GetParam();
  auto seeds = files_in(fuzz_dir() / "corpus" / target.name);
  ASSERT_GE(seeds.size(), 5u) << "too few seeds in " << (fuzz_dir() / "corpus" / target.name);
  size_t accepted = 0;
  for (const auto& seed : seeds) {
    fuzz::Outcome outcome = target.check(read_whole(seed));
    EXPECT_EQ(outcome.problem, "") << seed;
    accepted += outcome.accepted;
  }
  // The seeds reach past the parser: at least one valid input per target, and (but for the
  // line-based ones) at least one the parser or validator refuses.
  EXPECT_GE(accepted, 1u) << target.name;
  if (std::string_view(target.name) != "flags" && std::string_view(target.name) != "host_text") {
    EXPECT_LT(accepted, seeds.size()) << target.name << ": no seed takes an error path";
  }
}

TEST_P(FuzzInputs, RegressionsHoldEveryInvariant) {
  const fuzz::Target& target = GetParam();
  for (const auto& input : files_in(fuzz_dir() / "regressions" / target.name)) {
    fuzz::Outcome outcome = target.check(read_whole(input));
    EXPECT_EQ(outcome.problem, "") << input;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzInputs, testing::ValuesIn(fuzz::targets().begin(), fuzz::targets().end()),
                         [](const testing::TestParamInfo<fuzz::Target>& info) { return std::string(info.param.name); });

TEST(FuzzInputs, EveryRegressionDirectoryNamesATarget) {
  for (const auto& entry : fs::directory_iterator(fuzz_dir() / "regressions")) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename();
    bool known = std::ranges::any_of(fuzz::targets(), [&](const fuzz::Target& t) { return name == t.name; });
    EXPECT_TRUE(known) << entry.path() << " is replayed by no target";
  }
}

// ---- the bugs the fuzzers found ----

// UBSan: "7.7e+75 is outside the range of representable values of type 'long'" (events --interval).
TEST(FuzzFindings, DurationsBeyondInt64MillisecondsAreRefused) {
  for (const char* text : {"inf", "nan", "infinity", "1e300", "1e16h", "9223372036854775807"})
    EXPECT_EQ(parse_duration_ms(text), std::nullopt) << text;
  EXPECT_EQ(parse_duration_ms("1.5s"), 1500);
  EXPECT_EQ(parse_duration_ms("9007199254740992ms"), 9007199254740992);  // 2^53: exact in a double
  EXPECT_EQ(parse_duration_ms("2h"), 7200000);
}

// UBSan: signed overflow in RTMIN+N / RTMAX-N (kill), and "RTMIN+4294967296" truncated to RTMIN.
TEST(FuzzFindings, RealtimeSignalOffsetsOutOfRangeAreRefused) {
  for (const char* text : {"RTMIN+2147483647", "SIGRTMAX-2147483648", "RTMIN+4294967296", "RTMAX+1", "RTMIN-1"})
    EXPECT_FALSE(container::parse_signal(text)) << text;
  EXPECT_EQ(container::parse_signal("RTMIN+3").value_or(0), SIGRTMIN + 3);
  EXPECT_EQ(container::parse_signal("SIGRTMAX-2").value_or(0), SIGRTMAX - 2);
  EXPECT_EQ(container::parse_signal(std::to_string(SIGRTMAX - SIGRTMIN).insert(0, "RTMIN+")).value_or(0), SIGRTMAX);
}

// "..\u0000" is not "..", so linux.cgroupsPath passed validation, and mkdir(2) then read ".." (the
// container went into its caller's parent cgroup); likewise "cgroup.procs\u0000" in
// linux.resources.unified passed the check that keeps cgroup.procs out, and the write went to
// cgroup.procs. Strings and keys with a NUL are refused when parsed.
TEST(FuzzFindings, NulCharactersAreRefusedWhereTheKernelWouldCutThem) {
  EXPECT_TRUE(FailsWith(spec::parse_config(R"({"linux": {"cgroupsPath": "..\u0000"}})"),
                        "linux.cgroupsPath: the string must not contain a NUL character"));
  EXPECT_TRUE(FailsWith(spec::parse_resources(R"({"unified": {"cgroup.procs\u0000": "1"}})"),
                        "unified: a key must not contain a NUL character"));
  EXPECT_TRUE(FailsWith(spec::parse_process(R"({"args": ["sh", "-c\u0000"], "cwd": "/"})"),
                        "process.args[1]: the string must not contain a NUL character"));
  EXPECT_TRUE(FailsWith(spec::record_from_json(R"({"id": "a\u0000b"})"), "id: the string must not contain"));
  // Other escapes are still strings like any other.
  auto spec = spec::parse_config(R"({"hostname": "a\u00e9\n\t", "annotations": {"k\u0001": "v"}})");
  ASSERT_TRUE(spec) << spec.error().text();
  EXPECT_EQ(spec->hostname, "a\xc3\xa9\n\t");
  EXPECT_EQ(spec->annotations.count("k\x01"), 1u);
}

}  // namespace
}  // namespace berth
