// Entering the cgroup at birth: prepare_child_placement() in the parent, join_from_child() in the
// cloned child. See ChildPlacement in driver.h for why.
#include <fcntl.h>
#include <unistd.h>

#include "base/files.h"
#include "cgroup/v1_driver.h"
#include "cgroup/v2_driver.h"

namespace berth::cgroup {

int join_from_child(const ChildPlacement& placement) {
  for (const UniqueFd& fd : placement.join_fds) {
    ssize_t n;
    do {
      n = ::write(fd.get(), "0", 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) return n < 0 ? errno : EIO;
  }
  return 0;
}

Result<ChildPlacement> V1Driver::prepare_child_placement() {
  ChildPlacement placement;
  placement.join_fds.reserve(hierarchies_.size());
  for (const auto& h : hierarchies_)
    placement.join_fds.push_back(BERTH_TRY(open_file(h.dir + "/tasks", O_WRONLY)));
  if (unified_dir_) {
    if (!unified_fd_) unified_fd_ = BERTH_TRY(open_file(*unified_dir_, O_RDONLY | O_DIRECTORY));
    placement.clone_into_cgroup_fd = unified_fd_.get();
  }
  return placement;
}

Result<ChildPlacement> V2Driver::prepare_child_placement() {
  if (!dirfd_) return fail(Error(ENOENT, "the cgroup " + dir_ + " is gone"));
  ChildPlacement placement;
  placement.clone_into_cgroup_fd = dirfd_.get();
  return placement;
}

}  // namespace berth::cgroup
