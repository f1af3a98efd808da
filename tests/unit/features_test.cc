#include "spec/features.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "spec/known_names.h"

namespace berth::spec {
namespace {

using json = nlohmann::json;

std::vector<std::string> strings(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

FeatureSet full_feature_set() {
  FeatureSet features;
  features.mount_options = {"bind", "rbind", "ro"};
  features.hooks = {"prestart",       "createRuntime", "createContainer",
                    "startContainer", "poststart",     "poststop"};
  features.namespaces = {"cgroup", "ipc", "mount", "network", "pid", "user", "uts", "time"};
  features.capabilities = strings(capability_names());
  features.cgroup_v1 = true;
  features.cgroup_v2 = true;
  features.cgroup_rdma = true;
  features.seccomp_enabled = true;
  features.seccomp_actions = strings(seccomp_action_names());
  features.seccomp_operators = strings(seccomp_operator_names());
  features.seccomp_archs = {"SCMP_ARCH_X86_64"};
  features.seccomp_known_flags = strings(seccomp_flag_names());
  features.seccomp_flags = {"SECCOMP_FILTER_FLAG_LOG"};
  features.apparmor = true;
  features.idmap_mounts = true;
  features.annotations_keys = {"run.oci.berth."};
  features.version = "0.1.0";
  return features;
}

json parse(const std::string& text) {
  json document = json::parse(text, nullptr, false);
  EXPECT_FALSE(document.is_discarded()) << text;
  return document;
}

TEST(Features, VersionsHooksAndMountOptions) {
  json document = parse(features_json(full_feature_set()));
  EXPECT_EQ(document["ociVersionMin"], "1.0.0");
  EXPECT_EQ(document["ociVersionMax"], "1.2.0");
  EXPECT_EQ(document["hooks"].size(), 6u);
  EXPECT_EQ(document["mountOptions"], json({"bind", "rbind", "ro"}));
}

TEST(Features, Linux) {
  json linux_features = parse(features_json(full_feature_set()))["linux"];
  EXPECT_EQ(linux_features["namespaces"].size(), 8u);
  EXPECT_EQ(linux_features["capabilities"].size(), 41u);
  EXPECT_EQ(linux_features["capabilities"].back(), "CAP_CHECKPOINT_RESTORE");
  EXPECT_EQ(linux_features["cgroup"], json({{"v1", true},
                                            {"v2", true},
                                            {"systemd", false},
                                            {"systemdUser", false},
                                            {"rdma", true}}));
  EXPECT_EQ(linux_features["apparmor"], json({{"enabled", true}}));
  EXPECT_EQ(linux_features["selinux"], json({{"enabled", false}}));
  EXPECT_EQ(linux_features["intelRdt"], json({{"enabled", false}}));
  EXPECT_EQ(linux_features["mountExtensions"]["idmap"]["enabled"], true);
}

TEST(Features, Seccomp) {
  json seccomp = parse(features_json(full_feature_set()))["linux"]["seccomp"];
  EXPECT_EQ(seccomp["enabled"], true);
  EXPECT_EQ(seccomp["actions"].size(), 9u);
  EXPECT_EQ(seccomp["operators"].size(), 7u);
  EXPECT_EQ(seccomp["archs"], json({"SCMP_ARCH_X86_64"}));
  EXPECT_EQ(seccomp["knownFlags"].size(), 4u);
  EXPECT_EQ(seccomp["supportedFlags"], json({"SECCOMP_FILTER_FLAG_LOG"}));
}

TEST(Features, SeccompDisabledListsNothing) {
  FeatureSet features = full_feature_set();
  features.seccomp_enabled = false;
  EXPECT_EQ(parse(features_json(features))["linux"]["seccomp"], json({{"enabled", false}}));
}

TEST(Features, Annotations) {
  json document = parse(features_json(full_feature_set()));
  EXPECT_EQ(document["annotations"], json({{"io.github.berth.runtime.version", "0.1.0"}}));
  EXPECT_EQ(document["potentiallyUnsafeConfigAnnotations"], json({"run.oci.berth."}));

  FeatureSet features = full_feature_set();
  features.annotations_keys.clear();
  EXPECT_FALSE(parse(features_json(features)).contains("potentiallyUnsafeConfigAnnotations"));
}

TEST(Features, MemberOrderFollowsTheSpec) {
  std::string text = features_json(full_feature_set());
  EXPECT_TRUE(text.starts_with(
      "{\n  \"ociVersionMin\": \"1.0.0\",\n  \"ociVersionMax\": \"1.2.0\",\n  \"hooks\""))
      << text;
  EXPECT_LT(text.find("\"mountOptions\""), text.find("\"linux\""));
  EXPECT_LT(text.find("\"linux\""), text.find("\"annotations\""));
  EXPECT_TRUE(text.ends_with("}\n"));
}

TEST(KnownNames, CapabilityNumbers) {
  EXPECT_EQ(capability_number("CAP_CHOWN"), 0);
  EXPECT_EQ(capability_number("CAP_SYS_ADMIN"), 21);
  EXPECT_EQ(capability_number("CAP_CHECKPOINT_RESTORE"), 40);
  EXPECT_FALSE(capability_number("CAP_NOPE"));
  EXPECT_EQ(capability_names().size(), 41u);
}

}  // namespace
}  // namespace berth::spec
