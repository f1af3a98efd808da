// linux.sysctl: writes /proc/sys/<key as a path> inside the container's namespaces.
#pragma once

#include <map>
#include <string>

#include "base/error.h"

namespace berth::linux {

// Writes through the container's /proc (resolved inside `root_fd`), from a process already in the
// container's namespaces. A key can never name a file outside /proc/sys.
Result<> apply_sysctls(int root_fd, const std::map<std::string, std::string>& sysctls);

}  // namespace berth::linux
