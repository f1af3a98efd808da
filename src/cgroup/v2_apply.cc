// V2Driver::apply: linux.resources -> files of the container's cgroup2 directory, and the device
// rules -> a BPF_CGROUP_DEVICE program attached to it.
#include "cgroup/apply_writes.h"
#include "cgroup/bpf_device_filter.h"
#include "cgroup/v2_driver.h"

namespace berth::cgroup {

Result<> V2Driver::apply(const spec::Resources& resources, bool initial) {
  RenderOptions options;
  options.initial = initial;
  if (!initial) BERTH_TRY(check_memory_limit_above_usage(resources, dir_ + "/memory.current"));
  Rendered rendered = BERTH_TRY(render(resources, Version::v2, options));
  BERTH_TRY(apply_writes(rendered, Version::v2,
                         [this](const CgroupWrite&) -> Result<std::string> { return dir_; }));
  if (rendered.has_device_rules) {
    if (!dirfd_) return fail(Error(ENOENT, "linux.resources.devices: " + dir_ + " is gone"));
    auto attached =
        attach_device_filter(dirfd_.get(), device_filter_program(rendered.device_rules));
    if (!attached)
      return fail(std::move(attached.error()).with_context("linux.resources.devices: " + dir_));
  }
  return {};
}

}  // namespace berth::cgroup
