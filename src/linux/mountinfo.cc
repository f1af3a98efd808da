#include "linux/mountinfo.h"

#include "base/files.h"
#include "base/strings.h"

namespace berth::linux {

std::vector<MountInfoEntry> parse_mountinfo(std::string_view text) {
  std::vector<MountInfoEntry> entries;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty()) continue;
    auto fields = split(line, ' ');
    // id parent major:minor root mount-point options [optional...] - fstype source super-options
    size_t dash = 0;
    for (size_t i = 6; i < fields.size(); ++i) {
      if (fields[i] == "-") {
        dash = i;
        break;
      }
    }
    if (dash == 0 || dash + 3 > fields.size()) continue;
    MountInfoEntry entry;
    entry.mount_id = static_cast<int>(parse_i64(fields[0]).value_or(0));
    entry.parent_id = static_cast<int>(parse_i64(fields[1]).value_or(0));
    entry.root = unescape_mountinfo_field(fields[3]);
    entry.mount_point = unescape_mountinfo_field(fields[4]);
    entry.mount_options = std::string(fields[5]);
    entry.fs_type = std::string(fields[dash + 1]);
    entry.source = unescape_mountinfo_field(fields[dash + 2]);
    if (dash + 3 < fields.size()) entry.super_options = std::string(fields[dash + 3]);
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<MountInfoEntry>> read_mountinfo(const std::string& path) {
  std::string text = BERTH_TRY(read_file(path));
  return parse_mountinfo(text);
}

}  // namespace berth::linux
