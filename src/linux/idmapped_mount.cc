#include "linux/idmapped_mount.h"

#include <fcntl.h>
#include <sys/mount.h>

#include "base/strings.h"

namespace berth::linux {

Result<UniqueFd> make_idmapped_tree(const std::string& source, bool recursive, bool recursive_idmap,
                                    int userns_fd) {
  unsigned int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
  int tree = ::open_tree(AT_FDCWD, source.c_str(), flags);
  if (tree < 0) return fail_system("idmapped mount: open " + quoted(source));
  UniqueFd tree_fd(tree);
  struct mount_attr attr = {};
  attr.attr_set = MOUNT_ATTR_IDMAP;
  attr.userns_fd = static_cast<uint64_t>(userns_fd);
  unsigned int at_flags = AT_EMPTY_PATH | (recursive_idmap ? AT_RECURSIVE : 0);
  if (::mount_setattr(tree_fd.get(), "", at_flags, &attr, sizeof attr) != 0) {
    int err = errno;
    std::string hint = (err == EINVAL || err == EPERM || err == EOPNOTSUPP)
                           ? " (the filesystem of " + quoted(source) + " may not support idmapped mounts)"
                           : "";
    return fail_system("idmapped mount of " + quoted(source) + hint, err);
  }
  return tree_fd;
}

}  // namespace berth::linux
