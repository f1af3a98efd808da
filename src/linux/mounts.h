// Mounting config.json's mounts[] inside the container's root filesystem.
//
// Destinations are resolved with path_in_root (never outside the root). Bind mounts are made with
// the new mount API: open_tree(OPEN_TREE_CLONE) of the source, mount_setattr() on the detached
// copy (so "ro", "nosuid", "rro" ... apply atomically), then move_mount() onto the destination's
// descriptor. Other filesystems are mounted with mount(2) onto /proc/self/fd/N of the destination.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "linux/mount_options.h"
#include "spec/spec.h"

namespace berth::linux {

// One hierarchy of the container's cgroup, for mounts of type "cgroup".
struct CgroupHierarchyMount {
  std::string host_mount_point;  // "/sys/fs/cgroup/memory"
  std::string name;              // "memory", "cpu,cpuacct", "systemd", "unified", or "" for v2 root
  std::string fs_type;           // "cgroup" or "cgroup2"
  std::string v1_mount_data;     // "memory", "cpu,cpuacct", "none,name=systemd": for a v1 mount
  std::string container_path;    // the container's cgroup directory on the host
};

struct MountContext {
  // mounts[i] -> a detached tree prepared by the parent (idmapped mounts), moved into place as is.
  std::map<size_t, int> prepared_trees;
  std::string bundle;  // relative bind sources are relative to it
  bool new_cgroup_namespace = false;
  bool in_user_namespace = false;
  std::vector<CgroupHierarchyMount> cgroup_hierarchies;
  bool cgroup_v2_only = false;  // pure v2 host: /sys/fs/cgroup is the cgroup2 root
};

// Mounts `mount` (config.json mounts[index]) under `root_fd`. Errors name the field.
Result<> mount_into_root(int root_fd, const spec::Mount& mount, size_t index,
                         const MountContext& context);

// Binds `source_fd` (any file or directory) onto `target` in the root with the given attributes.
Result<> bind_fd_onto(int source_fd, bool recursive, int target_fd, uint64_t attr_set);

// True for a mount that is a bind (options bind/rbind, or type "bind").
bool is_bind_mount(const spec::Mount& mount, const MountOptions& options);

}  // namespace berth::linux
