// The runtime-spec features document (features.md, features-linux.md), in the spec's member order.
#include "spec/features.h"

#include <nlohmann/json.hpp>

#include "spec/spec.h"

namespace berth::spec {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kMinimumSpecVersion = "1.0.0";

ordered_json enabled(bool value) { return {{"enabled", value}}; }

ordered_json cgroup_features(const FeatureSet& features) {
  return {
      {"v1", features.cgroup_v1},           {"v2", features.cgroup_v2},
      {"systemd", features.cgroup_systemd}, {"systemdUser", features.cgroup_systemd_user},
      {"rdma", features.cgroup_rdma},
  };
}

ordered_json seccomp_features(const FeatureSet& features) {
  ordered_json seccomp = enabled(features.seccomp_enabled);
  if (!features.seccomp_enabled) return seccomp;
  seccomp["actions"] = features.seccomp_actions;
  seccomp["operators"] = features.seccomp_operators;
  seccomp["archs"] = features.seccomp_archs;
  seccomp["knownFlags"] = features.seccomp_known_flags;
  seccomp["supportedFlags"] = features.seccomp_flags;
  return seccomp;
}

ordered_json linux_features(const FeatureSet& features) {
  return {
      {"namespaces", features.namespaces},
      {"capabilities", features.capabilities},
      {"cgroup", cgroup_features(features)},
      {"seccomp", seccomp_features(features)},
      {"apparmor", enabled(features.apparmor)},
      {"selinux", enabled(features.selinux)},
      {"intelRdt", enabled(features.intel_rdt)},
      {"mountExtensions", {{"idmap", enabled(features.idmap_mounts)}}},
  };
}

}  // namespace

std::string features_json(const FeatureSet& features) {
  ordered_json document = {
      {"ociVersionMin", kMinimumSpecVersion},
      {"ociVersionMax", kSpecVersion},
      {"hooks", features.hooks},
      {"mountOptions", features.mount_options},
      {"linux", linux_features(features)},
      {"annotations", {{"io.github.berth.runtime.version", features.version}}},
  };
  if (!features.annotations_keys.empty())
    document["potentiallyUnsafeConfigAnnotations"] = features.annotations_keys;
  return document.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace berth::spec
