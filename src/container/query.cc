#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"

namespace berth::container {

namespace {

Result<ContainerState> state_of(const ContainerDir& dir) {
  ContainerState state;
  state.record = BERTH_TRY(dir.read_record());
  state.status = derive_status(dir, state.record);
  return state;
}

}  // namespace

Result<ContainerState> container_state(const RuntimeOptions& runtime, const std::string& id) {
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  return state_of(dir);
}

Result<std::vector<ContainerState>> list_containers(const RuntimeOptions& runtime) {
  StateStore store(runtime.root);
  std::vector<ContainerState> states;
  for (const auto& dir : BERTH_TRY(store.list())) {
    auto state = state_of(dir);
    // A directory without a readable state (a create in its first microseconds, or one that
    // crashed) is shown only once it has a record; `delete --force` removes the latter.
    if (state) states.push_back(std::move(*state));
  }
  return states;
}

}  // namespace berth::container
