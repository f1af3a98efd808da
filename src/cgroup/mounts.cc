#include "cgroup/mounts.h"

#include <linux/magic.h>
#include <sys/vfs.h>

#include <algorithm>

#include "base/files.h"
#include "base/strings.h"

namespace berth::cgroup {
namespace {

bool is_v1_option(std::string_view option) {
  static constexpr std::string_view kNotControllers[] = {
      "rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "favordynmods", "none",
  };
  for (auto o : kNotControllers)
    if (option == o) return false;
  if (option.starts_with("name=")) return true;
  return option.find('=') == std::string_view::npos;
}

bool is_named_only(const CgroupMount& mount) {
  for (const auto& c : mount.controllers)
    if (!c.starts_with("name=")) return false;
  return true;
}

// Lower is better: mounts under /sys/fs/cgroup showing the whole hierarchy first.
int preference(const CgroupMount& mount) {
  int score = 0;
  if (!mount.mount_point.starts_with("/sys/fs/cgroup")) score += 2;
  if (mount.root != "/") score += 1;
  return score;
}

}  // namespace

bool CgroupMount::has_controller(std::string_view name) const {
  return std::find(controllers.begin(), controllers.end(), name) != controllers.end();
}

std::vector<CgroupMount> parse_cgroup_mounts(std::string_view mountinfo) {
  std::vector<CgroupMount> mounts;
  for (std::string_view line : split(mountinfo, '\n')) {
    // id parent major:minor root mount_point options [optional...] - fstype source super_options
    size_t dash = line.find(" - ");
    if (dash == std::string_view::npos) continue;
    auto tail = split(line.substr(dash + 3), ' ');
    if (tail.size() < 3) continue;
    bool v2 = tail[0] == "cgroup2";
    if (!v2 && tail[0] != "cgroup") continue;
    auto head = split(line.substr(0, dash), ' ');
    if (head.size() < 6) continue;
    CgroupMount mount;
    mount.root = unescape_mountinfo_field(head[3]);
    mount.mount_point = unescape_mountinfo_field(head[4]);
    mount.v2 = v2;
    if (!v2) {
      for (std::string_view option : split(tail[2], ','))
        if (is_v1_option(option)) mount.controllers.emplace_back(option);
      std::sort(mount.controllers.begin(), mount.controllers.end());
    }
    mounts.push_back(std::move(mount));
  }
  return mounts;
}

Result<Hierarchies> select_hierarchies(std::vector<CgroupMount> mounts) {
  Hierarchies out;
  bool has_v1_controllers = false;
  for (auto& mount : mounts) {
    if (mount.v2) {
      if (!out.v2 || preference(mount) < preference(*out.v2) ||
          (preference(mount) == preference(*out.v2) && mount.mount_point == "/sys/fs/cgroup"))
        out.v2 = std::move(mount);
      continue;
    }
    if (mount.controllers.empty()) continue;
    if (!is_named_only(mount)) has_v1_controllers = true;
    auto same = std::find_if(out.v1.begin(), out.v1.end(), [&](const CgroupMount& m) {
      return m.controllers == mount.controllers;
    });
    if (same == out.v1.end())
      out.v1.push_back(std::move(mount));
    else if (preference(mount) < preference(*same))
      *same = std::move(mount);
  }
  if (has_v1_controllers) {
    out.layout = out.v2 ? Layout::hybrid : Layout::v1;
  } else if (out.v2) {
    out.layout = Layout::v2;
    out.v1.clear();
  } else {
    return fail_invalid("no cgroup hierarchy is mounted (see /proc/self/mountinfo)");
  }
  return out;
}

Result<Hierarchies> read_hierarchies() {
  // A unified host has its one hierarchy at /sys/fs/cgroup (runc and crun assume the same): one
  // statfs instead of reading and parsing mountinfo, on the path of every container start.
  struct statfs fs;
  if (::statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
    Hierarchies out;
    out.layout = Layout::v2;
    out.v2 =
        CgroupMount{.mount_point = "/sys/fs/cgroup", .root = "/", .v2 = true, .controllers = {}};
    return out;
  }
  std::string text = BERTH_TRY(read_file("/proc/self/mountinfo"));
  return select_hierarchies(parse_cgroup_mounts(text));
}

std::vector<ProcCgroupEntry> parse_proc_cgroup(std::string_view text) {
  std::vector<ProcCgroupEntry> entries;
  for (std::string_view line : split(text, '\n')) {
    size_t first = line.find(':');
    if (first == std::string_view::npos) continue;
    size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    auto id = parse_u64(line.substr(0, first));
    if (!id) continue;
    ProcCgroupEntry entry;
    entry.hierarchy_id = static_cast<int>(*id);
    std::string_view controllers = line.substr(first + 1, second - first - 1);
    if (!controllers.empty())
      for (auto c : split(controllers, ',')) entry.controllers.emplace_back(c);
    std::sort(entry.controllers.begin(), entry.controllers.end());
    entry.path = std::string(line.substr(second + 1));
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<ProcCgroupEntry>> read_proc_cgroup(pid_t pid) {
  std::string path = pid == 0 ? "/proc/self/cgroup" : "/proc/" + std::to_string(pid) + "/cgroup";
  std::string text = BERTH_TRY(read_file(path));
  return parse_proc_cgroup(text);
}

std::optional<std::string> cgroup_in_hierarchy(const std::vector<ProcCgroupEntry>& entries,
                                               const CgroupMount& mount) {
  for (const auto& entry : entries) {
    if (mount.v2 ? (entry.hierarchy_id == 0 && entry.controllers.empty())
                 : (entry.hierarchy_id != 0 && entry.controllers == mount.controllers))
      return entry.path;
  }
  return std::nullopt;
}

}  // namespace berth::cgroup
