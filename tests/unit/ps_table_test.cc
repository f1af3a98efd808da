#include "container/ps_table.h"

#include <gtest/gtest.h>

#include "base/strings.h"

namespace berth {
namespace {

TEST(FilterPsOutput, KeepsHeaderAndTheContainersLines) {
  std::string output =
      "UID        PID  PPID  C STIME TTY          TIME CMD\n"
      "root         1     0  0 07:13 ?        00:00:05 /sbin/init\n"
      "root      4027     1  5 09:12 ?        00:00:00 sh -c loop\n"
      "root      4030  4027  0 09:12 ?        00:00:00 sleep 1\n";
  auto filtered = container::filter_ps_output(output, {4027, 4030});
  ASSERT_TRUE(filtered);
  EXPECT_EQ(*filtered,
            "UID        PID  PPID  C STIME TTY          TIME CMD\n"
            "root      4027     1  5 09:12 ?        00:00:00 sh -c loop\n"
            "root      4030  4027  0 09:12 ?        00:00:00 sleep 1\n");
}

TEST(FilterPsOutput, NeedsAPidColumn) {
  EXPECT_FALSE(container::filter_ps_output("USER CMD\nroot init\n", {1}));
}

TEST(ParseDuration, GoStyleUnits) {
  EXPECT_EQ(parse_duration_ms("5s").value(), 5000);
  EXPECT_EQ(parse_duration_ms("500ms").value(), 500);
  EXPECT_EQ(parse_duration_ms("1.5s").value(), 1500);
  EXPECT_EQ(parse_duration_ms("2m").value(), 120000);
  EXPECT_EQ(parse_duration_ms("3").value(), 3000);
  EXPECT_FALSE(parse_duration_ms("fast"));
  EXPECT_FALSE(parse_duration_ms("-1s"));
  EXPECT_FALSE(parse_duration_ms(""));
}

}  // namespace
}  // namespace berth
