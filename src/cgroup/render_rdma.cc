// linux.resources.rdma -> rdma.max "DEVICE hca_handle=N hca_object=M" (v1 and v2), one write
// per device; an absent limit leaves that resource as it is.
#include "cgroup/render_controllers.h"

namespace berth::cgroup {

Result<> render_rdma(const std::map<std::string, spec::RdmaLimit>& rdma, Rendered& out) {
  for (const auto& [device, limit] : rdma) {
    std::string field = "rdma." + device;
    if (device.empty() || device.find_first_of(" \t\n") != std::string::npos)
      return fail_invalid(std::string(kResources) + "rdma: \"" + device +
                          "\" is not an RDMA device name");
    std::string value = device;
    if (limit.hca_handles) value += " hca_handle=" + std::to_string(*limit.hca_handles);
    if (limit.hca_objects) value += " hca_object=" + std::to_string(*limit.hca_objects);
    if (!limit.hca_handles && !limit.hca_objects) continue;
    add_write(out, field, "rdma", "rdma.max", value);
  }
  return {};
}

}  // namespace berth::cgroup
