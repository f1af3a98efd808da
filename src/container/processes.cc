#include "base/strings.h"
#include "container/cgroup_access.h"
#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"

namespace berth::container {

Result<std::vector<pid_t>> container_pids(const RuntimeOptions& runtime, const std::string& id) {
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  if (derive_status(dir, record) == spec::Status::stopped) return std::vector<pid_t>{};
  auto cgroup = BERTH_TRY(open_cgroup(record));
  return cgroup->pids();
}

}  // namespace berth::container
