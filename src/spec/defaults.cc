// The config.json `berth-runtime spec` writes: runc's example spec, member for member and in
// runc's order, with berth's version and hostname.
#include "spec/defaults.h"

#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "spec/spec.h"

namespace berth::spec {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json default_capabilities() {
  const ordered_json names = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  return {{"bounding", names}, {"effective", names}, {"permitted", names}};
}

ordered_json default_process() {
  return {
      {"terminal", true},
      {"user", {{"uid", 0}, {"gid", 0}}},
      {"args", {"sh"}},
      {"env", {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"}},
      {"cwd", "/"},
      {"capabilities", default_capabilities()},
      {"rlimits", {{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 1024}}}},
      {"noNewPrivileges", true},
  };
}

ordered_json mount(const char* destination, const char* type, const char* source,
                   const std::vector<std::string>& options) {
  ordered_json entry = {{"destination", destination}, {"type", type}, {"source", source}};
  if (!options.empty()) entry["options"] = options;
  return entry;
}

// A rootless container cannot mount sysfs or cgroupfs for the host's devices and cgroups, and
// its user namespace has no group 5 for devpts, so those mounts differ.
ordered_json default_mounts(bool rootless) {
  ordered_json mounts = ordered_json::array();
  mounts.push_back(mount("/proc", "proc", "proc", {}));
  mounts.push_back(
      mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}));
  std::vector<std::string> devpts_options = {"nosuid", "noexec", "newinstance", "ptmxmode=0666",
                                             "mode=0620"};
  if (!rootless) devpts_options.push_back("gid=5");  // the tty group
  mounts.push_back(mount("/dev/pts", "devpts", "devpts", devpts_options));
  mounts.push_back(
      mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}));
  mounts.push_back(mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}));
  if (rootless) {
    mounts.push_back(mount("/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"}));
  } else {
    mounts.push_back(mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}));
    mounts.push_back(mount("/sys/fs/cgroup", "cgroup", "cgroup",
                           {"nosuid", "noexec", "nodev", "relatime", "ro"}));
  }
  return mounts;
}

ordered_json default_namespaces(bool rootless) {
  const NamespaceType rootful[] = {NamespaceType::pid,   NamespaceType::network,
                                   NamespaceType::ipc,   NamespaceType::uts,
                                   NamespaceType::mount, NamespaceType::cgroup};
  const NamespaceType rootless_types[] = {NamespaceType::pid,    NamespaceType::ipc,
                                          NamespaceType::uts,    NamespaceType::mount,
                                          NamespaceType::cgroup, NamespaceType::user};
  ordered_json namespaces = ordered_json::array();
  for (NamespaceType type : rootless ? std::span<const NamespaceType>(rootless_types)
                                     : std::span<const NamespaceType>(rootful)) {
    namespaces.push_back({{"type", namespace_type_name(type)}});
  }
  return namespaces;
}

ordered_json single_id_mapping(uint32_t host_id) {
  return ordered_json::array({{{"containerID", 0}, {"hostID", host_id}, {"size", 1}}});
}

ordered_json default_linux(const DefaultSpecOptions& options) {
  ordered_json linux_config = ordered_json::object();
  if (options.rootless) {
    linux_config["uidMappings"] = single_id_mapping(options.host_uid);
    linux_config["gidMappings"] = single_id_mapping(options.host_gid);
  } else {
    // Deny every device; the runtime adds the default devices (null, zero, tty, ...) itself.
    linux_config["resources"] = {{"devices", {{{"allow", false}, {"access", "rwm"}}}}};
  }
  linux_config["namespaces"] = default_namespaces(options.rootless);
  linux_config["maskedPaths"] = {"/proc/acpi",        "/proc/asound",        "/proc/kcore",
                                 "/proc/keys",        "/proc/latency_stats", "/proc/timer_list",
                                 "/proc/timer_stats", "/proc/sched_debug",   "/sys/firmware",
                                 "/proc/scsi"};
  linux_config["readonlyPaths"] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                   "/proc/sysrq-trigger"};
  return linux_config;
}

}  // namespace

std::string default_spec_json(const DefaultSpecOptions& options) {
  ordered_json spec = {
      {"ociVersion", kSpecVersion},
      {"process", default_process()},
      {"root", {{"path", "rootfs"}, {"readonly", true}}},
      {"hostname", "berth"},
      {"mounts", default_mounts(options.rootless)},
      {"linux", default_linux(options)},
  };
  return spec.dump(2) + "\n";
}

}  // namespace berth::spec
