// The driver for a unified (cgroup v2) host: one directory under the cgroup2 mount, held open so
// that clone3(CLONE_INTO_CGROUP) can place the container's init directly and later writes need
// no path lookups from the root.
#pragma once

#include <string>

#include "base/unique_fd.h"
#include "cgroup/driver.h"

namespace berth::cgroup {

class V2Driver final : public Driver {
 public:
  V2Driver(Placement placement, std::string dir, UniqueFd dirfd);

  Layout layout() const override { return Layout::v2; }
  const Placement& placement() const override { return placement_; }
  std::vector<HierarchyMount> hierarchy_mounts() const override;
  int clone_into_cgroup_fd() const override { return dirfd_.get(); }
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

  const std::string& dir() const { return dir_; }

 private:
  Result<> write(const char* name, std::string_view data) const;
  Result<std::string> read(const char* name) const;
  Result<> set_frozen(bool frozen);
  Result<bool> events_say_frozen() const;

  Placement placement_;
  std::string dir_;
  UniqueFd dirfd_;
};

}  // namespace berth::cgroup
