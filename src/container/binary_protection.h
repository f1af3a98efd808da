// When a container could reach the runtime's binary through /proc/<pid>/exe of a process that
// still runs the runtime's code (see process/protected_binary.h), and re-executing from a
// read-only mount of the binary before going on.
#pragma once

#include "base/error.h"
#include "container/container.h"
#include "spec/spec.h"

namespace berth::container {

// True for a container without a user namespace whose processes may hold CAP_SYS_PTRACE,
// CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE (in the bounding set, or no capabilities given at all),
// or whose pid namespace is not its own.
bool container_can_reach_runtime_binary(const spec::Spec& spec);

// Re-executes from a read-only mount when needed (returns only if not needed, or if the kernel
// refuses, which is reported). Call before anything is created.
Result<> protect_runtime_binary(const RuntimeOptions& runtime, const spec::Spec& spec);

}  // namespace berth::container
