// What the children in kernel tests do, once placed in a cgroup.
#pragma once

#include <cstddef>

namespace berth::cgroup::testing {

// Touches `mb` MiB of anonymous memory, then sleeps; returns 0 if it ever gets that far and wakes.
int allocate_and_sleep(size_t mb);
// Forks sleeping children until fork fails; returns fork's errno (EAGAIN under a pids limit).
int fork_until_failure();
// Sleeps until killed.
int sleep_forever();
// Opens `path` read-only and then write-only: 0 when both work, the write's errno when only the
// read works, 100 + the read's errno when the read fails.
int open_for_read_then_write(const char* path);

}  // namespace berth::cgroup::testing
