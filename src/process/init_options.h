// What the container's init process needs to know. The init is a clone of the runtime process (no
// re-exec), so this struct is simply in its memory; nothing is serialized.
#pragma once

#include <string>
#include <vector>

#include "base/unique_fd.h"
#include <optional>

#include "linux/mounts.h"
#include "linux/seccomp_filter.h"
#include "spec/spec.h"
#include "spec/state.h"

namespace berth::process {

struct NamespaceToJoin {
  spec::NamespaceType type;
  UniqueFd fd;  // opened and type-checked by the parent
};

struct InitOptions {
  const spec::Spec* spec = nullptr;
  std::string rootfs;  // absolute host path
  bool no_pivot = false;
  bool no_new_keyring = false;
  int preserve_fds = 0;          // fds 3 .. 3+N-1 reach the process
  int exec_fifo_fd = -1;         // create: O_PATH fd of <state>/exec.fifo; run: -1 (parent says start)
  int log_fd = -1;               // kept open so that debug lines from the init reach the log
  linux::MountContext mount_context;
  std::vector<NamespaceToJoin> namespaces_to_join;  // joined by the child (pid is joined by the parent)
  int new_namespace_flags = 0;   // CLONE_NEW* for the namespaces the container gets anew
  // Namespaces joined by path together with a user namespace: clone3 creates none; the child
  // joins (user first), unshares a new user namespace and asks for its maps, unshares the rest,
  // and forks the real init into a new pid namespace (see spawn.h).
  bool two_stage = false;
  bool in_user_namespace = false;  // new or joined: the init becomes root of it after the maps
  bool unshare_cgroup_namespace = false;  // done by the child after it is placed in its cgroup
  bool unshare_ipc_namespace = false;     // done by the child once root of its user namespace
  bool new_time_namespace = false;        // unshare + timens_offsets by the child before exec
  spec::ContainerRecord record;  // for the hooks' state; the parent sends the pid
  std::optional<linux::SeccompProgram> seccomp;  // compiled by the parent, loaded just before exec
};

}  // namespace berth::process
