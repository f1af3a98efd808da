// process.rlimits -> setrlimit(2).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::linux {

// "RLIMIT_NOFILE" -> RLIMIT_NOFILE.
std::optional<int> rlimit_resource(std::string_view name);

// Applies each rlimit. Raising a hard limit above the current one needs CAP_SYS_RESOURCE; that
// failure names the rlimit and says so.
Result<> apply_rlimits(const std::vector<spec::Rlimit>& rlimits);

}  // namespace berth::linux
