#include "container/features.h"

#include "cgroup/driver.h"
#include "linux/capabilities.h"
#include "linux/mount_options.h"
#include "linux/seccomp_features.h"
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
  features.seccomp_enabled = linux::seccomp_supported();
  features.seccomp_actions = linux::supported_seccomp_actions();
  features.seccomp_operators = linux::supported_seccomp_operators();
  features.seccomp_archs = linux::supported_seccomp_archs();
  features.seccomp_known_flags = linux::known_seccomp_flags();
  features.seccomp_flags = linux::supported_seccomp_flags();
  features.idmap_mounts = true;
  return spec::features_json(features);
}

}  // namespace berth::container
