#include "flags.h"

#include <gtest/gtest.h>

#include <vector>

namespace berth::cli {
namespace {

struct Parsed {
  std::string bundle;
  bool detach = false;
  int preserve = 0;
  std::vector<std::string> env;
};

std::vector<Flag> flags_for(Parsed& p) {
  return {{"bundle", 'b', Flag::Kind::text, &p.bundle, ""},
          {"detach", 'd', Flag::Kind::boolean, &p.detach, ""},
          {"preserve-fds", 0, Flag::Kind::integer, &p.preserve, ""},
          {"env", 'e', Flag::Kind::repeated_text, &p.env, ""}};
}

Result<std::vector<std::string>> parse(Parsed& p, std::vector<std::string> words, ParseOptions options = {}) {
  static std::vector<std::string> storage;
  storage = std::move(words);
  std::vector<char*> argv;
  for (auto& w : storage) argv.push_back(w.data());
  auto flags = flags_for(p);
  return parse_flags(argv, flags, options);
}

TEST(Flags, LongShortSingleDashAndEqualsForms) {
  Parsed p;
  auto rest = parse(p, {"--bundle", "/a", "-d", "id"});
  ASSERT_TRUE(rest);
  EXPECT_EQ(p.bundle, "/a");
  EXPECT_TRUE(p.detach);
  EXPECT_EQ(*rest, std::vector<std::string>{"id"});
  Parsed q;
  ASSERT_TRUE(parse(q, {"-bundle=/b", "--preserve-fds=2", "id"}));
  EXPECT_EQ(q.bundle, "/b");
  EXPECT_EQ(q.preserve, 2);
  Parsed r;
  ASSERT_TRUE(parse(r, {"-b", "/c", "--detach=false", "id"}));
  EXPECT_EQ(r.bundle, "/c");
  EXPECT_FALSE(r.detach);
}

TEST(Flags, FlagsAfterPositionalsAreParsedUnlessStopped) {
  Parsed p;
  auto rest = parse(p, {"id", "--detach"});
  ASSERT_TRUE(rest);
  EXPECT_TRUE(p.detach);
  EXPECT_EQ(rest->size(), 1u);
  Parsed q;
  auto exec_rest = parse(q, {"id", "ls", "-d"}, {.stop_at_first_positional = true});
  ASSERT_TRUE(exec_rest);
  EXPECT_FALSE(q.detach);
  EXPECT_EQ(*exec_rest, (std::vector<std::string>{"id", "ls", "-d"}));
}

TEST(Flags, RepeatedFlagsAccumulate) {
  Parsed p;
  ASSERT_TRUE(parse(p, {"-e", "A=1", "--env", "B=2"}));
  EXPECT_EQ(p.env, (std::vector<std::string>{"A=1", "B=2"}));
}

TEST(Flags, DoubleDashEndsFlags) {
  Parsed p;
  auto rest = parse(p, {"--", "-d"});
  ASSERT_TRUE(rest);
  EXPECT_FALSE(p.detach);
  EXPECT_EQ(*rest, std::vector<std::string>{"-d"});
}

TEST(Flags, ErrorsNameTheFlag) {
  Parsed p;
  auto unknown = parse(p, {"--nope"});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().text().find("--nope"), std::string::npos);
  auto missing = parse(p, {"--bundle"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().text().find("needs a value"), std::string::npos);
  auto not_a_number = parse(p, {"--preserve-fds", "x"});
  ASSERT_FALSE(not_a_number);
  EXPECT_NE(not_a_number.error().text().find("--preserve-fds"), std::string::npos);
  auto bad_bool = parse(p, {"--detach=maybe"});
  ASSERT_FALSE(bad_bool);
}

}  // namespace
}  // namespace berth::cli
