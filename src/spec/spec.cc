#include "spec/spec.h"

namespace berth::spec {

const char* namespace_type_name(NamespaceType type) {
  switch (type) {
    case NamespaceType::pid:
      return "pid";
    case NamespaceType::network:
      return "network";
    case NamespaceType::mount:
      return "mount";
    case NamespaceType::ipc:
      return "ipc";
    case NamespaceType::uts:
      return "uts";
    case NamespaceType::user:
      return "user";
    case NamespaceType::cgroup:
      return "cgroup";
    case NamespaceType::time:
      return "time";
  }
  return "unknown";
}

std::optional<NamespaceType> namespace_type_from_name(std::string_view name) {
  for (NamespaceType type : kAllNamespaceTypes)
    if (name == namespace_type_name(type)) return type;
  return std::nullopt;
}

}  // namespace berth::spec
