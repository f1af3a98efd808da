// The huge page sizes this machine supports ("2MB", "1GB"), from /sys/kernel/mm/hugepages.
#pragma once

#include <string>
#include <vector>

namespace berth::cgroup {

std::vector<std::string> hugepage_sizes();

}  // namespace berth::cgroup
