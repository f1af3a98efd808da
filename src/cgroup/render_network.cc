// linux.resources.network -> net_cls.classid and net_prio.ifpriomap ("IFNAME PRIO", one write per
// interface). These controllers exist only on cgroup v1; on v2 the field is an error (networks
// are classified with eBPF or by the cgroup path there).
#include "cgroup/render_controllers.h"

namespace berth::cgroup {

Result<> render_network(const spec::NetworkResources& network, Version version, Rendered& out) {
  if (!network.class_id && network.priorities.empty()) return {};
  if (version == Version::v2)
    return fail_invalid(
        "linux.resources.network: net_cls and net_prio exist only on cgroup v1 "
        "(this host is cgroup v2)");
  if (network.class_id)
    add_write(out, "network.classID", "net_cls", "net_cls.classid",
              std::to_string(*network.class_id));
  for (size_t i = 0; i < network.priorities.size(); ++i) {
    const auto& priority = network.priorities[i];
    std::string field = "network.priorities[" + std::to_string(i) + "]";
    if (priority.name.empty() || priority.name.find_first_of(" \t\n/") != std::string::npos)
      return fail_invalid(std::string(kResources) + field + ".name: \"" + priority.name +
                          "\" is not an interface name");
    add_write(out, field, "net_prio", "net_prio.ifpriomap",
              priority.name + " " + std::to_string(priority.priority));
  }
  return {};
}

}  // namespace berth::cgroup
