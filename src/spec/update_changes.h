// What an `update` changes. runc reads a 0 in an update's numeric limits as "leave this limit as
// it is", and clients count on it: `docker update -m 128m` sends every field of its resources
// through containerd's shim ({"memory": {"limit": 134217728, "reservation": 0, "kernel": 0, ...},
// "cpu": {"shares": 0, "quota": 0, "period": 0}, "blockIO": {"weight": 0}}). Those zeros are
// dropped here, so only the limits the client set are checked and written.
#pragma once

#include "spec/spec.h"

namespace berth::spec {

// `requested` without the fields runc's update leaves unchanged when they are 0: memory limit,
// reservation, swap, kernel and kernelTCP; cpu shares, quota, period, realtimeRuntime and
// realtimePeriod; pids limit; blockIO weight and leafWeight.
Resources update_changes(Resources requested);

}  // namespace berth::spec
