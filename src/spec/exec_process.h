// The process that `exec` starts, built as runc builds it: either the whole `process` object
// given with --process, or the container's own process with the command-line flags applied.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::spec {

struct ExecFlags {
  std::vector<std::string> args;  // COMMAND ARGS... (required without --process)
  bool tty = false;
  std::string cwd;
  std::vector<std::string> env;           // KEY=VALUE, added to (or replacing) the container's
  std::string user;                       // "UID" or "UID:GID"
  std::vector<std::string> additional_gids;
  std::vector<std::string> capabilities;  // added to every set but inheritable
  bool no_new_privileges = false;
  std::string apparmor_profile;
  std::string process_label;
};

// The container's process with the flags applied. Errors name the flag.
Result<Process> exec_process_from_flags(const Process& container_process, const ExecFlags& flags);

}  // namespace berth::spec
