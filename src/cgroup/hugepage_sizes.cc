#include "cgroup/hugepage_sizes.h"

#include <dirent.h>

#include "cgroup/stats_parse.h"

namespace berth::cgroup {

std::vector<std::string> hugepage_sizes() {
  std::vector<std::string> sizes;
  DIR* dir = ::opendir("/sys/kernel/mm/hugepages");
  if (dir == nullptr) return sizes;
  while (struct dirent* entry = ::readdir(dir))
    if (auto size = hugepage_dir_to_size(entry->d_name)) sizes.push_back(*size);
  ::closedir(dir);
  return sizes;
}

}  // namespace berth::cgroup
