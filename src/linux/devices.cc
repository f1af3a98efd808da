#include "linux/devices.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strings.h"
#include "linux/mounts.h"
#include "linux/path_in_root.h"

namespace berth::linux {
namespace {

spec::Device char_device(const char* path, int64_t major, int64_t minor) {
  spec::Device device;
  device.type = "c";
  device.path = path;
  device.major = major;
  device.minor = minor;
  device.file_mode = 0666;
  device.uid = 0;
  device.gid = 0;
  return device;
}

mode_t device_type_bits(const std::string& type) {
  if (type == "b") return S_IFBLK;
  if (type == "p") return S_IFIFO;
  return S_IFCHR;  // "c" and "u"
}

}  // namespace

std::vector<spec::Device> default_devices() {
  return {char_device("/dev/null", 1, 3),    char_device("/dev/zero", 1, 5),
          char_device("/dev/full", 1, 7),    char_device("/dev/random", 1, 8),
          char_device("/dev/urandom", 1, 9), char_device("/dev/tty", 5, 0)};
}

Result<> create_device(int root_fd, const spec::Device& device, bool bind_from_host,
                       const std::string& field) {
  std::string path = normalize_absolute_path(device.path);
  auto [parent, name] = split_last_component(path);
  UniqueFd dir = BERTH_TRY_CTX(make_directories_in_root(root_fd, parent), field);
  mode_t permissions = device.file_mode.value_or(0666) & 07777;

  if (bind_from_host) {
    UniqueFd target = BERTH_TRY_CTX(make_file_in_root(root_fd, path), field);
    UniqueFd host = BERTH_TRY_CTX(open_file(path, O_PATH), field + ": host device");
    BERTH_TRY_CTX(bind_fd_onto(host.get(), false, target.get(), 0), field + ": bind " + quoted(path));
    return {};
  }

  dev_t dev = makedev(static_cast<unsigned>(device.major), static_cast<unsigned>(device.minor));
  mode_t mode = device_type_bits(device.type) | permissions;
  // Usually /dev is the empty tmpfs just mounted, and the node is simply made. Otherwise replace
  // whatever the image has at this path (never following a symlink there).
  if (::mknodat(dir.get(), name.c_str(), mode, dev) != 0) {
    struct stat st;
    if (errno != EEXIST || ::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return fail_system(field + ": mknod " + quoted(path));
    }
    if (S_ISDIR(st.st_mode)) return fail_invalid(field + ": " + quoted(path) + " is a directory");
    if (::unlinkat(dir.get(), name.c_str(), 0) != 0) return fail_system(field + ": remove " + quoted(path));
    if (::mknodat(dir.get(), name.c_str(), mode, dev) != 0) return fail_system(field + ": mknod " + quoted(path));
  }
  // The mode is exact: the caller has cleared the umask (see the header).
  if (::fchownat(dir.get(), name.c_str(), device.uid.value_or(0), device.gid.value_or(0),
                 AT_SYMLINK_NOFOLLOW) != 0) {
    return fail_system(field + ": chown " + quoted(path));
  }
  return {};
}

Result<> create_dev_symlinks(int root_fd) {
  struct Link {
    const char* target;
    const char* name;
  };
  static constexpr Link kLinks[] = {
      {"/proc/self/fd", "fd"},       {"/proc/self/fd/0", "stdin"},
      {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
      {"pts/ptmx", "ptmx"},
  };
  UniqueFd dev = BERTH_TRY(make_directories_in_root(root_fd, "/dev"));
  for (const auto& link : kLinks) {
    // /dev/ptmx may be a device node in the image's /dev; the devpts one is what works.
    ::unlinkat(dev.get(), link.name, 0);
    if (::symlinkat(link.target, dev.get(), link.name) != 0 && errno != EEXIST) {
      return fail_system(std::string("symlink /dev/") + link.name);
    }
  }
  if (path_exists("/proc/kcore")) {
    if (::symlinkat("/proc/kcore", dev.get(), "core") != 0 && errno != EEXIST) {
      return fail_system("symlink /dev/core");
    }
  }
  return {};
}

}  // namespace berth::linux
