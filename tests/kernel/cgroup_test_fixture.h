// The fixture every kernel test uses: skips without root, and after each test checks that no
// "berth-test" cgroup directory was left behind in any hierarchy (removing any it finds).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include "kernel_test_support.h"

namespace berth::cgroup::testing {

class CgroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
  }
  void TearDown() override {
    if (geteuid() != 0) return;
    auto left = leftover_test_dirs();
    for (auto it = left.rbegin(); it != left.rend(); ++it) rmdir(it->c_str());
    EXPECT_TRUE(left.empty()) << "left behind: " << ::testing::PrintToString(left);
  }

  // A driver for a fresh cgroup at the absolute path "/<unique>/<suffix...>".
  TestCgroup create_absolute(const std::string& path) {
    CreateRequest request;
    request.container_id = "c";
    request.cgroups_path = path;
    auto driver = create(request);
    EXPECT_TRUE(driver.has_value()) << driver.error().text();
    return driver ? TestCgroup(std::move(*driver)) : TestCgroup();
  }
  TestCgroup create_fresh() { return create_absolute("/" + unique_name()); }
};

}  // namespace berth::cgroup::testing
