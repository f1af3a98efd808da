// Opening a container's cgroup driver from its record, for the commands that act on a running
// container (update, pause, resume, ps, events, kill --all).
#pragma once

#include <memory>

#include "base/error.h"
#include "cgroup/driver.h"
#include "spec/state.h"

namespace berth::container {

Result<std::unique_ptr<cgroup::Driver>> open_cgroup(const spec::ContainerRecord& record);

}  // namespace berth::container
