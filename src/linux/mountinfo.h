// /proc/<pid>/mountinfo parsing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace berth::linux {

struct MountInfoEntry {
  int mount_id = 0;
  int parent_id = 0;
  std::string root;         // root of the mount within its filesystem
  std::string mount_point;  // unescaped
  std::string mount_options;
  std::string fs_type;
  std::string source;
  std::string super_options;
};

// Parses mountinfo text (pure): octal escapes (\040) in paths are decoded.
std::vector<MountInfoEntry> parse_mountinfo(std::string_view text);

Result<std::vector<MountInfoEntry>> read_mountinfo(const std::string& path = "/proc/self/mountinfo");

}  // namespace berth::linux
