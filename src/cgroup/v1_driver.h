// The driver for cgroup v1 hosts and for hybrid hosts (v1 controllers plus a cgroup2 mount with
// few controllers): the container gets a directory in every mounted v1 hierarchy (name=systemd
// included, as runc does) and, on hybrid hosts, in the cgroup2 hierarchy too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.h"
#include "cgroup/driver.h"
#include "cgroup/mounts.h"

namespace berth::cgroup {

struct V1Hierarchy {
  CgroupMount mount;
  std::string dir;  // the container's directory in it
};

class V1Driver final : public Driver {
 public:
  V1Driver(Layout layout, Placement placement, std::vector<V1Hierarchy> hierarchies,
           std::optional<std::string> unified_dir);

  Layout layout() const override { return layout_; }
  const Placement& placement() const override { return placement_; }
  std::vector<HierarchyMount> hierarchy_mounts() const override;
  int clone_into_cgroup_fd() const override { return -1; }
  Result<> add_process(pid_t pid) override;
  Result<ChildPlacement> prepare_child_placement() override;
  Result<> apply(const spec::Resources& resources, bool initial) override;
  Result<> freeze() override;
  Result<> thaw() override;
  Result<bool> is_frozen() const override;
  Result<std::vector<pid_t>> pids() const override;
  Result<Stats> stats() const override;
  Result<uint64_t> oom_kill_count() const override;
  Result<> kill_all(int signal) override;
  Result<> destroy() override;

  // The container's directory in the hierarchy holding `controller`, or nullptr.
  const std::string* dir_of(std::string_view controller) const;

 private:
  Result<std::string> freezer_state() const;
  // No process in the container's cgroups (the freezer's, or the first hierarchy's, list; in
  // hybrid also the cgroup2 directory's subtree).
  Result<bool> is_empty() const;
  Result<> signal_listed(const std::string& dir, int signal) const;

  Layout layout_;
  Placement placement_;
  std::vector<V1Hierarchy> hierarchies_;
  std::optional<std::string> unified_dir_;  // hybrid only
  UniqueFd unified_fd_;                     // opened by prepare_child_placement()
};

}  // namespace berth::cgroup
