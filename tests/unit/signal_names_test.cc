#include <gtest/gtest.h>
#include <signal.h>

#include "container/container.h"

namespace berth::container {
namespace {

TEST(ParseSignal, NamesWithAndWithoutPrefixAndCase) {
  EXPECT_EQ(parse_signal("KILL").value(), SIGKILL);
  EXPECT_EQ(parse_signal("SIGKILL").value(), SIGKILL);
  EXPECT_EQ(parse_signal("term").value(), SIGTERM);
  EXPECT_EQ(parse_signal("SigHup").value(), SIGHUP);
  EXPECT_EQ(parse_signal("WINCH").value(), SIGWINCH);
}

TEST(ParseSignal, Numbers) {
  EXPECT_EQ(parse_signal("9").value(), 9);
  EXPECT_EQ(parse_signal("15").value(), 15);
  EXPECT_FALSE(parse_signal("0"));
  EXPECT_FALSE(parse_signal("65"));
  EXPECT_FALSE(parse_signal("-9"));
}

TEST(ParseSignal, RealtimeSignals) {
  EXPECT_EQ(parse_signal("RTMIN").value(), SIGRTMIN);
  EXPECT_EQ(parse_signal("SIGRTMIN+3").value(), SIGRTMIN + 3);
  EXPECT_EQ(parse_signal("RTMAX-1").value(), SIGRTMAX - 1);
  EXPECT_FALSE(parse_signal("RTMAX+1"));
  EXPECT_FALSE(parse_signal("RTMIN*2"));
}

TEST(ParseSignal, UnknownNameIsAnErrorThatQuotesIt) {
  auto parsed = parse_signal("NOPE");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().text().find("\"NOPE\""), std::string::npos);
}

}  // namespace
}  // namespace berth::container
