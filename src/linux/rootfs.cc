#include "linux/rootfs.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/files.h"
#include "base/log.h"
#include "base/scope_guard.h"
#include "base/strings.h"
#include "linux/devices.h"
#include "linux/mount_options.h"
#include "linux/mountinfo.h"
#include "linux/path_in_root.h"
#include "linux/sysctl.h"

namespace berth::linux {
namespace {

const spec::Linux& linux_section(const spec::Spec& spec) {
  static const spec::Linux kEmpty;
  return spec.linux_config ? *spec.linux_config : kEmpty;
}

// rootfsPropagation as mount(2) flags; "" -> rslave, as runc does, so nothing the container
// mounts reaches the host while host mounts still reach the container.
Result<unsigned long> root_propagation_flags(const std::string& name) {
  if (name.empty()) return MS_SLAVE | MS_REC;
  auto options = parse_mount_options({name});
  if (!options || options->propagation.size() != 1) {
    return fail_invalid("linux.rootfsPropagation: unknown propagation " + quoted(name));
  }
  return options->propagation[0];
}

// pivot_root(2) refuses a new root whose parent mount is shared; make that parent private.
Result<> make_parent_mount_private(const std::string& rootfs) {
  auto mounts = BERTH_TRY(read_mountinfo());
  std::string parent = split_last_component(rootfs).first;
  const MountInfoEntry* best = nullptr;
  for (const auto& entry : mounts) {
    const std::string& point = entry.mount_point;
    bool contains = parent == point || point == "/" ||
                    (parent.starts_with(point) && parent.size() > point.size() && parent[point.size()] == '/');
    if (contains && (!best || point.size() >= best->mount_point.size())) best = &entry;
  }
  if (!best) return {};
  if (::mount(nullptr, best->mount_point.c_str(), nullptr, MS_PRIVATE, nullptr) != 0) {
    return fail_system("make " + quoted(best->mount_point) + " private");
  }
  return {};
}

bool dev_is_bind_mounted(const spec::Spec& spec) {
  for (const auto& mount : spec.mounts) {
    if (normalize_absolute_path(mount.destination) != "/dev") continue;
    auto options = parse_mount_options(mount.options);
    if (options && is_bind_mount(mount, *options)) return true;
  }
  return false;
}

Result<> populate_dev(int root_fd, const spec::Spec& spec, bool user_namespace) {
  const auto& devices = linux_section(spec).devices;
  // Device nodes get exactly the configured mode (create_device's contract).
  mode_t caller_umask = ::umask(0);
  ScopeGuard restore_umask([caller_umask] { ::umask(caller_umask); });
  if (!dev_is_bind_mounted(spec)) {
    auto defaults = default_devices();
    for (const auto& device : defaults) {
      bool overridden = false;
      for (const auto& configured : devices) overridden |= normalize_absolute_path(configured.path) == device.path;
      if (overridden) continue;
      BERTH_TRY(create_device(root_fd, device, user_namespace, "default device " + device.path));
    }
    BERTH_TRY(create_dev_symlinks(root_fd));
  }
  for (size_t i = 0; i < devices.size(); ++i) {
    BERTH_TRY(create_device(root_fd, devices[i], user_namespace,
                            "linux.devices[" + std::to_string(i) + "]"));
  }
  return {};
}

Result<> make_readonly(int root_fd, const std::string& path, size_t index) {
  std::string where = "linux.readonlyPaths[" + std::to_string(index) + "] (" + path + ")";
  auto target = open_in_root(root_fd, path, O_PATH);
  if (!target) {
    if (target.error().errnum() == ENOENT) return {};
    return fail(std::move(target.error()).with_context(where));
  }
  BERTH_TRY_CTX(bind_fd_onto(target->get(), true, target->get(),
                             MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC),
                where);
  return {};
}

Result<> mask_path(int root_fd, const std::string& path, size_t index, int dev_null) {
  std::string where = "linux.maskedPaths[" + std::to_string(index) + "] (" + path + ")";
  auto target = open_in_root(root_fd, path, O_PATH | O_NOFOLLOW);
  if (!target) {
    if (target.error().errnum() == ENOENT) return {};
    return fail(std::move(target.error()).with_context(where));
  }
  struct stat st;
  if (::fstat(target->get(), &st) != 0) return fail_system(where + ": stat");
  if (S_ISLNK(st.st_mode)) {
    // Masking what a symlink points at would let the image choose what gets covered.
    log::debug(where + " is a symlink; not followed");
    return {};
  }
  if (S_ISDIR(st.st_mode)) {
    if (::mount("tmpfs", fd_path(target->get()).c_str(), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=0,mode=755") != 0) {
      return fail_system(where + ": mount an empty tmpfs");
    }
    return {};
  }
  BERTH_TRY_CTX(bind_fd_onto(dev_null, false, target->get(), 0), where + ": bind /dev/null");
  return {};
}

long sys_pivot_root(const char* new_root, const char* put_old) {
  return ::syscall(SYS_pivot_root, new_root, put_old);
}

}  // namespace

Result<UniqueFd> open_verified_dev_null() {
  UniqueFd fd = BERTH_TRY(open_file("/dev/null", O_PATH | O_NOFOLLOW));
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return fail_system("stat /dev/null");
  if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 1 || minor(st.st_rdev) != 3) {
    return fail_invalid("/dev/null is not the null device");
  }
  return fd;
}

Result<UniqueFd> mount_rootfs(const RootfsSetup& setup) {
  const spec::Spec& spec = *setup.spec;
  unsigned long propagation = BERTH_TRY(root_propagation_flags(linux_section(spec).rootfs_propagation));
  if (::mount(nullptr, "/", nullptr, propagation, nullptr) != 0) {
    return fail_system("set propagation of \"/\"");
  }
  // pivot_root needs the new root's parent mount not to be shared; only a recursive slave or
  // private setting guarantees that already.
  bool recursive_unshared = (propagation & MS_REC) && (propagation & (MS_SLAVE | MS_PRIVATE));
  if (!recursive_unshared) BERTH_TRY(make_parent_mount_private(setup.rootfs));

  // The rootfs becomes a mount point of its own: pivot_root needs one, and "/" read-only needs one.
  if (::mount(setup.rootfs.c_str(), setup.rootfs.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    return fail_system("root.path: bind " + quoted(setup.rootfs) + " onto itself");
  }
  UniqueFd root = BERTH_TRY_CTX(open_file(setup.rootfs, O_PATH | O_DIRECTORY), "root.path");

  for (size_t i = 0; i < spec.mounts.size(); ++i) {
    BERTH_TRY(mount_into_root(root.get(), spec.mounts[i], i, setup.mounts));
  }
  BERTH_TRY(populate_dev(root.get(), spec, setup.user_namespace));
  return root;
}

Result<> harden_rootfs(int root_fd, const spec::Spec& spec, int dev_null) {
  const spec::Linux& linux_config = linux_section(spec);
  BERTH_TRY(apply_sysctls(root_fd, linux_config.sysctl));
  for (size_t i = 0; i < linux_config.readonly_paths.size(); ++i) {
    BERTH_TRY(make_readonly(root_fd, normalize_absolute_path(linux_config.readonly_paths[i]), i));
  }
  for (size_t i = 0; i < linux_config.masked_paths.size(); ++i) {
    BERTH_TRY(mask_path(root_fd, normalize_absolute_path(linux_config.masked_paths[i]), i, dev_null));
  }
  if (spec.process && !spec.process->cwd.empty()) {
    BERTH_TRY_CTX(make_directories_in_root(root_fd, spec.process->cwd), "process.cwd");
  }
  if (spec.root && spec.root->readonly) {
    struct mount_attr attr = {};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (::mount_setattr(root_fd, "", AT_EMPTY_PATH, &attr, sizeof attr) != 0) {
      return fail_system("root.readonly: make the root read-only");
    }
  }
  return {};
}

Result<> enter_rootfs(int root_fd, const spec::Spec& spec, bool no_pivot) {
  if (no_pivot) {
    if (::fchdir(root_fd) != 0) return fail_system("chdir to the root");
    if (::mount(".", "/", nullptr, MS_MOVE, nullptr) != 0) return fail_system("move the root to \"/\"");
    if (::chroot(".") != 0) return fail_system("chroot");
  } else {
    // pivot_root(".", ".") stacks the old root on top of the new one. Step onto the old root
    // by descriptor (what "." is after the call is not promised), make it a slave so that
    // detaching it does not propagate to the host, and detach it.
    UniqueFd old_root = BERTH_TRY(open_file("/", O_PATH | O_DIRECTORY));
    if (::fchdir(root_fd) != 0) return fail_system("chdir to the root");
    if (sys_pivot_root(".", ".") != 0) return fail_system("pivot_root");
    if (::fchdir(old_root.get()) != 0) return fail_system("chdir to the old root");
    if (::mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
      return fail_system("make the old root a slave");
    }
    if (::umount2(".", MNT_DETACH) != 0) return fail_system("detach the old root");
  }
  if (::chdir("/") != 0) return fail_system("chdir to \"/\"");
  // The container's own "/" gets the requested propagation; mounts below keep what their
  // options asked for, so this is not recursive.
  const std::string& requested = linux_section(spec).rootfs_propagation;
  if (!requested.empty()) {
    unsigned long propagation = BERTH_TRY(root_propagation_flags(requested)) & ~static_cast<unsigned long>(MS_REC);
    if (::mount(nullptr, "/", nullptr, propagation, nullptr) != 0) {
      return fail_system("linux.rootfsPropagation: set " + quoted(requested) + " on \"/\"");
    }
  }
  return {};
}

}  // namespace berth::linux
