#include "spec/effective_resources.h"

#include <algorithm>

namespace berth::spec {
namespace {

DeviceRule allow(const char* type, std::optional<int64_t> major, std::optional<int64_t> minor,
                 const char* access) {
  DeviceRule rule;
  rule.allow = true;
  rule.type = type;
  rule.major = major;
  rule.minor = minor;
  rule.access = access;
  return rule;
}

bool is_deny_all(const DeviceRule& rule) {
  return !rule.allow && (rule.type.empty() || rule.type == "a") && !rule.major && !rule.minor;
}

}  // namespace

Resources effective_resources(const Spec& spec) {
  Resources resources;
  if (spec.linux_config && spec.linux_config->resources) resources = *spec.linux_config->resources;
  std::vector<DeviceRule> defaults = {
      allow("c", std::nullopt, std::nullopt, "m"),  // mknod of any node; access is separate
      allow("b", std::nullopt, std::nullopt, "m"),
      allow("c", 1, 3, "rwm"),                      // /dev/null
      allow("c", 1, 5, "rwm"),                      // /dev/zero
      allow("c", 1, 7, "rwm"),                      // /dev/full
      allow("c", 1, 8, "rwm"),                      // /dev/random
      allow("c", 1, 9, "rwm"),                      // /dev/urandom
      allow("c", 5, 0, "rwm"),                      // /dev/tty
      allow("c", 5, 1, "rwm"),                      // /dev/console
      allow("c", 5, 2, "rwm"),                      // /dev/ptmx
      allow("c", 136, std::nullopt, "rwm"),         // /dev/pts/*
  };
  if (spec.linux_config) {
    for (const auto& device : spec.linux_config->devices) {
      if (device.type == "p") continue;  // fifos are not subject to the device controller
      defaults.push_back(allow(device.type == "b" ? "b" : "c", device.major, device.minor, "rwm"));
    }
  }
  // Right after the last "deny everything": a rule the config gives later (say, no writes to
  // /dev/null) still overrides a default, as the later rule does on the kernel's side.
  auto& rules = resources.devices;
  auto last_deny_all = std::find_if(rules.rbegin(), rules.rend(), is_deny_all);
  auto insert_at = last_deny_all == rules.rend() ? rules.begin() : last_deny_all.base();
  rules.insert(insert_at, defaults.begin(), defaults.end());
  return resources;
}

}  // namespace berth::spec
