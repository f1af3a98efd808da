#include "spec/effective_resources.h"

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

}  // namespace

Resources effective_resources(const Spec& spec) {
  Resources resources;
  if (spec.linux_config && spec.linux_config->resources) resources = *spec.linux_config->resources;
  auto& rules = resources.devices;
  rules.push_back(allow("c", std::nullopt, std::nullopt, "m"));  // mknod of any node; access is separate
  rules.push_back(allow("b", std::nullopt, std::nullopt, "m"));
  rules.push_back(allow("c", 1, 3, "rwm"));    // /dev/null
  rules.push_back(allow("c", 1, 5, "rwm"));    // /dev/zero
  rules.push_back(allow("c", 1, 7, "rwm"));    // /dev/full
  rules.push_back(allow("c", 1, 8, "rwm"));    // /dev/random
  rules.push_back(allow("c", 1, 9, "rwm"));    // /dev/urandom
  rules.push_back(allow("c", 5, 0, "rwm"));    // /dev/tty
  rules.push_back(allow("c", 5, 1, "rwm"));    // /dev/console
  rules.push_back(allow("c", 5, 2, "rwm"));    // /dev/ptmx
  rules.push_back(allow("c", 136, std::nullopt, "rwm"));  // /dev/pts/*
  if (spec.linux_config) {
    for (const auto& device : spec.linux_config->devices) {
      if (device.type == "p") continue;  // fifos are not subject to the device controller
      rules.push_back(allow(device.type == "b" ? "b" : "c", device.major, device.minor, "rwm"));
    }
  }
  return resources;
}

}  // namespace berth::spec
