// Creating the container's init process: clone3 into new namespaces, straight into its cgroup
// where the kernel allows (cgroup v2), with a pidfd and a channel to it.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "base/error.h"
#include "base/unique_fd.h"
#include "cgroup/driver.h"
#include "process/channel.h"
#include "process/init_options.h"

namespace berth::process {

struct SpawnedChild {
  pid_t pid = -1;
  UniqueFd pidfd;
  Channel channel;  // the parent's end
};
using SpawnedInit = SpawnedChild;

// Clones a child into new namespaces (`clone_flags`) that runs `child_main` with its end of a
// channel; child_main must never return. `pid_namespace` (or -1) is a pid namespace the child is
// born in: the parent enters it just for the clone and returns to its own. The child is placed in
// `cgroup` (clone3 CLONE_INTO_CGROUP where possible) before it can run user code.
Result<SpawnedChild> clone_child(uint64_t clone_flags, cgroup::Driver* cgroup, int pid_namespace,
                                 void (*child_main)(void* context, Channel& channel), void* context);

// Clones the init (which runs container_init_main and waits for MessageType::go) and places it in
// the container's cgroup. `pid_namespace` (or -1) is a pid namespace to join: the parent enters
// it just for the clone and returns to its own. On error no child is left running.
Result<SpawnedInit> spawn_init(InitOptions& options, cgroup::Driver* cgroup, int pid_namespace);

// SIGKILL and reap a child this process still owns.
void kill_and_reap(pid_t pid, int pidfd);

}  // namespace berth::process
