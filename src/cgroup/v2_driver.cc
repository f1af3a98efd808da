#include "cgroup/v2_driver.h"

#include <signal.h>
#include <unistd.h>

#include "base/strings.h"
#include "cgroup/cgroup_fs.h"
#include "cgroup/teardown.h"

namespace berth::cgroup {

V2Driver::V2Driver(Placement placement, std::string dir, UniqueFd dirfd)
    : placement_(std::move(placement)), dir_(std::move(dir)), dirfd_(std::move(dirfd)) {}

// Reopened from a saved placement whose directory is gone, the driver has no fd; paths still work
// (and fail with ENOENT naming the file).
Result<> V2Driver::write(const char* name, std::string_view data) const {
  if (!dirfd_) return write_cgroup_file(dir_ + "/" + name, data);
  return write_cgroup_file_at(dirfd_.get(), dir_, name, data);
}

Result<std::string> V2Driver::read(const char* name) const {
  if (!dirfd_) return read_cgroup_file(dir_ + "/" + name);
  return read_cgroup_file_at(dirfd_.get(), dir_, name);
}

std::vector<HierarchyMount> V2Driver::hierarchy_mounts() const {
  std::vector<HierarchyMount> mounts;
  for (const auto& [mount_point, dir] : placement_.paths) mounts.push_back({mount_point, true, {}});
  return mounts;
}

Result<> V2Driver::add_process(pid_t pid) { return write("cgroup.procs", std::to_string(pid)); }

Result<std::vector<pid_t>> V2Driver::pids() const {
  std::string text = BERTH_TRY(read("cgroup.procs"));
  return parse_pid_list(text);
}

// Paused means cgroup.freeze is 1. cgroup.events' "frozen" can drop to 0 for a moment while a
// frozen task handles a fatal signal, so it only confirms that freezing has finished.
Result<bool> V2Driver::is_frozen() const {
  std::string wanted = BERTH_TRY(read("cgroup.freeze"));
  return trim(wanted) == "1";
}

Result<bool> V2Driver::events_say_frozen() const {
  std::string events = BERTH_TRY(read("cgroup.events"));
  for (std::string_view line : split(events, '\n'))
    if (line.starts_with("frozen ")) return trim(line.substr(7)) == "1";
  return false;
}

Result<> V2Driver::set_frozen(bool frozen) {
  BERTH_TRY(write("cgroup.freeze", frozen ? "1" : "0"));
  // cgroup.events says "frozen 1" once every task has stopped.
  int64_t deadline = monotonic_ms() + 5000;
  for (int attempt = 0;; ++attempt) {
    bool now = BERTH_TRY(events_say_frozen());
    if (now == frozen) return {};
    if (monotonic_ms() >= deadline) {
      if (frozen) (void)write("cgroup.freeze", "0");
      return fail(Error(EBUSY, std::string(frozen ? "freeze " : "thaw ") + dir_ +
                                   ": cgroup.events did not change after 5 s"));
    }
    sleep_ms(attempt < 10 ? 1 : 10);
  }
}

Result<> V2Driver::freeze() { return set_frozen(true); }
Result<> V2Driver::thaw() { return set_frozen(false); }

Result<> V2Driver::kill_all(int signal) {
  auto list = [this] { return pids(); };
  if (signal == SIGKILL) {
    if (::access((dir_ + "/cgroup.kill").c_str(), F_OK) == 0) {
      BERTH_TRY(write("cgroup.kill", "1"));
      return kill_until_empty(list, dir_);
    }
    return kill_until_empty(list, dir_);  // kernels before 5.14
  }
  bool was_frozen = BERTH_TRY(is_frozen());
  if (!was_frozen) BERTH_TRY(freeze());
  auto pids = list();
  Result<> signalled = pids ? signal_pids(*pids, signal) : Result<>(fail(pids.error()));
  if (!was_frozen) BERTH_TRY(thaw());
  return signalled;
}

Result<> V2Driver::destroy() { return remove_created_dirs(placement_); }

}  // namespace berth::cgroup
