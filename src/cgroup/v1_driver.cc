#include "cgroup/v1_driver.h"

#include <signal.h>
#include <unistd.h>

#include "base/strings.h"
#include "cgroup/cgroup_fs.h"
#include "cgroup/stats_parse.h"
#include "cgroup/teardown.h"

namespace berth::cgroup {

V1Driver::V1Driver(Layout layout, Placement placement, std::vector<V1Hierarchy> hierarchies,
                   std::optional<std::string> unified_dir)
    : layout_(layout),
      placement_(std::move(placement)),
      hierarchies_(std::move(hierarchies)),
      unified_dir_(std::move(unified_dir)) {}

const std::string* V1Driver::dir_of(std::string_view controller) const {
  for (const auto& h : hierarchies_)
    if (h.mount.has_controller(controller)) return &h.dir;
  return nullptr;
}

std::vector<HierarchyMount> V1Driver::hierarchy_mounts() const {
  std::vector<HierarchyMount> mounts;
  for (const auto& h : hierarchies_) mounts.push_back({h.mount.mount_point, false, h.mount.controllers});
  if (unified_dir_) {
    for (const auto& [mount_point, dir] : placement_.paths) {
      if (dir == *unified_dir_) mounts.push_back({mount_point, true, {}});
    }
  }
  return mounts;
}

Result<> V1Driver::add_process(pid_t pid) {
  std::string data = std::to_string(pid);
  for (const auto& h : hierarchies_) BERTH_TRY(write_cgroup_file(h.dir + "/cgroup.procs", data));
  if (unified_dir_) BERTH_TRY(write_cgroup_file(*unified_dir_ + "/cgroup.procs", data));
  return {};
}

Result<std::vector<pid_t>> V1Driver::pids() const {
  // Every process of the container is in every hierarchy; the freezer's view is the one that
  // kill_all() freezes, so prefer it.
  const std::string* dir = dir_of("freezer");
  if (dir == nullptr && !hierarchies_.empty()) dir = &hierarchies_.front().dir;
  if (dir == nullptr && unified_dir_) dir = &*unified_dir_;
  if (dir == nullptr) return std::vector<pid_t>{};
  std::string text = BERTH_TRY(read_cgroup_file(*dir + "/cgroup.procs"));
  return parse_pid_list(text);
}

Result<bool> V1Driver::is_empty() const {
  if (!BERTH_TRY(pids()).empty()) return false;
  // Hybrid: the cgroup2 directory says whether anything is left in it or below it.
  if (!unified_dir_) return true;
  std::string events = BERTH_TRY(read_cgroup_file(*unified_dir_ + "/cgroup.events"));
  return parse_flat_keyed(events)["populated"] == 0;
}

Result<std::string> V1Driver::freezer_state() const {
  const std::string* dir = dir_of("freezer");
  if (dir == nullptr) return fail_invalid("no v1 freezer hierarchy is mounted");
  std::string text = BERTH_TRY(read_cgroup_file(*dir + "/freezer.state"));
  return std::string(trim(text));
}

Result<bool> V1Driver::is_frozen() const {
  std::string state = BERTH_TRY(freezer_state());
  return state == "FROZEN";
}

Result<> V1Driver::freeze() {
  const std::string* dir = dir_of("freezer");
  if (dir == nullptr) return fail_invalid("freeze: no v1 freezer hierarchy is mounted");
  std::string state_file = *dir + "/freezer.state";
  // FREEZING can last while tasks are in uninterruptible sleep; writing FROZEN again retries them.
  int64_t deadline = monotonic_ms() + 2000;
  for (int attempt = 0;; ++attempt) {
    if (attempt % 10 == 0) BERTH_TRY(write_cgroup_file(state_file, "FROZEN"));
    std::string state = BERTH_TRY(freezer_state());
    if (state == "FROZEN") return {};
    if (monotonic_ms() >= deadline) {
      (void)write_cgroup_file(state_file, "THAWED");
      return fail(Error(EBUSY, "freeze " + *dir + ": still " + state + " after 2 s"));
    }
    sleep_ms(attempt < 10 ? 1 : 10);
  }
}

Result<> V1Driver::thaw() {
  const std::string* dir = dir_of("freezer");
  if (dir == nullptr) return fail_invalid("thaw: no v1 freezer hierarchy is mounted");
  return write_cgroup_file(*dir + "/freezer.state", "THAWED");
}

Result<> V1Driver::signal_listed(const std::string& dir, int signal) const {
  std::string text = BERTH_TRY(read_cgroup_file(dir + "/cgroup.procs"));
  return signal_pids(parse_pid_list(text), signal);
}

Result<> V1Driver::kill_all(int signal) {
  if (hierarchies_.empty() && !unified_dir_) return {};  // rootless without cgroups
  auto list = [this] { return pids(); };
  // The usual case at delete: the init has exited, and its pid namespace took every other
  // process with it. Nothing to freeze, signal or thaw. (Unknown: go the long way.)
  if (signal == SIGKILL) {
    auto empty = is_empty();
    if (empty && *empty) return {};
  }
  // Hybrid: the container's processes are in the cgroup2 directory too, and cgroup.kill there
  // kills them all at once, with no race against fork.
  if (signal == SIGKILL && unified_dir_ &&
      ::access((*unified_dir_ + "/cgroup.kill").c_str(), F_OK) == 0) {
    BERTH_TRY(write_cgroup_file(*unified_dir_ + "/cgroup.kill", "1"));
    // A task frozen by the v1 freezer dies only once thawed.
    if (dir_of("freezer") != nullptr && BERTH_TRY(is_frozen())) BERTH_TRY(thaw());
    return kill_until_empty(list, *unified_dir_);
  }
  const std::string* freezer = dir_of("freezer");
  if (freezer == nullptr) {
    // No freezer: signal what is listed; for SIGKILL repeat until nothing is left.
    if (signal == SIGKILL) return kill_until_empty(list, placement_.paths.begin()->second);
    std::vector<pid_t> pids = BERTH_TRY(list());
    return signal_pids(pids, signal);
  }
  // Freeze first so that no process can fork a child we would miss, signal, then thaw (SIGKILL is
  // delivered on thaw). A paused container stays paused unless it was killed. A cgroup that will
  // not freeze (a task stuck in uninterruptible sleep) is signalled anyway.
  bool was_frozen = BERTH_TRY(is_frozen());
  bool froze = !was_frozen && freeze().has_value();
  Result<> signalled = signal_listed(*freezer, signal);
  if (froze || (was_frozen && signal == SIGKILL)) BERTH_TRY(thaw());
  BERTH_TRY(std::move(signalled));
  if (signal == SIGKILL) return kill_until_empty(list, *freezer);
  return {};
}

Result<> V1Driver::destroy() { return remove_created_dirs(placement_); }

}  // namespace berth::cgroup
