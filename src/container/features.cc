#include "container/features.h"

#include "cgroup/driver.h"
#include "linux/capabilities.h"
#include "linux/mount_options.h"
#include "spec/features.h"

namespace berth::container {

std::string features_document() {
  spec::FeatureSet features;
  features.version = BERTH_VERSION;
  features.hooks = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
  features.mount_options = linux::known_mount_options();
  features.namespaces = {"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"};
  features.capabilities = linux::known_capability_names();
  features.cgroup_v1 = true;
  features.cgroup_v2 = true;
  features.seccomp_enabled = false;
  features.idmap_mounts = false;
  return spec::features_json(features);
}

}  // namespace berth::container
