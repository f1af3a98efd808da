#include "linux/mounts.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <string_view>

#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "linux/path_in_root.h"

namespace berth::linux {
namespace {

std::string field(size_t index) { return "mounts[" + std::to_string(index) + "]"; }

// Per-mount (not superblock) attributes that mount_setattr(2) understands.
void flags_to_mount_attrs(unsigned long flags, uint64_t& set, uint64_t& clear) {
  if (flags & MS_RDONLY) set |= MOUNT_ATTR_RDONLY;
  if (flags & MS_NOSUID) set |= MOUNT_ATTR_NOSUID;
  if (flags & MS_NODEV) set |= MOUNT_ATTR_NODEV;
  if (flags & MS_NOEXEC) set |= MOUNT_ATTR_NOEXEC;
  if (flags & MS_NODIRATIME) set |= MOUNT_ATTR_NODIRATIME;
  if (flags & MS_NOSYMFOLLOW) set |= MOUNT_ATTR_NOSYMFOLLOW;
  if (flags & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME)) {
    clear |= MOUNT_ATTR__ATIME;
    if (flags & MS_NOATIME) {
      set |= MOUNT_ATTR_NOATIME;
    } else if (flags & MS_RELATIME) {
      set |= MOUNT_ATTR_RELATIME;
    } else {
      set |= MOUNT_ATTR_STRICTATIME;
    }
  }
}

Result<> set_attrs(int mount_fd, const char* path, unsigned int at_flags, uint64_t set,
                   uint64_t clear, uint64_t propagation) {
  if (set == 0 && clear == 0 && propagation == 0) return {};
  struct mount_attr attr = {};
  attr.attr_set = set;
  attr.attr_clr = clear;
  attr.propagation = propagation;
  if (::mount_setattr(mount_fd, path, at_flags, &attr, sizeof attr) != 0) {
    return fail_system("mount_setattr");
  }
  return {};
}

// /proc is the kernel's window on the host: only a few files may be replaced (lxcfs does that).
bool proc_destination_allowed(const std::string& destination, const std::string& type) {
  if (destination == "/proc") return type == "proc" || type.empty() || type == "bind";
  if (!destination.starts_with("/proc/")) return true;
  static constexpr std::string_view kReplaceable[] = {
      "/proc/cpuinfo",   "/proc/diskstats", "/proc/meminfo",  "/proc/stat",
      "/proc/swaps",     "/proc/uptime",    "/proc/loadavg",  "/proc/slabinfo",
      "/proc/net/dev",   "/proc/sys/kernel/ns_last_pid",
  };
  for (auto allowed : kReplaceable) {
    if (destination == allowed) return true;
  }
  return false;
}

std::string bind_source_path(const spec::Mount& mount, const MountContext& context) {
  if (mount.source.starts_with("/")) return mount.source;
  return join_path(context.bundle, mount.source);
}

Result<UniqueFd> destination_fd(int root_fd, const std::string& destination, bool is_directory) {
  if (is_directory) return make_directories_in_root(root_fd, destination);
  return make_file_in_root(root_fd, destination);
}

// Propagation changes ("rprivate", "shared", ...) on the mount now at `destination`. The lookup
// is made again so that the descriptor is on the new mount, not the directory below it.
Result<> apply_propagation(int root_fd, const std::string& destination, const MountOptions& options) {
  if (options.propagation.empty()) return {};
  UniqueFd mounted = BERTH_TRY(open_in_root(root_fd, destination, O_PATH));
  for (unsigned long propagation : options.propagation) {
    if (::mount(nullptr, fd_path(mounted.get()).c_str(), nullptr, propagation, nullptr) != 0) {
      return fail_system("set propagation of " + quoted(destination));
    }
  }
  return {};
}

Result<> bind_mount(int root_fd, const spec::Mount& mount, const std::string& destination,
                    const MountOptions& options, const MountContext& context) {
  std::string source = bind_source_path(mount, context);
  unsigned int tree_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
  if (options.is_recursive_bind()) tree_flags |= AT_RECURSIVE;
  int tree = ::open_tree(AT_FDCWD, source.c_str(), tree_flags);
  if (tree < 0) return fail_system("bind source " + quoted(source));
  UniqueFd tree_fd(tree);

  struct stat st;
  if (::fstat(tree_fd.get(), &st) != 0) return fail_system("stat bind source " + quoted(source));
  UniqueFd target = BERTH_TRY(destination_fd(root_fd, destination, S_ISDIR(st.st_mode)));

  uint64_t set = 0, clear = 0;
  flags_to_mount_attrs(options.flags, set, clear);
  BERTH_TRY_CTX(set_attrs(tree_fd.get(), "", AT_EMPTY_PATH, set, clear, 0), "options");
  BERTH_TRY_CTX(set_attrs(tree_fd.get(), "", AT_EMPTY_PATH | AT_RECURSIVE,
                          options.recursive_attr_set, options.recursive_attr_clear, 0),
                "recursive options");
  if (::move_mount(tree_fd.get(), "", target.get(), "",
                   MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0) {
    return fail_system("bind " + quoted(source) + " on " + quoted(destination));
  }
  return apply_propagation(root_fd, destination, options);
}

// A tree the parent prepared (an idmapped copy of the source): set the flags and move it in.
Result<> move_prepared_tree(int root_fd, const std::string& destination, const MountOptions& options,
                            int tree_fd) {
  struct stat st;
  if (::fstat(tree_fd, &st) != 0) return fail_system("stat the prepared mount");
  UniqueFd target = BERTH_TRY(destination_fd(root_fd, destination, S_ISDIR(st.st_mode)));
  uint64_t set = 0, clear = 0;
  flags_to_mount_attrs(options.flags, set, clear);
  BERTH_TRY_CTX(set_attrs(tree_fd, "", AT_EMPTY_PATH, set, clear, 0), "options");
  BERTH_TRY_CTX(set_attrs(tree_fd, "", AT_EMPTY_PATH | AT_RECURSIVE, options.recursive_attr_set,
                          options.recursive_attr_clear, 0),
                "recursive options");
  if (::move_mount(tree_fd, "", target.get(), "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0) {
    return fail_system("move the idmapped mount onto " + quoted(destination));
  }
  return apply_propagation(root_fd, destination, options);
}

// The kernel refuses sysfs in a user namespace that does not own the network namespace, and
// mqueue likewise for IPC; runc binds the host's instead, and so do we.
std::string fallback_bind_source(const std::string& type) {
  if (type == "sysfs") return "/sys";
  if (type == "mqueue") return "/dev/mqueue";
  return "";
}

Result<> filesystem_mount(int root_fd, const spec::Mount& mount, const std::string& destination,
                          const MountOptions& options, const MountContext& context) {
  UniqueFd target = BERTH_TRY(make_directories_in_root(root_fd, destination));
  unsigned long flags = options.flags & ~(MS_BIND | MS_REC);
  std::string source = mount.source.empty() ? mount.type : mount.source;
  if (::mount(source.c_str(), fd_path(target.get()).c_str(), mount.type.c_str(), flags,
              options.data.empty() ? nullptr : options.data.c_str()) != 0) {
    int err = errno;
    std::string fallback = fallback_bind_source(mount.type);
    if (err == EPERM && context.in_user_namespace && !fallback.empty()) {
      spec::Mount bind = mount;
      bind.source = fallback;
      MountOptions bind_options = options;
      bind_options.flags |= MS_BIND | MS_REC;
      return bind_mount(root_fd, bind, destination, bind_options, context);
    }
    return fail_system("mount " + quoted(mount.type) + " on " + quoted(destination), err);
  }
  BERTH_TRY(apply_propagation(root_fd, destination, options));
  if (options.recursive_attr_set == 0 && options.recursive_attr_clear == 0) return {};
  UniqueFd mounted = BERTH_TRY(open_in_root(root_fd, destination, O_PATH | O_DIRECTORY));
  return set_attrs(mounted.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, options.recursive_attr_set,
                   options.recursive_attr_clear, 0);
}

Result<> mount_one_hierarchy(UniqueFd target, const std::string& target_path,
                             const CgroupHierarchyMount& hierarchy, unsigned long flags,
                             const MountContext& context) {
  if (context.new_cgroup_namespace) {
    // Inside its own cgroup namespace the container sees its cgroup as the root.
    const std::string& data = hierarchy.v1_mount_data;
    if (::mount("cgroup", fd_path(target.get()).c_str(), hierarchy.fs_type.c_str(), flags,
                data.empty() ? nullptr : data.c_str()) != 0) {
      return fail_system("mount " + hierarchy.fs_type + " (" + data + ") on " + quoted(target_path));
    }
    return {};
  }
  int tree = ::open_tree(AT_FDCWD, hierarchy.container_path.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (tree < 0) return fail_system("bind cgroup " + quoted(hierarchy.container_path));
  UniqueFd tree_fd(tree);
  uint64_t set = 0, clear = 0;
  flags_to_mount_attrs(flags, set, clear);
  BERTH_TRY(set_attrs(tree_fd.get(), "", AT_EMPTY_PATH, set, clear, 0));
  if (::move_mount(tree_fd.get(), "", target.get(), "",
                   MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0) {
    return fail_system("bind cgroup " + quoted(hierarchy.container_path) + " on " + quoted(target_path));
  }
  return {};
}

Result<> cgroup_mount(int root_fd, const std::string& destination, const MountOptions& options,
                      const MountContext& context) {
  unsigned long flags = (options.flags & ~(MS_BIND | MS_REC)) | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  if (context.cgroup_v2_only) {
    for (const auto& hierarchy : context.cgroup_hierarchies) {
      if (hierarchy.fs_type == "cgroup2") {
        UniqueFd target = BERTH_TRY(make_directories_in_root(root_fd, destination));
        return mount_one_hierarchy(std::move(target), destination, hierarchy, flags, context);
      }
    }
    return fail_invalid("no cgroup2 hierarchy to mount");
  }
  // v1 or hybrid: a tmpfs holding one directory per hierarchy, read-only at the end when asked.
  UniqueFd tmpfs_target = BERTH_TRY(make_directories_in_root(root_fd, destination));
  if (::mount("tmpfs", fd_path(tmpfs_target.get()).c_str(), "tmpfs",
              MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") != 0) {
    return fail_system("mount tmpfs on " + quoted(destination));
  }
  UniqueFd tmpfs = BERTH_TRY(open_in_root(root_fd, destination, O_PATH | O_DIRECTORY));
  for (const auto& hierarchy : context.cgroup_hierarchies) {
    // The tmpfs is ours and fresh: its directories can be made and opened without a lookup.
    std::string target_path = join_path(destination, hierarchy.name);
    if (::mkdirat(tmpfs.get(), hierarchy.name.c_str(), 0755) != 0) return fail_system("mkdir " + quoted(target_path));
    int target = ::openat(tmpfs.get(), hierarchy.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (target < 0) return fail_system("open " + quoted(target_path));
    BERTH_TRY(mount_one_hierarchy(UniqueFd(target), target_path, hierarchy, flags, context));
    // "cpu,cpuacct" is also reachable as "cpu" and "cpuacct", as on the host.
    if (hierarchy.name.find(',') != std::string::npos) {
      for (auto controller : split(hierarchy.name, ',')) {
        std::string link(controller);
        if (::symlinkat(hierarchy.name.c_str(), tmpfs.get(), link.c_str()) != 0 && errno != EEXIST) {
          return fail_system("symlink " + quoted(join_path(destination, link)));
        }
      }
    }
  }
  if (options.flags & MS_RDONLY) {
    BERTH_TRY_CTX(set_attrs(tmpfs.get(), "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY, 0, 0),
                  "make " + quoted(destination) + " read-only");
  }
  return {};
}

}  // namespace

bool is_bind_mount(const spec::Mount& mount, const MountOptions& options) {
  return options.is_bind() || mount.type == "bind";
}

Result<> bind_fd_onto(int source_fd, bool recursive, int target_fd, uint64_t attr_set) {
  unsigned int tree_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH;
  if (recursive) tree_flags |= AT_RECURSIVE;
  int tree = ::open_tree(source_fd, "", tree_flags);
  if (tree < 0) return fail_system("open_tree");
  UniqueFd tree_fd(tree);
  BERTH_TRY(set_attrs(tree_fd.get(), "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), attr_set,
                      0, 0));
  if (::move_mount(tree_fd.get(), "", target_fd, "",
                   MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0) {
    return fail_system("move_mount");
  }
  return {};
}

Result<> mount_into_root(int root_fd, const spec::Mount& mount, size_t index,
                         const MountContext& context) {
  std::string destination = normalize_absolute_path(mount.destination);
  std::string where = field(index) + " (" + destination + ")";
  auto options = parse_mount_options(mount.options);
  if (!options) return fail(std::move(options.error()).with_context(field(index)));
  if (auto prepared = context.prepared_trees.find(index); prepared != context.prepared_trees.end()) {
    auto moved = move_prepared_tree(root_fd, destination, *options, prepared->second);
    if (!moved) return fail(std::move(moved.error()).with_context(where));
    return {};
  }
  if (options->idmap || options->recursive_idmap || !mount.uid_mappings.empty() ||
      !mount.gid_mappings.empty()) {
    return fail_invalid(where + ": an idmapped mount needs a user namespace and a bind mount");
  }
  if (options->tmpcopyup) {
    return fail_invalid(where + ": the tmpcopyup option is not supported yet");
  }
  if (!proc_destination_allowed(destination, mount.type)) {
    return fail_invalid(where + ": mounting over " + quoted(destination) +
                        " is not allowed (it would hide or replace kernel files under /proc)");
  }
  // Destinations are resolved inside the root, always. A symlink on the way that points out of
  // it is followed inside only when its target exists there (images have /var/run -> /run);
  // a dangling one is refused rather than materialised inside the root.
  if (linux::crosses_escaping_symlink(root_fd, destination) &&
      !open_in_root(root_fd, destination, O_PATH)) {
    return fail_invalid(where + ": the destination resolves through a symlink that points outside "
                        "the container's root filesystem");
  }
  Result<> mounted;
  if (is_bind_mount(mount, *options)) {
    mounted = bind_mount(root_fd, mount, destination, *options, context);
  } else if (mount.type == "cgroup" || mount.type == "cgroup2") {
    mounted = cgroup_mount(root_fd, destination, *options, context);
  } else if (mount.type.empty() || mount.type == "none") {
    return fail_invalid(where + ": type is missing (only bind mounts may omit it)");
  } else {
    mounted = filesystem_mount(root_fd, mount, destination, *options, context);
  }
  if (!mounted) return fail(std::move(mounted.error()).with_context(where));
  return {};
}

}  // namespace berth::linux
