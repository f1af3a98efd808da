#include "base/log.h"
#include "base/strings.h"
#include "container/cgroup_access.h"
#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"
#include "spec/update_changes.h"
#include "spec/validate.h"

namespace berth::container {

Result<> update_container(const RuntimeOptions& runtime, const std::string& id, const spec::Resources& requested) {
  spec::Resources resources = spec::update_changes(requested);
  BERTH_TRY(spec::validate_resources(resources, "resources"));
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  BERTH_TRY(dir.lock_exclusive());
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  spec::Status status = derive_status(dir, record);
  if (status == spec::Status::stopped || status == spec::Status::creating) {
    return fail_invalid("cannot update container " + quoted(id) + ": it is " + spec::status_name(status));
  }
  auto cgroup = BERTH_TRY(open_cgroup(record));
  BERTH_TRY(cgroup->apply(resources, /*initial=*/false));
  log::debug("updated the resources of " + id);
  return {};
}

}  // namespace berth::container
