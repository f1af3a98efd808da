// The "container process state" of config-linux.md: what the runtime sends to
// linux.seccomp.listenerPath together with the seccomp listener fd.
//
//   {"ociVersion":"1.2.0","fds":["seccompFd"],"pid":4422,"metadata":"<listenerMetadata>",
//    "state":{"ociVersion":"1.0.2","id":"c1","status":"creating","pid":4422,
//             "bundle":"/containers/redis","annotations":{"k":"v"}}}
//
// Members and omissions are runc's (specs-go ContainerProcessState): the top-level ociVersion is
// the runtime-spec version berth implements; `metadata` is left out when listenerMetadata is
// empty; `state` is the runtime-spec's state object (not `berth-runtime state`'s, which adds
// rootfs, created and owner), with the config's ociVersion, pid left out when 0 and annotations
// when there are none.
#pragma once

#include <string>
#include <string_view>

#include "spec/state.h"

namespace berth::spec {

// Compact JSON, no trailing newline. `record.pid` is the container process's pid as the runtime
// sees it; the fd list is ["seccompFd"], the one fd the runtime sends.
std::string container_process_state_json(const ContainerRecord& record, Status status,
                                         std::string_view listener_metadata);

}  // namespace berth::spec
