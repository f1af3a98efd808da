#include "cgroup/placement.h"

#include "base/strings.h"

namespace berth::cgroup {
namespace {

// Joins the non-empty, non-"." components of `path` with '/'; fails on "..".
Result<std::string> clean_components(std::string_view path, std::string_view field) {
  std::string out;
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..")
      return fail_invalid(std::string(field) + ": " + quoted(path) +
                          " must not contain a \"..\" component");
    if (!out.empty()) out.push_back('/');
    out.append(part);
  }
  return out;
}

}  // namespace

Result<std::string> requested_cgroup(const CreateRequest& request) {
  if (request.cgroups_path && !request.cgroups_path->empty()) {
    const std::string& path = *request.cgroups_path;
    std::string clean = BERTH_TRY(clean_components(path, "linux.cgroupsPath"));
    if (path[0] == '/') {
      if (clean.empty())
        return fail_invalid("linux.cgroupsPath: " + quoted(path) +
                            " names the hierarchy's root; a container needs a cgroup of its own");
      return "/" + clean;
    }
    if (clean.empty())
      return fail_invalid("linux.cgroupsPath: " + quoted(path) + " names no cgroup");
    return clean;
  }
  const std::string& id = request.container_id;
  if (id.empty() || id == "." || id == ".." || id.find('/') != std::string::npos)
    return fail_invalid("container id " + quoted(id) + " cannot name a cgroup");
  return id;
}

Result<std::string> container_dir(const CgroupMount& mount, const std::string& requested,
                                  const std::vector<ProcCgroupEntry>& own) {
  if (!is_relative(requested)) return mount.mount_point + requested;
  auto caller = cgroup_in_hierarchy(own, mount);
  if (!caller)
    return fail_invalid("the calling process has no cgroup in the hierarchy mounted at " +
                        mount.mount_point + " (see /proc/self/cgroup)");
  // The mount shows the subtree at mount.root; the caller's cgroup must be inside it.
  std::string_view inside = *caller;
  if (mount.root != "/") {
    if (!inside.starts_with(mount.root) ||
        (inside.size() > mount.root.size() && inside[mount.root.size()] != '/'))
      return fail_invalid("the calling process's cgroup " + quoted(*caller) +
                          " is outside the hierarchy mounted at " + mount.mount_point);
    inside.remove_prefix(mount.root.size());
  }
  std::string dir = mount.mount_point;
  for (std::string_view part : split(inside, '/')) {
    if (part.empty()) continue;
    dir.push_back('/');
    dir.append(part);
  }
  dir.push_back('/');
  dir.append(requested);
  return dir;
}

}  // namespace berth::cgroup
