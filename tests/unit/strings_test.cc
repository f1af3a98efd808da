#include "base/strings.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(Split, KeepsEmptyFields) {
  EXPECT_EQ(split("a,b,,c", ','), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(split("", ','), std::vector<std::string_view>{""});
  EXPECT_EQ(split(",", ','), (std::vector<std::string_view>{"", ""}));
  EXPECT_EQ(split("abc", ','), std::vector<std::string_view>{"abc"});
}

TEST(StartsWith, Prefixes) {
  EXPECT_TRUE(starts_with("container", "cont"));
  EXPECT_TRUE(starts_with("x", ""));
  EXPECT_FALSE(starts_with("co", "cont"));
}

TEST(Trim, SpacesTabsAndNewlines) {
  EXPECT_EQ(trim("  a b\t\n"), "a b");
  EXPECT_EQ(trim("\n\n"), "");
  EXPECT_EQ(trim("x"), "x");
}

TEST(ParseU64, WholeStringOnly) {
  EXPECT_EQ(parse_u64("0"), 0u);
  EXPECT_EQ(parse_u64("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parse_u64("18446744073709551616"));
  EXPECT_FALSE(parse_u64(""));
  EXPECT_FALSE(parse_u64("-1"));
  EXPECT_FALSE(parse_u64("+1"));
  EXPECT_FALSE(parse_u64("12a"));
  EXPECT_FALSE(parse_u64(" 1"));
}

TEST(ParseI64, WholeStringOnly) {
  EXPECT_EQ(parse_i64("-1"), -1);
  EXPECT_EQ(parse_i64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_i64("-9223372036854775808"), INT64_MIN);
  EXPECT_FALSE(parse_i64("9223372036854775808"));
  EXPECT_FALSE(parse_i64("+1"));
  EXPECT_FALSE(parse_i64(""));
  EXPECT_FALSE(parse_i64("1.0"));
}

TEST(Quoted, WrapsInDoubleQuotes) {
  EXPECT_EQ(quoted("abc"), "\"abc\"");
  EXPECT_EQ(quoted(""), "\"\"");
}

TEST(UnescapeMountinfoField, KernelEscapes) {
  EXPECT_EQ(unescape_mountinfo_field(R"(/mnt/a\040b)"), "/mnt/a b");
  EXPECT_EQ(unescape_mountinfo_field(R"(\011\012\134)"), "\t\n\\");
  EXPECT_EQ(unescape_mountinfo_field("/plain"), "/plain");
}

TEST(UnescapeMountinfoField, KeepsWhatIsNotAnEscape) {
  EXPECT_EQ(unescape_mountinfo_field(R"(a\08b)"), R"(a\08b)");  // 8 is no octal digit
  EXPECT_EQ(unescape_mountinfo_field(R"(a\400)"), R"(a\400)");  // above \377
  EXPECT_EQ(unescape_mountinfo_field(R"(a\04)"), R"(a\04)");    // too short
  EXPECT_EQ(unescape_mountinfo_field(R"(a\)"), R"(a\)");
}

}  // namespace
}  // namespace berth
