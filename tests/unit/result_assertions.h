// GoogleTest assertions for berth::Result values:
//   EXPECT_TRUE(Succeeds(parse_config(text)));
//   EXPECT_TRUE(FailsWith(validate_spec(spec), "process.cwd: must be an absolute path"));
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "base/error.h"

template <typename T>
testing::AssertionResult Succeeds(const berth::Result<T>& result) {
  if (result) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "failed: " << result.error().text();
}

// The error's message must start with `prefix` (usually "<field>: <problem>").
template <typename T>
testing::AssertionResult FailsWith(const berth::Result<T>& result, std::string_view prefix) {
  if (result) {
    return testing::AssertionFailure()
           << "succeeded, but an error starting with \"" << prefix << "\" was expected";
  }
  const std::string& message = result.error().message();
  if (message.starts_with(prefix)) return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << "the error \"" << message << "\" does not start with \"" << prefix << "\"";
}
