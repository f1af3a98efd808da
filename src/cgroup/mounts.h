// Which cgroup hierarchies are mounted, from /proc/self/mountinfo, and which cgroup the calling
// process is in, from /proc/self/cgroup.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cgroup/driver.h"

namespace berth::cgroup {

struct CgroupMount {
  std::string mount_point;  // "/sys/fs/cgroup/memory"
  std::string root;         // the cgroup this mount shows, "/" unless bind-mounted or namespaced
  bool v2 = false;
  // v1 only: controllers and named hierarchies ("cpu", "cpuacct", "name=systemd"), sorted.
  std::vector<std::string> controllers;

  bool has_controller(std::string_view name) const;
};

// Every cgroup and cgroup2 mount in mountinfo order. Pure.
std::vector<CgroupMount> parse_cgroup_mounts(std::string_view mountinfo);

// The hierarchies a driver uses: one mount per v1 hierarchy (the same hierarchy mounted twice is
// listed once, preferring mounts under /sys/fs/cgroup) and the cgroup2 mount, if any.
struct Hierarchies {
  Layout layout = Layout::v2;
  std::vector<CgroupMount> v1;    // empty on v2 (named-only v1 hierarchies are ignored there)
  std::optional<CgroupMount> v2;  // absent on a pure v1 host
};
// Pure; fails when no cgroup hierarchy is mounted.
Result<Hierarchies> select_hierarchies(std::vector<CgroupMount> mounts);
// Reads /proc/self/mountinfo (or, when /sys/fs/cgroup is itself a cgroup2 mount, just statfs).
Result<Hierarchies> read_hierarchies();

// One line of /proc/self/cgroup: "4:memory:/user.slice".
struct ProcCgroupEntry {
  int hierarchy_id = 0;
  std::vector<std::string> controllers;  // sorted; empty for the cgroup2 line "0::/..."
  std::string path;
};
std::vector<ProcCgroupEntry> parse_proc_cgroup(std::string_view text);  // pure
Result<std::vector<ProcCgroupEntry>> read_proc_cgroup(pid_t pid = 0);   // 0 = self

// The cgroup path of `entries` in `mount`'s hierarchy, or nullopt.
std::optional<std::string> cgroup_in_hierarchy(const std::vector<ProcCgroupEntry>& entries,
                                               const CgroupMount& mount);

}  // namespace berth::cgroup
