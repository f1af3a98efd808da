#include "process/protected_binary.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/unique_fd.h"

extern char** environ;

namespace berth::process {
namespace {

constexpr const char* kReexecMarker = "_BERTH_RUNTIME_REEXEC";

}  // namespace

bool runtime_binary_is_read_only() {
  struct statvfs fs;
  return ::statvfs("/proc/self/exe", &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0;
}

Error reexec_from_read_only_binary(char* const* argv) {
  // Never twice: the marker stops a loop should the re-executed binary still look writable.
  if (::getenv(kReexecMarker)) return Error::invalid("the runtime binary is still writable after a re-exec");
  int tree = ::open_tree(AT_FDCWD, "/proc/self/exe", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (tree < 0) return Error::system("open_tree of the runtime binary");
  UniqueFd tree_fd(tree);
  struct mount_attr attr = {};
  attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (::mount_setattr(tree_fd.get(), "", AT_EMPTY_PATH, &attr, sizeof attr) != 0) {
    return Error::system("make the runtime binary's mount read-only");
  }
  ::setenv(kReexecMarker, "1", 1);
  ::syscall(SYS_execveat, tree_fd.get(), "", argv, environ, AT_EMPTY_PATH);
  int err = errno;
  ::unsetenv(kReexecMarker);
  return Error::system("re-execute the runtime from a read-only mount", err);
}

}  // namespace berth::process
