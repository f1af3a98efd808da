// Carrying out rendered writes: resolves each write's directory, falls back or skips where the
// kernel lacks a file, logs render warnings, and names the field, the file and the data in every
// error:
//   linux.resources.memory.limit: write "1024" to /sys/fs/cgroup/memory/x/memory.limit_in_bytes:
//   Device or resource busy
#pragma once

#include <functional>
#include <string>

#include "base/error.h"
#include "cgroup/render.h"

namespace berth::cgroup {

// Returns the directory for a write's controller, or an error saying the controller is missing.
using DirectoryFor = std::function<Result<std::string>(const CgroupWrite&)>;

Result<> apply_writes(const Rendered& rendered, Version version, const DirectoryFor& dir_for);

// checkBeforeUpdate: refuses a memory limit below the current usage (read from `usage_file`).
Result<> check_memory_limit_above_usage(const spec::Resources& resources,
                                        const std::string& usage_file);

}  // namespace berth::cgroup
