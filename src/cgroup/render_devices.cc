// linux.resources.devices: an ordered list of allow/deny rules; later rules win, and what no rule
// allows is denied.
//   v1: "a" to devices.deny first (deny everything), then each rule to devices.allow or
//       devices.deny as "TYPE MAJOR:MINOR ACCESS" ("*" for a wildcard number), as runc does.
//   v2: the rules go to a BPF_CGROUP_DEVICE program (bpf_device_filter.h); rendering only
//       validates them here.
#include "base/strings.h"
#include "cgroup/render_controllers.h"

namespace berth::cgroup {

Result<> validate_device_rule(const spec::DeviceRule& rule, size_t index) {
  std::string field = "linux.resources.devices[" + std::to_string(index) + "]";
  if (!rule.type.empty() && rule.type != "a" && rule.type != "b" && rule.type != "c")
    return fail_invalid(field + ".type: " + quoted(rule.type) +
                        " is not a device rule type (a, b or c)");
  for (char c : rule.access)
    if (c != 'r' && c != 'w' && c != 'm')
      return fail_invalid(field + ".access: " + quoted(rule.access) +
                          " may contain only r, w and m");
  if (rule.major && *rule.major < -1)
    return fail_invalid(field + ".major: " + std::to_string(*rule.major) + " is not a number");
  if (rule.minor && *rule.minor < -1)
    return fail_invalid(field + ".minor: " + std::to_string(*rule.minor) + " is not a number");
  return {};
}

std::string device_rule_text(const spec::DeviceRule& rule) {
  auto number = [](const std::optional<int64_t>& n) {
    return !n || *n == -1 ? std::string("*") : std::to_string(*n);
  };
  std::string type = rule.type.empty() ? "a" : rule.type;
  std::string access = rule.access.empty() ? "rwm" : rule.access;
  return type + " " + number(rule.major) + ":" + number(rule.minor) + " " + access;
}

Result<> render_devices(const std::vector<spec::DeviceRule>& rules, Version version,
                        Rendered& out) {
  for (size_t i = 0; i < rules.size(); ++i) BERTH_TRY(validate_device_rule(rules[i], i));
  if (rules.empty()) return {};
  if (version == Version::v2) {
    out.device_rules = rules;
    out.has_device_rules = true;
    return {};
  }
  add_write(out, "devices", "devices", "devices.deny", "a");
  for (size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    add_write(out, "devices[" + std::to_string(i) + "]", "devices",
              rule.allow ? "devices.allow" : "devices.deny", device_rule_text(rule));
  }
  return {};
}

}  // namespace berth::cgroup
