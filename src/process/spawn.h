// Creating the container's init process: clone3 into new namespaces, straight into its cgroup
// where the kernel allows (cgroup v2), with a pidfd and a channel to it.
#pragma once

#include <sys/types.h>

#include "base/error.h"
#include "base/unique_fd.h"
#include "cgroup/driver.h"
#include "process/channel.h"
#include "process/init_options.h"

namespace berth::process {

struct SpawnedInit {
  pid_t pid = -1;
  UniqueFd pidfd;
  Channel channel;  // the parent's end
};

// Clones the init (which runs container_init_main and waits for MessageType::go) and places it in
// the container's cgroup. `pid_namespace` (or -1) is a pid namespace to join: the parent enters
// it just for the clone and returns to its own. On error no child is left running.
Result<SpawnedInit> spawn_init(InitOptions& options, cgroup::Driver* cgroup, int pid_namespace);

// SIGKILL and reap a child this process still owns.
void kill_and_reap(pid_t pid, int pidfd);

}  // namespace berth::process
