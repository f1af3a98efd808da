#include "container/status.h"

#include "cgroup/driver.h"
#include "linux/process_info.h"

namespace berth::container {

spec::Status derive_status(const ContainerDir& dir, const spec::ContainerRecord& record) {
  if (record.creating && dir.locked_by_another()) return spec::Status::creating;
  if (record.creating || record.pid <= 0) return spec::Status::stopped;
  if (!linux::process_matches(record.pid, record.pid_start_time)) return spec::Status::stopped;
  if (dir.exec_fifo_exists()) return spec::Status::created;
  if (!record.cgroup_paths.empty()) {
    auto driver = cgroup::open_existing({record.cgroup_paths, record.created_cgroups});
    if (driver) {
      auto frozen = (*driver)->is_frozen();
      if (frozen && *frozen) return spec::Status::paused;
    }
  }
  return spec::Status::running;
}

}  // namespace berth::container
