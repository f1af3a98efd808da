// Resolving paths inside a container's root filesystem without ever leaving it.
//
// Every lookup goes through openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): "..", absolute
// symlinks and relative symlinks are all resolved as if the rootfs were "/". Mount targets are
// then addressed as /proc/self/fd/N of the O_PATH descriptor, so a symlink swapped in after the
// lookup cannot redirect the mount.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::linux {

// openat2(root_fd, path, flags | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS).
Result<UniqueFd> open_in_root(int root_fd, std::string_view path, int flags, mode_t mode = 0);

// Creates every missing directory of `path` inside the root; returns an O_PATH fd of the last.
Result<UniqueFd> make_directories_in_root(int root_fd, std::string_view path, mode_t mode = 0755);

// Creates `path` as an empty regular file (and its parent directories) unless something exists
// there already; returns an O_PATH fd of it.
Result<UniqueFd> make_file_in_root(int root_fd, std::string_view path, mode_t mode = 0644);

// True when looking `path` up from the root would follow a symlink out of it (an absolute
// symlink, or ".." above the root) if the lookup were not confined (RESOLVE_BENEATH says EXDEV).
bool crosses_escaping_symlink(int root_fd, std::string_view path);

// "/proc/self/fd/N": how mount(2) and friends are pointed at a descriptor.
std::string fd_path(int fd);

// The parent and last component of a normalized absolute path: "/a/b/c" -> {"/a/b", "c"}.
std::pair<std::string, std::string> split_last_component(std::string_view path);

}  // namespace berth::linux
