// A process started in a running container by `exec`: it joins the container's namespaces and
// cgroup, takes the process's user, limits, capabilities and seccomp filter, and execs.
#pragma once

#include <string>
#include <vector>

#include <optional>

#include "linux/seccomp_filter.h"
#include "process/channel.h"
#include "process/init_options.h"
#include "spec/spec.h"

namespace berth::process {

// Parent <-> exec child messages: the child sends `terminal` (with the pty master) when the
// process has a terminal, then `ready`; end-of-file after that means the exec happened, an
// `error` message that it did not.
struct ExecOptions {
  spec::Process process;
  const spec::Spec* container_spec = nullptr;  // personality
  std::optional<linux::SeccompProgram> seccomp;  // the container's filter
  std::string container_id;
  std::vector<NamespaceToJoin> namespaces_to_join;  // all but pid (the child is born in it)
  bool in_user_namespace = false;
  int preserve_fds = 0;
  int log_fd = -1;
};

[[noreturn]] void exec_child_main(ExecOptions& options, Channel& channel);

}  // namespace berth::process
