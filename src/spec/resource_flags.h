// `update`'s command-line flags -> a linux.resources object, as runc's update reads them.
// Memory sizes take binary suffixes (k, m, g, t; "64m" = 64 MiB); -1 means unlimited.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::spec {

struct ResourceFlags {
  std::string memory, memory_swap, memory_reservation, kernel_memory, kernel_memory_tcp;
  std::string cpu_shares, cpu_quota, cpu_period, cpu_burst, cpu_rt_runtime, cpu_rt_period;
  std::string cpuset_cpus, cpuset_mems;
  std::string pids_limit, blkio_weight;
  bool any() const;
};

// "512m" -> 536870912; "-1" -> -1. Errors name the flag.
Result<int64_t> parse_memory_size(std::string_view text, std::string_view flag);

// Only the flags that were given are set in the result.
Result<Resources> resources_from_flags(const ResourceFlags& flags);

}  // namespace berth::spec
