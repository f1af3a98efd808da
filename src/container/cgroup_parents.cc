#include "container/cgroup_parents.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <algorithm>

#include "base/log.h"

namespace berth::container {
namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool lives_under(const spec::ContainerRecord& record, const std::string& parent) {
  for (const auto& [mount_point, path] : record.cgroup_paths) {
    if (path.size() > parent.size() && path.starts_with(parent) && path[parent.size()] == '/') return true;
  }
  return false;
}

}  // namespace

void hand_over_shared_parents(const std::string& store_root, const spec::ContainerRecord& record) {
  std::vector<std::string> left;
  for (const auto& dir : record.created_cgroups) {
    // The container's own directories are not parents of anyone's.
    bool own = std::any_of(record.cgroup_paths.begin(), record.cgroup_paths.end(),
                           [&](const auto& entry) { return entry.second == dir; });
    if (!own && exists(dir)) left.push_back(dir);
  }
  if (left.empty()) return;
  StateStore store(store_root);
  auto others = store.list();
  if (!others) return;
  for (auto& other : *others) {
    auto other_record = other.read_record();
    if (!other_record || other_record->id == record.id) continue;
    std::vector<std::string> taken;
    for (const auto& parent : left) {
      if (lives_under(*other_record, parent)) taken.push_back(parent);
    }
    if (taken.empty()) continue;
    if (!other.try_lock_exclusive(500)) continue;
    auto fresh = other.read_record();
    if (!fresh) continue;
    // Parents first, as created_cgroups lists them, so that removal goes deepest first.
    std::vector<std::string> created = taken;
    for (const auto& dir : fresh->created_cgroups) {
      if (std::find(created.begin(), created.end(), dir) == created.end()) created.push_back(dir);
    }
    fresh->created_cgroups = std::move(created);
    if (auto written = other.write_record(*fresh); !written) {
      log::warning("hand over cgroup parents to " + fresh->id + ": " + written.error().text());
      continue;
    }
    log::debug("cgroup parents of " + record.id + " handed over to " + fresh->id);
    std::erase_if(left, [&](const std::string& dir) { return std::find(taken.begin(), taken.end(), dir) != taken.end(); });
    if (left.empty()) return;
  }
}

}  // namespace berth::container
