// A container's status, derived from the live system every time it is asked for:
//   creating  the record says so and its creator still holds the lock;
//   stopped   no process, a zombie, a pid whose start time differs (reused), or a failed create;
//   created   the init is alive and still waits on the exec fifo;
//   paused    the cgroup is frozen;
//   running   otherwise.
#pragma once

#include "container/state_store.h"
#include "spec/state.h"

namespace berth::container {

spec::Status derive_status(const ContainerDir& dir, const spec::ContainerRecord& record);

}  // namespace berth::container
