// Layout detection and the two ways to get a driver: create() for a new container, and
// open_existing() for later commands on it.
#include "cgroup/driver.h"

#include <fcntl.h>

#include <algorithm>

#include "base/files.h"
#include "base/scope_guard.h"
#include "base/strings.h"
#include "cgroup/cgroup_fs.h"
#include "cgroup/mounts.h"
#include "cgroup/placement.h"
#include "cgroup/teardown.h"
#include "cgroup/v1_driver.h"
#include "cgroup/v2_driver.h"

namespace berth::cgroup {
namespace {

bool is_permission_error(int errnum) {
  return errnum == EACCES || errnum == EPERM || errnum == EROFS;
}

// Creates `dir` (recording what was created); for rootless containers a hierarchy we may not
// write to is skipped (returns false).
Result<bool> make_container_dir(const std::string& dir, bool rootless, Placement& placement) {
  auto made = make_cgroup_dirs(dir, placement.created);
  if (made) return true;
  if (rootless && is_permission_error(made.error().errnum())) return false;
  return fail(std::move(made.error()));
}

// A new v1 cpuset cgroup starts with empty cpuset.cpus and cpuset.mems, and adding a process to
// it fails (ENOSPC). Walking down from the hierarchy's root, every level on the way to `dir` that
// is empty gets its parent's values: the levels created just now, and (as runc does) a parent
// someone else created and left empty.
Result<> fill_empty_cpusets(const std::string& mount_point, const std::string& dir,
                            const std::vector<std::string>& created) {
  std::string cpus = std::string(trim(BERTH_TRY(read_cgroup_file(mount_point + "/cpuset.cpus"))));
  std::string mems = std::string(trim(BERTH_TRY(read_cgroup_file(mount_point + "/cpuset.mems"))));
  std::string level = mount_point;
  std::string_view rest = std::string_view(dir).substr(mount_point.size());
  for (std::string_view part : split(rest, '/')) {
    if (part.empty()) continue;
    level.append("/").append(part);
    bool fresh = std::find(created.begin(), created.end(), level) != created.end();
    std::string own_cpus, own_mems;
    if (!fresh) {
      own_cpus = std::string(trim(BERTH_TRY(read_cgroup_file(level + "/cpuset.cpus"))));
      own_mems = std::string(trim(BERTH_TRY(read_cgroup_file(level + "/cpuset.mems"))));
    }
    if (own_cpus.empty()) {
      BERTH_TRY(write_cgroup_file(level + "/cpuset.cpus", cpus));
    } else {
      cpus = own_cpus;
    }
    if (own_mems.empty()) {
      BERTH_TRY(write_cgroup_file(level + "/cpuset.mems", mems));
    } else {
      mems = own_mems;
    }
  }
  return {};
}

// On cgroup v2 a controller is usable in a cgroup only when its parent lists it in
// cgroup.subtree_control. Enables every available controller from the mount down to the
// container's parent, as runc does. Best effort: a parent that holds processes refuses (EBUSY),
// and then writing the resource files reports the missing controller.
void enable_controllers(const std::string& mount_point, const std::string& dir) {
  std::string level = mount_point;
  std::string_view rest = std::string_view(dir).substr(mount_point.size());
  for (;;) {
    auto available = read_cgroup_file(level + "/cgroup.controllers");
    auto enabled = read_cgroup_file(level + "/cgroup.subtree_control");
    if (available && enabled) {
      auto on = split(trim(*enabled), ' ');
      std::string missing;
      for (std::string_view c : split(trim(*available), ' ')) {
        if (c.empty() || std::find(on.begin(), on.end(), c) != on.end()) continue;
        if (!missing.empty()) missing.push_back(' ');
        missing.append("+").append(c);
      }
      if (!missing.empty() && !write_cgroup_file(level + "/cgroup.subtree_control", missing)) {
        for (std::string_view one : split(missing, ' '))
          (void)write_cgroup_file(level + "/cgroup.subtree_control", one);
      }
    }
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return;  // `level` is the container's parent
    level.push_back('/');
    level.append(rest.substr(0, slash));
    rest.remove_prefix(slash);
  }
}

Result<std::unique_ptr<Driver>> create_v2(const CgroupMount& mount, const std::string& requested,
                                          const std::vector<ProcCgroupEntry>& own, bool rootless,
                                          Placement& placement) {
  std::string dir = BERTH_TRY(container_dir(mount, requested, own));
  bool usable = BERTH_TRY(make_container_dir(dir, rootless, placement));
  if (!usable)
    return std::unique_ptr<Driver>(new V1Driver(Layout::v2, placement, {}, std::nullopt));
  enable_controllers(mount.mount_point, dir);
  UniqueFd dirfd = BERTH_TRY(open_file(dir, O_RDONLY | O_DIRECTORY));
  placement.paths[mount.mount_point] = dir;
  return std::unique_ptr<Driver>(new V2Driver(placement, std::move(dir), std::move(dirfd)));
}

Result<std::unique_ptr<Driver>> create_v1(const Hierarchies& hierarchies,
                                          const std::string& requested,
                                          const std::vector<ProcCgroupEntry>& own, bool rootless,
                                          Placement& placement) {
  std::vector<V1Hierarchy> joined;
  joined.reserve(hierarchies.v1.size());
  for (const auto& mount : hierarchies.v1) {
    std::string dir = BERTH_TRY(container_dir(mount, requested, own));
    size_t created_before = placement.created.size();
    if (!BERTH_TRY(make_container_dir(dir, rootless, placement))) continue;
    if (mount.has_controller("cpuset")) {
      std::vector<std::string> created(placement.created.begin() + created_before,
                                       placement.created.end());
      BERTH_TRY(fill_empty_cpusets(mount.mount_point, dir, created));
    }
    placement.paths[mount.mount_point] = dir;
    joined.push_back({mount, std::move(dir)});
  }
  std::optional<std::string> unified_dir;
  if (hierarchies.layout == Layout::hybrid) {
    std::string dir = BERTH_TRY(container_dir(*hierarchies.v2, requested, own));
    if (BERTH_TRY(make_container_dir(dir, rootless, placement))) {
      placement.paths[hierarchies.v2->mount_point] = dir;
      unified_dir = std::move(dir);
    }
  }
  return std::unique_ptr<Driver>(
      new V1Driver(hierarchies.layout, placement, std::move(joined), std::move(unified_dir)));
}

}  // namespace

const char* layout_name(Layout layout) {
  switch (layout) {
    case Layout::v1:
      return "v1";
    case Layout::v2:
      return "v2";
    case Layout::hybrid:
      return "hybrid";
  }
  return "unknown";
}

Result<Layout> detect_layout() {
  Hierarchies hierarchies = BERTH_TRY(read_hierarchies());
  return hierarchies.layout;
}

Result<std::unique_ptr<Driver>> create(const CreateRequest& request) {
  std::string requested = BERTH_TRY(requested_cgroup(request));
  Hierarchies hierarchies = BERTH_TRY(read_hierarchies());
  std::vector<ProcCgroupEntry> own;
  if (is_relative(requested)) own = BERTH_TRY(read_proc_cgroup());

  Placement placement;
  ScopeGuard undo([&] { (void)remove_created_dirs(placement); });
  auto driver = hierarchies.layout == Layout::v2
                    ? create_v2(*hierarchies.v2, requested, own, request.rootless, placement)
                    : create_v1(hierarchies, requested, own, request.rootless, placement);
  if (!driver) return fail(std::move(driver.error()).with_context("create cgroup"));
  undo.dismiss();
  return driver;
}

Result<std::unique_ptr<Driver>> open_existing(const Placement& placement) {
  Hierarchies hierarchies = BERTH_TRY(read_hierarchies());
  if (hierarchies.layout == Layout::v2) {
    auto it = placement.paths.find(hierarchies.v2->mount_point);
    if (it == placement.paths.end())
      return std::unique_ptr<Driver>(new V1Driver(Layout::v2, placement, {}, std::nullopt));
    auto dirfd = open_file(it->second, O_RDONLY | O_DIRECTORY);
    return std::unique_ptr<Driver>(
        new V2Driver(placement, it->second, dirfd ? std::move(*dirfd) : UniqueFd()));
  }
  std::vector<V1Hierarchy> joined;
  for (const auto& mount : hierarchies.v1) {
    auto it = placement.paths.find(mount.mount_point);
    if (it != placement.paths.end()) joined.push_back({mount, it->second});
  }
  std::optional<std::string> unified_dir;
  if (hierarchies.v2) {
    auto it = placement.paths.find(hierarchies.v2->mount_point);
    if (it != placement.paths.end()) unified_dir = it->second;
  }
  return std::unique_ptr<Driver>(
      new V1Driver(hierarchies.layout, placement, std::move(joined), std::move(unified_dir)));
}

}  // namespace berth::cgroup
