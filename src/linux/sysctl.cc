#include "linux/sysctl.h"

#include "base/files.h"
#include "base/strings.h"
#include "linux/path_in_root.h"
#include "spec/sysctl_name.h"

#include <fcntl.h>

namespace berth::linux {
namespace {

// The key's file under /proc/sys, in either of sysctl(8)'s spellings; never outside /proc/sys.
Result<std::string> sysctl_path(const std::string& key) {
  std::string relative = spec::sysctl_relative_path(key);
  for (std::string_view part : split(relative, '/')) {
    if (part.empty() || part == "." || part == "..") {
      return fail_invalid("linux.sysctl: invalid key " + quoted(key));
    }
  }
  return "/proc/sys/" + relative;
}

}  // namespace

Result<> apply_sysctls(int root_fd, const std::map<std::string, std::string>& sysctls) {
  for (const auto& [key, value] : sysctls) {
    std::string path = BERTH_TRY(sysctl_path(key));
    auto file = open_in_root(root_fd, path, O_WRONLY | O_TRUNC);
    if (!file) return fail(std::move(file.error()).with_context("linux.sysctl." + key));
    auto written = write_all(file->get(), value);
    if (!written) return fail(std::move(written.error()).with_context("linux.sysctl." + key));
  }
  return {};
}

}  // namespace berth::linux
