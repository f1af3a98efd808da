// Building the container's root filesystem, in the container's mount namespace.
//
// The order, top to bottom:
//   mount_rootfs()   "/" becomes rslave (or linux.rootfsPropagation), the rootfs is bound onto
//                    itself, mounts[] are mounted in order, /dev is populated;
//   (createRuntime / createContainer hooks run here, with the host's "/" still visible)
//   harden_rootfs()  linux.sysctl, readonlyPaths, maskedPaths, process.cwd, root.readonly;
//   enter_rootfs()   pivot_root (or MS_MOVE + chroot with --no-pivot), then rootfsPropagation.
// Every path is resolved inside the rootfs (path_in_root.h).
#pragma once

#include <string>

#include "base/error.h"
#include "base/unique_fd.h"
#include "linux/mounts.h"
#include "spec/spec.h"

namespace berth::linux {

struct RootfsSetup {
  std::string rootfs;  // absolute host path of root.path
  const spec::Spec* spec = nullptr;
  MountContext mounts;
  bool user_namespace = false;  // devices are bound from the host instead of mknod
};

// Returns an O_PATH descriptor of the rootfs mount, used by the later steps.
Result<UniqueFd> mount_rootfs(const RootfsSetup& setup);

// `dev_null` is an O_PATH descriptor of a verified character device 1:3 used to mask files.
Result<> harden_rootfs(int root_fd, const spec::Spec& spec, int dev_null);

Result<> enter_rootfs(int root_fd, const spec::Spec& spec, bool no_pivot);

// Opens the host's /dev/null and checks it is the real null device (not a symlink or a file an
// attacker placed), for masking.
Result<UniqueFd> open_verified_dev_null();

}  // namespace berth::linux
