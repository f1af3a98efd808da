#include <poll.h>
#include <signal.h>

#include "base/fault_injection.h"
#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "cgroup/driver.h"
#include "container/container.h"
#include "container/creation.h"
#include "container/state_store.h"
#include "container/status.h"
#include "linux/process_info.h"
#include "spec/parse.h"

namespace berth::container {
namespace {

constexpr int kExitWaitMs = 10 * 1000;

// Kills the container's processes and waits (bounded) for the init to be gone.
Result<> kill_and_wait(const spec::ContainerRecord& record) {
  auto pidfd = linux::open_pidfd(record.pid);
  bool same_process = pidfd && linux::process_matches(record.pid, record.pid_start_time);
  if (!record.cgroup_paths.empty()) {
    auto driver = cgroup::open_existing({record.cgroup_paths, record.created_cgroups});
    if (driver) {
      (void)(*driver)->kill_all(SIGKILL);
      (void)(*driver)->thaw();
    }
  }
  if (!same_process) return {};
  (void)linux::signal_pidfd(pidfd->get(), SIGKILL);
  struct pollfd fd = {pidfd->get(), POLLIN, 0};
  while (::poll(&fd, 1, kExitWaitMs) < 0 && errno == EINTR) {
  }
  return {};
}

}  // namespace

Result<> delete_container(const RuntimeOptions& runtime, const std::string& id, bool force) {
  StateStore store(runtime.root);
  auto opened = store.open(id);
  if (!opened) {
    if (force && opened.error().errnum() == ENOENT) return {};
    return fail(std::move(opened.error()));
  }
  ContainerDir& dir = *opened;
  if (auto locked = dir.lock_exclusive(); !locked) {
    if (force && locked.error().errnum() == ENOENT) return {};  // a concurrent delete won
    return fail(std::move(locked.error()));
  }
  auto record = dir.read_record();
  if (!record) {
    // No state.json: a create that died before writing it, or a concurrent delete that won.
    if (!path_exists(dir.path())) {
      if (force) return {};
      return fail(Error(ENOENT, "container " + quoted(id) + " does not exist"));
    }
    return dir.remove();
  }
  spec::Status status = derive_status(dir, *record);
  if (status == spec::Status::running || status == spec::Status::paused) {
    if (!force) {
      return fail_invalid("cannot delete container " + quoted(id) + " that is not stopped: " +
                          spec::status_name(status));
    }
  }
  if (status != spec::Status::stopped) BERTH_TRY(kill_and_wait(*record));
  fault_point("delete:killed");

  std::optional<spec::Spec> config;
  if (auto text = read_file(dir.config_copy_path())) {
    if (auto parsed = spec::parse_config(*text)) config = std::move(*parsed);
  }
  log::debug("deleting container " + id + " (" + spec::status_name(status) + ")");
  return destroy_container(dir, *record, config ? &*config : nullptr);
}

}  // namespace berth::container
