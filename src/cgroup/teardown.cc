#include "cgroup/teardown.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "cgroup/cgroup_fs.h"

namespace berth::cgroup {
namespace {

bool is_container_dir(const Placement& placement, const std::string& dir) {
  for (const auto& [mount, path] : placement.paths)
    if (path == dir) return true;
  return false;
}

// Sub-cgroups the container created under its own directory (cgroup namespaces allow it).
std::vector<std::string> child_cgroups(const std::string& dir) {
  std::vector<std::string> children;
  DIR* stream = ::opendir(dir.c_str());
  if (stream == nullptr) return children;
  while (struct dirent* entry = ::readdir(stream)) {
    if (entry->d_type != DT_DIR) continue;
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    children.push_back(dir + "/" + std::string(name));
  }
  ::closedir(stream);
  return children;
}

Result<> remove_cgroup_tree(const std::string& dir) {
  if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return {};
  if (errno != EBUSY && errno != ENOTEMPTY) return fail_system("rmdir " + dir);
  for (const auto& child : child_cgroups(dir)) BERTH_TRY(remove_cgroup_tree(child));
  return remove_cgroup_dir(dir);
}

}  // namespace

Result<> remove_created_dirs(const Placement& placement) {
  Result<> first_error;
  // Deepest first: longer paths of the same hierarchy come later in `created`.
  std::vector<std::string> dirs = placement.created;
  std::stable_sort(dirs.begin(), dirs.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& dir : dirs) {
    Result<> removed;
    if (is_container_dir(placement, dir)) {
      removed = remove_cgroup_tree(dir);
    } else if (::rmdir(dir.c_str()) != 0 && errno != ENOENT && errno != EBUSY &&
               errno != ENOTEMPTY) {
      removed = fail_system("rmdir " + dir);
    }
    if (!removed && first_error) first_error = std::move(removed);  // keep the first failure
  }
  return first_error;
}

Result<> signal_pids(const std::vector<pid_t>& pids, int signal) {
  for (pid_t pid : pids) {
    if (pid <= 0) continue;
    if (::kill(pid, signal) != 0 && errno != ESRCH)
      return fail_system("kill(" + std::to_string(pid) + ", " + std::to_string(signal) + ")");
  }
  return {};
}

Result<> kill_until_empty(const std::function<Result<std::vector<pid_t>>()>& list,
                          const std::string& dir, int timeout_ms) {
  int64_t deadline = monotonic_ms() + timeout_ms;
  int delay_ms = 1;
  for (;;) {
    std::vector<pid_t> pids = BERTH_TRY(list());
    if (pids.empty()) return {};
    if (monotonic_ms() >= deadline)
      return fail(Error(EBUSY, "processes of " + dir + " are still alive after SIGKILL (first: " +
                                   std::to_string(pids.front()) + ")"));
    BERTH_TRY(signal_pids(pids, SIGKILL));
    sleep_ms(delay_ms);
    if (delay_ms < 16) delay_ms *= 2;
  }
}

}  // namespace berth::cgroup
