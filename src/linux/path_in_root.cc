#include "linux/path_in_root.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/strings.h"

namespace berth::linux {
namespace {

long sys_openat2(int dirfd, const char* path, struct open_how* how) {
  return ::syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

}  // namespace

Result<UniqueFd> open_in_root(int root_fd, std::string_view path, int flags, mode_t mode) {
  struct open_how how = {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string relative(path);
  if (relative.empty()) relative = ".";
  long fd;
  do {
    fd = sys_openat2(root_fd, relative.c_str(), &how);
  } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
  if (fd < 0) return fail_system("open " + quoted(path) + " in the container's root");
  return UniqueFd(static_cast<int>(fd));
}

Result<UniqueFd> make_directories_in_root(int root_fd, std::string_view path, mode_t mode) {
  auto existing = open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
  if (existing || existing.error().errnum() != ENOENT) return existing;
  auto [parent, name] = split_last_component(path);
  if (name.empty() || name == "." || name == "..") return existing;
  // Make the parent first (only the missing part of the path costs anything), then this one.
  UniqueFd parent_fd = BERTH_TRY(make_directories_in_root(root_fd, parent, mode));
  if (::mkdirat(parent_fd.get(), name.c_str(), mode) != 0 && errno != EEXIST) {
    return fail_system("create directory " + quoted(path) + " in the container's root");
  }
  // Open what is there now without following any symlink: a directory swapped for a symlink in
  // the meantime is then looked up from the root again, which can never leave the root.
  struct open_how how = {};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  long fd = sys_openat2(parent_fd.get(), name.c_str(), &how);
  if (fd >= 0) return UniqueFd(static_cast<int>(fd));
  return open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
}

Result<UniqueFd> make_file_in_root(int root_fd, std::string_view path, mode_t mode) {
  auto existing = open_in_root(root_fd, path, O_PATH);
  if (existing) return existing;
  if (existing.error().errnum() != ENOENT) return existing;
  auto [parent, name] = split_last_component(path);
  UniqueFd dir = BERTH_TRY(make_directories_in_root(root_fd, parent));
  // O_EXCL never follows a symlink at the last component; an existing entry is fine.
  int fd = ::openat(dir.get(), name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0 && errno != EEXIST) {
    return fail_system("create file " + quoted(path) + " in the container's root");
  }
  if (fd >= 0) ::close(fd);
  return open_in_root(root_fd, path, O_PATH);
}

bool crosses_escaping_symlink(int root_fd, std::string_view path) {
  struct open_how how = {};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  std::string relative(path);
  while (relative.starts_with("/")) relative.erase(0, 1);
  if (relative.empty()) relative = ".";
  long fd;
  do {
    fd = sys_openat2(root_fd, relative.c_str(), &how);
  } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
  if (fd >= 0) {
    ::close(static_cast<int>(fd));
    return false;
  }
  return errno == EXDEV;
}

std::string fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

std::pair<std::string, std::string> split_last_component(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {"/", std::string(path)};
  std::string parent(path.substr(0, slash));
  if (parent.empty()) parent = "/";
  return {parent, std::string(path.substr(slash + 1))};
}

}  // namespace berth::linux
