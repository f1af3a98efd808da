// `ps --format table`: the host's ps(1) output (with the caller's ps options, default -ef),
// keeping the header and the lines of the container's processes, as runc prints it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/error.h"

namespace berth::container {

Result<std::string> ps_table(const std::vector<pid_t>& pids, const std::vector<std::string>& ps_options);

// The filtering alone (pure): keeps the header and the lines whose PID column is in `pids`.
Result<std::string> filter_ps_output(const std::string& output, const std::vector<pid_t>& pids);

}  // namespace berth::container
