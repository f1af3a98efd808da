// Where a container's cgroup goes in each hierarchy (pure).
//
//   linux.cgroupsPath absolute  -> <mount point>/<path>            (from the hierarchy's root)
//   linux.cgroupsPath relative  -> <mount point>/<caller's cgroup>/<path>
//   linux.cgroupsPath absent    -> <mount point>/<caller's cgroup>/<container id>
// The caller's cgroup comes from /proc/self/cgroup for that hierarchy. A ".." component is
// rejected.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "cgroup/driver.h"
#include "cgroup/mounts.h"

namespace berth::cgroup {

// The requested cgroup, cleaned ("a//b/./c" -> "a/b/c"): absolute ("/a/b") or relative to the
// caller's cgroup ("a/b"). Errors name linux.cgroupsPath (or the container id).
Result<std::string> requested_cgroup(const CreateRequest& request);

// True when requested_cgroup() is relative, so the caller's own cgroups are needed.
inline bool is_relative(const std::string& requested) {
  return requested.empty() || requested[0] != '/';
}

// The container's directory in `mount`. `own` is the caller's /proc/self/cgroup (only read for
// relative paths).
Result<std::string> container_dir(const CgroupMount& mount, const std::string& requested,
                                  const std::vector<ProcCgroupEntry>& own);

}  // namespace berth::cgroup
