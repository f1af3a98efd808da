// Keeping the runtime's binary out of reach of a container (CVE-2019-5736).
//
// The container's init and `exec` children run the runtime's own code inside the container until
// they exec the user's program, so /proc/<pid>/exe of those processes is the runtime's binary.
// They are not dumpable, which keeps a container process without CAP_SYS_PTRACE (in the initial
// user namespace) from opening that link. A container that has CAP_SYS_PTRACE, or that shares its
// pid namespace with others that might, could open it and write the host's binary once no runtime
// runs any more. For those, the runtime first re-executes itself from a read-only, detached bind
// mount of its own binary: then the link leads to a file no one can open for writing (EROFS).
// Nothing is copied; the mount disappears with the last process that runs from it.
#pragma once

#include "base/error.h"

namespace berth::process {

// True when /proc/self/exe is on a read-only mount (after the re-exec, or when installed so).
bool runtime_binary_is_read_only();

// Re-executes this process, with the same arguments and environment, from a read-only detached
// bind mount of its binary. Returns only on failure.
Error reexec_from_read_only_binary(char* const* argv);

}  // namespace berth::process
