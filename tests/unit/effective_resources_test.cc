#include "spec/effective_resources.h"

#include <gtest/gtest.h>

namespace berth::spec {
namespace {

DeviceRule rule(bool allow, const char* type, std::optional<int64_t> major, std::optional<int64_t> minor,
                const char* access) {
  DeviceRule r;
  r.allow = allow;
  r.type = type;
  r.major = major;
  r.minor = minor;
  r.access = access;
  return r;
}

Spec spec_with_rules(std::vector<DeviceRule> rules) {
  Spec spec;
  spec.linux_config.emplace();
  spec.linux_config->resources.emplace();
  spec.linux_config->resources->devices = std::move(rules);
  return spec;
}

TEST(EffectiveResources, DefaultsFollowTheLastDenyAll) {
  auto resources = effective_resources(
      spec_with_rules({rule(false, "a", std::nullopt, std::nullopt, "rwm"), rule(false, "c", 1, 3, "w")}));
  const auto& rules = resources.devices;
  ASSERT_GT(rules.size(), 3u);
  EXPECT_FALSE(rules.front().allow);  // deny all stays first
  // The configured /dev/null write deny is last, so it wins over the default allow of 1:3.
  EXPECT_FALSE(rules.back().allow);
  EXPECT_EQ(rules.back().major.value(), 1);
  EXPECT_EQ(rules.back().minor.value(), 3);
  bool default_null = false;
  for (size_t i = 1; i + 1 < rules.size(); ++i) {
    default_null |= rules[i].allow && rules[i].major == 1 && rules[i].minor == 3;
  }
  EXPECT_TRUE(default_null);
}

TEST(EffectiveResources, WithoutDenyAllDefaultsComeFirst) {
  auto resources = effective_resources(spec_with_rules({rule(false, "c", 5, 0, "rwm")}));
  EXPECT_TRUE(resources.devices.front().allow);
  EXPECT_FALSE(resources.devices.back().allow);
}

TEST(EffectiveResources, LinuxDevicesAreAllowed) {
  Spec spec = spec_with_rules({rule(false, "a", std::nullopt, std::nullopt, "rwm")});
  Device fuse;
  fuse.type = "c";
  fuse.path = "/dev/fuse";
  fuse.major = 10;
  fuse.minor = 229;
  spec.linux_config->devices.push_back(fuse);
  auto resources = effective_resources(spec);
  bool allowed = false;
  for (const auto& r : resources.devices) allowed |= r.allow && r.major == 10 && r.minor == 229 && r.access == "rwm";
  EXPECT_TRUE(allowed);
}

}  // namespace
}  // namespace berth::spec
