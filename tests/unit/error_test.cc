#include "base/error.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(ErrorText, InvalidHasNoErrnoText) {
  Error error = Error::invalid("bad input");
  EXPECT_EQ(error.errnum(), 0);
  EXPECT_EQ(error.text(), "bad input");
}

TEST(ErrorText, SystemAppendsTheErrnoDescription) {
  Error error = Error::system("open \"/x\"", ENOENT);
  EXPECT_EQ(error.errnum(), ENOENT);
  EXPECT_EQ(error.message(), "open \"/x\"");
  EXPECT_EQ(error.text(), "open \"/x\": no such file or directory");
}

TEST(ErrorText, EmptyMessageIsJustTheErrno) {
  EXPECT_EQ(Error(EPERM, "").text(), "operation not permitted");
}

TEST(WithContext, PrependsContextOnTheWayUp) {
  Error error = Error::system("mount \"proc\" on \"/proc\"", EPERM);
  error.with_context("create container \"web\"");
  EXPECT_EQ(error.text(),
            "create container \"web\": mount \"proc\" on \"/proc\": operation not permitted");
}

TEST(WithContext, OnATemporary) {
  Error error = Error::invalid("missing").with_context("root.path").with_context("config.json");
  EXPECT_EQ(error.message(), "config.json: root.path: missing");
}

TEST(WithContext, OnAnEmptyMessage) {
  Error error;
  error.with_context("step");
  EXPECT_EQ(error.message(), "step");
}

Result<int> half(int value) {
  if (value % 2 != 0) return fail_invalid("odd number " + std::to_string(value));
  return value / 2;
}

Result<int> quarter(int value) {
  int halved = BERTH_TRY(half(value));
  return BERTH_TRY_CTX(half(halved), "second half");
}

TEST(BerthTry, PropagatesErrorsAndValues) {
  EXPECT_EQ(quarter(8), 2);
  EXPECT_EQ(quarter(3).error().message(), "odd number 3");
  EXPECT_EQ(quarter(6).error().message(), "second half: odd number 3");
}

TEST(FailSystem, KeepsTheErrno) {
  Result<> result = fail_system("read", EIO);
  EXPECT_EQ(result.error().errnum(), EIO);
  EXPECT_EQ(result.error().text(), "read: input/output error");
}

}  // namespace
}  // namespace berth
