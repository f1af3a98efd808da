// Facts about a host process read from /proc, and pidfds.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::linux {

struct ProcessStat {
  char state = '?';         // R, S, D, Z, T, X, ...
  uint64_t start_time = 0;  // clock ticks after boot (field 22)
};

// Reads /proc/<pid>/stat; ENOENT when the process is gone.
Result<ProcessStat> read_process_stat(pid_t pid);

// True when `pid` exists, is not a zombie, and started at `start_time` (pid reuse guard).
bool process_matches(pid_t pid, uint64_t start_time);

Result<UniqueFd> open_pidfd(pid_t pid);
// pidfd_send_signal(2); ESRCH when the process is gone.
Result<> signal_pidfd(int pidfd, int signal);

}  // namespace berth::linux
