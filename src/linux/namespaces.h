// Linux namespaces: clone flags for namespace types, and joining an existing namespace by path.
#pragma once

#include <string>

#include "base/error.h"
#include "base/unique_fd.h"
#include "spec/spec.h"

namespace berth::linux {

// CLONE_NEW* for a namespace type.
int clone_flag(spec::NamespaceType type);

// The /proc/<pid>/ns/<name> entry name: "pid", "net", "mnt", "ipc", "uts", "user", "cgroup", "time".
const char* proc_ns_name(spec::NamespaceType type);

// Opens a namespace file and checks that it is a namespace of `type` (NS_GET_NSTYPE), so that a
// wrong path fails before anything is created: `"/x" is not a network namespace`.
Result<UniqueFd> open_namespace(const std::string& path, spec::NamespaceType type);

// setns(2) into an opened namespace.
Result<> join_namespace(int ns_fd, spec::NamespaceType type);

}  // namespace berth::linux
