#include "linux/rlimits.h"

#include <sys/resource.h>

#include <string>

namespace berth::linux {
namespace {

struct RlimitName {
  std::string_view name;
  int resource;
};

constexpr RlimitName kRlimits[] = {
    {"RLIMIT_AS", RLIMIT_AS},           {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_CPU", RLIMIT_CPU},         {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},     {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},       {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_NPROC", RLIMIT_NPROC},     {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},   {"RLIMIT_RTTIME", RLIMIT_RTTIME},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING}, {"RLIMIT_STACK", RLIMIT_STACK},
};

}  // namespace

std::optional<int> rlimit_resource(std::string_view name) {
  for (const auto& entry : kRlimits) {
    if (entry.name == name) return entry.resource;
  }
  return std::nullopt;
}

Result<> apply_rlimits(const std::vector<spec::Rlimit>& rlimits) {
  for (size_t i = 0; i < rlimits.size(); ++i) {
    const auto& limit = rlimits[i];
    std::string field = "process.rlimits[" + std::to_string(i) + "] (" + limit.type + ")";
    auto resource = rlimit_resource(limit.type);
    if (!resource) return fail_invalid(field + ": unknown rlimit type");
    struct rlimit value = {static_cast<rlim_t>(limit.soft), static_cast<rlim_t>(limit.hard)};
    if (::setrlimit(*resource, &value) == 0) continue;
    int err = errno;
    struct rlimit current = {};
    ::getrlimit(*resource, &current);
    std::string detail = field + ": set soft " + std::to_string(limit.soft) + ", hard " +
                         std::to_string(limit.hard);
    if (err == EPERM && value.rlim_max > current.rlim_max) {
      detail += " (above the current hard limit " + std::to_string(current.rlim_max) +
                ", which needs CAP_SYS_RESOURCE)";
    }
    return fail_system(detail, err);
  }
  return {};
}

}  // namespace berth::linux
