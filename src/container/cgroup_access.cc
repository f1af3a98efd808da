#include "container/cgroup_access.h"

#include "base/strings.h"

namespace berth::container {

Result<std::unique_ptr<cgroup::Driver>> open_cgroup(const spec::ContainerRecord& record) {
  if (record.cgroup_paths.empty()) {
    return fail_invalid("container " + quoted(record.id) + " has no cgroup (rootless without delegation)");
  }
  return cgroup::open_existing({record.cgroup_paths, record.created_cgroups});
}

}  // namespace berth::container
