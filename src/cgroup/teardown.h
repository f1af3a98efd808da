// Removing a container's cgroup directories and emptying a cgroup of processes; shared by the v1
// and v2 drivers.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "base/error.h"
#include "cgroup/driver.h"

namespace berth::cgroup {

// Removes the directories in placement.created, deepest first. A container directory (a value of
// placement.paths) is removed with any sub-cgroups the container made in it, waiting up to ~1 s
// for exiting processes; a created parent is removed only if it is empty (another container may
// share it). Directories already gone are fine.
Result<> remove_created_dirs(const Placement& placement);

// Sends `signal` to each pid; a pid that is already gone is fine.
Result<> signal_pids(const std::vector<pid_t>& pids, int signal);

// Re-reads the cgroup's processes with `list` and SIGKILLs them until none is left, for up to
// `timeout_ms`.
Result<> kill_until_empty(const std::function<Result<std::vector<pid_t>>()>& list,
                          const std::string& dir, int timeout_ms = 2000);

}  // namespace berth::cgroup
