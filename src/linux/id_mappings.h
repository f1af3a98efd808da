// User namespace id mappings: writing uid_map/gid_map for a child, and making a user namespace
// with given mappings for idmapped mounts.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "spec/spec.h"

namespace berth::linux {

// "containerID hostID size\n" per mapping (pure).
std::string format_id_mappings(const std::vector<spec::IdMapping>& mappings);

// Writes /proc/<pid>/uid_map and gid_map. `deny_setgroups` writes "deny" to /proc/<pid>/setgroups
// first, which the kernel requires before an unprivileged gid_map.
Result<> write_id_mappings(pid_t pid, const std::vector<spec::IdMapping>& uid_mappings,
                           const std::vector<spec::IdMapping>& gid_mappings, bool deny_setgroups);

// A user namespace with these mappings, held by a descriptor (for MOUNT_ATTR_IDMAP). A short-lived
// child creates it; the child is gone when this returns.
Result<UniqueFd> make_user_namespace(const std::vector<spec::IdMapping>& uid_mappings,
                                     const std::vector<spec::IdMapping>& gid_mappings);

}  // namespace berth::linux
