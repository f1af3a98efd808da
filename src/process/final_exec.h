// The last step of every container process: exec the user's program.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"

namespace berth::process {

// Resets signal dispositions and the signal mask, then execve(path, args, env). Returns only on
// failure, with the error.
Error exec_container_process(const std::string& path, const std::vector<std::string>& args,
                             const std::vector<std::string>& env);

}  // namespace berth::process
