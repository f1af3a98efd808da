#include <gtest/gtest.h>
#include <time.h>

#include "base/timestamp.h"

namespace berth {
namespace {

TEST(Timestamp, Epoch) {
  EXPECT_EQ(rfc3339_utc({0, 0}), "1970-01-01T00:00:00.000000000Z");
}

TEST(Timestamp, KnownInstants) {
  EXPECT_EQ(rfc3339_utc({951782400, 5}), "2000-02-29T00:00:00.000000005Z");  // a leap day
  EXPECT_EQ(rfc3339_utc({1798558484, 123456789}), "2026-12-29T15:34:44.123456789Z");
  EXPECT_EQ(rfc3339_utc({4107542399, 999999999}), "2100-02-28T23:59:59.999999999Z");  // 2100 is no leap year
  EXPECT_EQ(rfc3339_utc({-1, 0}), "1969-12-31T23:59:59.000000000Z");
}

// Against the C library's own conversion, one instant every ~37 hours over four centuries.
TEST(Timestamp, AgreesWithGmtime) {
  for (time_t seconds = -2208988800; seconds < 10413792000; seconds += 133337) {
    struct tm tm;
    ASSERT_NE(gmtime_r(&seconds, &tm), nullptr);
    char expected[64];
    snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.000000042Z", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    ASSERT_EQ(rfc3339_utc({seconds, 42}), expected) << seconds;
  }
}

}  // namespace
}  // namespace berth
