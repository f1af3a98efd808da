// The last step of every container process: exec the user's program, through the exec trampoline.
//
// A container process must never run with the runtime's binary as its /proc/<pid>/exe: a program
// in the container could open it and, once no runtime process runs any more, write to the host's
// berth-runtime (CVE-2019-5736; an image whose entrypoint is "#!/proc/self/exe" makes the kernel
// re-run the runtime itself inside the container). So the init execs a ~1 KiB static program held
// in a sealed memfd, which execs the user's program. Nothing of the runtime is copied, the
// trampoline is read-only for everyone, and a process that runs it sees only the trampoline.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::process {

// A sealed, executable memfd holding the trampoline (close-on-exec).
Result<UniqueFd> make_exec_trampoline();

// Resets signal dispositions and the signal mask, then execs `path` with `args` and `env` through
// the trampoline. Returns only on failure, with the error.
Error exec_container_process(int trampoline_fd, const std::string& path, const std::vector<std::string>& args,
                             const std::vector<std::string>& env);

}  // namespace berth::process
