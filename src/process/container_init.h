// The container's init process, from clone to exec: the confinement recipe in one place.
#pragma once

#include "process/channel.h"
#include "process/init_options.h"

namespace berth::process {

// Runs in the cloned child. Never returns: it execs the container's process, or reports the
// error over `channel` (or, once the parent is gone, over the exec fifo) and exits.
[[noreturn]] void container_init_main(InitOptions& options, Channel& channel);

}  // namespace berth::process
