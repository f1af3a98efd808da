#include <signal.h>

#include "base/strings.h"
#include "cgroup/driver.h"
#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"
#include "linux/process_info.h"

namespace berth::container {
namespace {

// The wording containerd's shim looks for ("container not running") to tell a finished
// container from a failed kill.
Error not_running(const std::string& id) {
  return Error(EINVAL, "container not running: " + quoted(id));
}

}  // namespace

Result<> kill_container(const RuntimeOptions& runtime, const std::string& id, int signal, bool all) {
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  spec::Status status = derive_status(dir, record);
  if (status == spec::Status::creating) return fail(not_running(id));
  if (all && !record.cgroup_paths.empty()) {
    auto driver = BERTH_TRY(cgroup::open_existing({record.cgroup_paths, record.created_cgroups}));
    if (status == spec::Status::stopped) {
      // Without a pid namespace, processes can outlive the init; --all still reaches them
      // through the cgroup, as runc does. A stopped container with an empty cgroup has nothing
      // to signal.
      auto pids = driver->pids();
      if (!pids || pids->empty()) return fail(not_running(id));
    }
    BERTH_TRY_CTX(driver->kill_all(signal), "kill --all");
    // A frozen process cannot act on the signal; let it.
    if (status == spec::Status::paused && (signal == SIGKILL || signal == SIGTERM)) (void)driver->thaw();
    return {};
  }
  if (status == spec::Status::stopped) return fail(not_running(id));
  UniqueFd pidfd = BERTH_TRY(linux::open_pidfd(record.pid));
  // The pidfd pins the process; check it is still the container's init, not a reused pid.
  if (!linux::process_matches(record.pid, record.pid_start_time)) return fail(not_running(id));
  return linux::signal_pidfd(pidfd.get(), signal);
}

}  // namespace berth::container
