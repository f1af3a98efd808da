#include "base/log.h"
#include "base/strings.h"
#include "container/cgroup_access.h"
#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"

namespace berth::container {
namespace {

struct Locked {
  ContainerDir dir;
  spec::ContainerRecord record;
  spec::Status status;
};

Result<Locked> open_locked(const RuntimeOptions& runtime, const std::string& id) {
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  BERTH_TRY(dir.lock_exclusive());
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  spec::Status status = derive_status(dir, record);
  return Locked{std::move(dir), std::move(record), status};
}

}  // namespace

Result<> pause_container(const RuntimeOptions& runtime, const std::string& id) {
  Locked container = BERTH_TRY(open_locked(runtime, id));
  if (container.status != spec::Status::running && container.status != spec::Status::created) {
    return fail_invalid("cannot pause container " + quoted(id) + ": it is " + spec::status_name(container.status));
  }
  auto cgroup = BERTH_TRY(open_cgroup(container.record));
  BERTH_TRY_CTX(cgroup->freeze(), "pause " + quoted(id));
  log::debug("paused " + id);
  return {};
}

Result<> resume_container(const RuntimeOptions& runtime, const std::string& id) {
  Locked container = BERTH_TRY(open_locked(runtime, id));
  if (container.status != spec::Status::paused) {
    return fail_invalid("cannot resume container " + quoted(id) + ": it is " + spec::status_name(container.status) +
                        ", not paused");
  }
  auto cgroup = BERTH_TRY(open_cgroup(container.record));
  BERTH_TRY_CTX(cgroup->thaw(), "resume " + quoted(id));
  log::debug("resumed " + id);
  return {};
}

}  // namespace berth::container
