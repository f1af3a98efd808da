// linux.seccomp.listenerPath: hands the SCMP_ACT_NOTIFY listener fd to a seccomp agent.
//
// The runtime-spec's protocol (config-linux.md, "The Container Process State"): connect to the
// AF_UNIX SOCK_STREAM socket at listenerPath, send the container process state JSON (see
// spec/container_process_state.h) as the payload with the listener fd in SCM_RIGHTS on the first
// sendmsg, then close. One state per connection; any failure is an error of `create`.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace berth::linux {

Result<> send_seccomp_listener(const std::string& listener_path, int listener_fd,
                               std::string_view state_json);

}  // namespace berth::linux
