// linux.resources.unified: raw cgroup v2 "file -> value" pairs, written last so that they win.
// On a hybrid host they go to the container's cgroup2 directory; on a v1-only host they are an
// error. Keys that would move processes or escape the directory are refused.
#include "base/strings.h"
#include "cgroup/render_controllers.h"

namespace berth::cgroup {

Result<> render_unified(const std::map<std::string, std::string>& unified, Version version,
                        const RenderOptions& options, Rendered& out) {
  if (unified.empty()) return {};
  if (version == Version::v1 && !options.has_unified)
    return fail_invalid(
        "linux.resources.unified: needs cgroup v2, and this host has only v1 "
        "hierarchies");
  for (const auto& [key, value] : unified) {
    std::string field = "linux.resources.unified[" + quoted(key) + "]";
    size_t dot = key.find('.');
    if (key.find('/') != std::string::npos || dot == std::string::npos || dot == 0 ||
        key.starts_with("."))
      return fail_invalid(field + ": not a cgroup file name like \"memory.high\"");
    if (key == "cgroup.procs" || key == "cgroup.threads" || key == "cgroup.kill" ||
        key == "cgroup.subtree_control")
      return fail_invalid(field + ": " + key + " cannot be set through linux.resources");
    std::string controller = key.substr(0, dot);
    CgroupWrite write;
    write.field = field;
    write.controller = version == Version::v1 ? kUnifiedController : controller;
    write.file = key;
    write.value = value;
    out.writes.push_back(std::move(write));
  }
  return {};
}

}  // namespace berth::cgroup
