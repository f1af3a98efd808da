#include "spec/defaults.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "result_assertions.h"
#include "spec/parse.h"
#include "spec/validate.h"

namespace berth::spec {
namespace {

Spec parse_default(const DefaultSpecOptions& options) {
  auto spec = parse_config(default_spec_json(options));
  EXPECT_TRUE(Succeeds(spec));
  return spec.value_or(Spec{});
}

std::vector<NamespaceType> namespace_types(const Spec& spec) {
  std::vector<NamespaceType> types;
  for (const Namespace& ns : spec.linux_config->namespaces) types.push_back(ns.type);
  return types;
}

const Mount* find_mount(const Spec& spec, std::string_view destination) {
  for (const Mount& mount : spec.mounts)
    if (mount.destination == destination) return &mount;
  return nullptr;
}

bool has_option(const Mount& mount, std::string_view option) {
  return std::ranges::find(mount.options, option) != mount.options.end();
}

TEST(DefaultSpec, IsPrettyPrintedWithATrailingNewline) {
  std::string json = default_spec_json({});
  EXPECT_TRUE(json.starts_with("{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\n")) << json;
  EXPECT_TRUE(json.ends_with("}\n"));
}

TEST(DefaultSpec, ParsesAndValidates) {
  Spec spec = parse_default({});
  auto validation = validate_spec(spec);
  ASSERT_TRUE(Succeeds(validation));
  EXPECT_TRUE(validation->warnings.empty());
}

TEST(DefaultSpec, ProcessAndRoot) {
  Spec spec = parse_default({});
  EXPECT_EQ(spec.oci_version, "1.2.0");
  EXPECT_EQ(spec.hostname, "berth");
  EXPECT_EQ(spec.root->path, "rootfs");
  EXPECT_TRUE(spec.root->readonly);
  const Process& process = *spec.process;
  EXPECT_TRUE(process.terminal);
  EXPECT_EQ(process.args, std::vector<std::string>{"sh"});
  EXPECT_EQ(process.cwd, "/");
  EXPECT_EQ(process.user.uid, 0u);
  EXPECT_TRUE(process.no_new_privileges);
  ASSERT_EQ(process.rlimits.size(), 1u);
  EXPECT_EQ(process.rlimits[0].type, "RLIMIT_NOFILE");
  EXPECT_EQ(process.rlimits[0].soft, 1024u);
  EXPECT_EQ(process.rlimits[0].hard, 1024u);
}

TEST(DefaultSpec, CapabilitiesAreRuncsWithoutAmbient) {
  Spec spec = parse_default({});
  const std::vector<std::string> expected = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  const Capabilities& capabilities = *spec.process->capabilities;
  EXPECT_EQ(capabilities.bounding, expected);
  EXPECT_EQ(capabilities.effective, expected);
  EXPECT_EQ(capabilities.permitted, expected);
  EXPECT_TRUE(capabilities.inheritable.empty());
  EXPECT_TRUE(capabilities.ambient.empty());
}

TEST(DefaultSpec, Mounts) {
  Spec spec = parse_default({});
  std::vector<std::string> destinations;
  for (const Mount& mount : spec.mounts) destinations.push_back(mount.destination);
  EXPECT_EQ(destinations, (std::vector<std::string>{"/proc", "/dev", "/dev/pts", "/dev/shm",
                                                    "/dev/mqueue", "/sys", "/sys/fs/cgroup"}));
  EXPECT_EQ(find_mount(spec, "/proc")->type, "proc");
  EXPECT_EQ(find_mount(spec, "/dev")->type, "tmpfs");
  EXPECT_TRUE(has_option(*find_mount(spec, "/dev/pts"), "gid=5"));
  EXPECT_EQ(find_mount(spec, "/sys")->type, "sysfs");
  EXPECT_TRUE(has_option(*find_mount(spec, "/sys"), "ro"));
  EXPECT_EQ(find_mount(spec, "/sys/fs/cgroup")->type, "cgroup");
  EXPECT_TRUE(has_option(*find_mount(spec, "/sys/fs/cgroup"), "ro"));
}

TEST(DefaultSpec, LinuxSection) {
  Spec spec = parse_default({});
  EXPECT_EQ(namespace_types(spec),
            (std::vector<NamespaceType>{NamespaceType::pid, NamespaceType::network,
                                        NamespaceType::ipc, NamespaceType::uts,
                                        NamespaceType::mount, NamespaceType::cgroup}));
  const Linux& linux_config = *spec.linux_config;
  EXPECT_TRUE(linux_config.uid_mappings.empty());
  ASSERT_TRUE(linux_config.resources);
  ASSERT_EQ(linux_config.resources->devices.size(), 1u);
  EXPECT_FALSE(linux_config.resources->devices[0].allow);
  EXPECT_EQ(linux_config.resources->devices[0].access, "rwm");
  EXPECT_EQ(linux_config.masked_paths.size(), 10u);
  EXPECT_EQ(linux_config.masked_paths.front(), "/proc/acpi");
  EXPECT_EQ(linux_config.readonly_paths,
            (std::vector<std::string>{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                      "/proc/sysrq-trigger"}));
}

constexpr DefaultSpecOptions kRootless = {.rootless = true, .host_uid = 1000, .host_gid = 100};

TEST(RootlessDefaultSpec, ParsesAndValidates) {
  Spec spec = parse_default(kRootless);
  auto validation = validate_spec(spec);
  ASSERT_TRUE(Succeeds(validation));
  EXPECT_TRUE(validation->warnings.empty());
}

TEST(RootlessDefaultSpec, MapsTheCallerToRoot) {
  Spec spec = parse_default(kRootless);
  const Linux& linux_config = *spec.linux_config;
  ASSERT_EQ(linux_config.uid_mappings.size(), 1u);
  EXPECT_EQ(linux_config.uid_mappings[0].container_id, 0u);
  EXPECT_EQ(linux_config.uid_mappings[0].host_id, 1000u);
  EXPECT_EQ(linux_config.uid_mappings[0].size, 1u);
  ASSERT_EQ(linux_config.gid_mappings.size(), 1u);
  EXPECT_EQ(linux_config.gid_mappings[0].host_id, 100u);
  EXPECT_EQ(linux_config.gid_mappings[0].size, 1u);
}

TEST(RootlessDefaultSpec, UserNamespaceAndNoNetworkNamespace) {
  Spec spec = parse_default(kRootless);
  EXPECT_EQ(namespace_types(spec),
            (std::vector<NamespaceType>{NamespaceType::pid, NamespaceType::ipc, NamespaceType::uts,
                                        NamespaceType::mount, NamespaceType::cgroup,
                                        NamespaceType::user}));
  EXPECT_FALSE(spec.linux_config->resources);
}

TEST(RootlessDefaultSpec, Mounts) {
  Spec spec = parse_default(kRootless);
  const Mount* sys = find_mount(spec, "/sys");
  ASSERT_NE(sys, nullptr);
  EXPECT_EQ(sys->type, "none");
  EXPECT_EQ(sys->source, "/sys");
  EXPECT_EQ(sys->options, (std::vector<std::string>{"rbind", "nosuid", "noexec", "nodev", "ro"}));
  EXPECT_EQ(find_mount(spec, "/sys/fs/cgroup"), nullptr);
  const Mount* devpts = find_mount(spec, "/dev/pts");
  ASSERT_NE(devpts, nullptr);
  EXPECT_FALSE(has_option(*devpts, "gid=5"));
  EXPECT_TRUE(has_option(*devpts, "newinstance"));
}

}  // namespace
}  // namespace berth::spec
