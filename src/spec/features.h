// `berth-runtime features`: the runtime-spec features document, describing what this build supports.
#pragma once

#include <string>
#include <vector>

namespace berth::spec {

// What the kernel-facing modules of this build support, gathered by the caller.
struct FeatureSet {
  std::vector<std::string> mount_options;
  std::vector<std::string> hooks;
  std::vector<std::string> namespaces;
  std::vector<std::string> capabilities;  // empty: capabilities not supported
  bool cgroup_v1 = false, cgroup_v2 = false, cgroup_systemd = false, cgroup_systemd_user = false,
       cgroup_rdma = false;
  bool seccomp_enabled = false;
  std::vector<std::string> seccomp_actions, seccomp_operators, seccomp_archs, seccomp_flags,
      seccomp_known_flags;
  bool apparmor = false, selinux = false, intel_rdt = false;
  bool idmap_mounts = false;
  // Config annotations that change what the runtime does ("potentiallyUnsafeConfigAnnotations");
  // an entry ending in "." is a prefix.
  std::vector<std::string> annotations_keys;
  std::string version;  // berth-runtime version
};

// Pretty-printed (two-space indent, trailing newline). A seccomp section lists its names only
// when seccomp_enabled.
std::string features_json(const FeatureSet& features);

}  // namespace berth::spec
