#include "spec/update_changes.h"

namespace berth::spec {
namespace {

template <typename T>
void drop_zero(std::optional<T>& value) {
  if (value == T{0}) value.reset();
}

}  // namespace

Resources update_changes(Resources requested) {
  if (auto& memory = requested.memory) {
    for (auto* bytes : {&memory->limit, &memory->reservation, &memory->swap, &memory->kernel, &memory->kernel_tcp}) {
      drop_zero(*bytes);
    }
  }
  if (auto& cpu = requested.cpu) {
    drop_zero(cpu->shares);
    drop_zero(cpu->quota);
    drop_zero(cpu->period);
    drop_zero(cpu->realtime_runtime);
    drop_zero(cpu->realtime_period);
  }
  drop_zero(requested.pids_limit);
  if (auto& block_io = requested.block_io) {
    drop_zero(block_io->weight);
    drop_zero(block_io->leaf_weight);
  }
  return requested;
}

}  // namespace berth::spec
