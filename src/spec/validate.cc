// Validation of a parsed Spec. Each check_* function covers one part of config.json and returns
// the first problem it finds, as "<field>: <what was expected>, got <what was there>".
#include "spec/validate.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <span>

#include "base/strings.h"
#include "spec/known_names.h"
#include "spec/sysctl_name.h"

namespace berth::spec {
namespace {

// ---- field names and messages ----

// "linux" + "namespaces" -> "linux.namespaces"; "" + "memory" -> "memory".
std::string field(std::string_view parent, std::string_view name) {
  std::string out(parent);
  if (!out.empty()) out.push_back('.');
  out.append(name);
  return out;
}

// "process.env" + 3 -> "process.env[3]"
std::string element(std::string_view parent, size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

// "linux.sysctl" + "net.ipv4.ip_forward" -> linux.sysctl["net.ipv4.ip_forward"]
std::string entry(std::string_view parent, std::string_view key) {
  return std::string(parent) + "[" + berth::quoted(key) + "]";
}

std::unexpected<Error> invalid(std::string_view field_name, std::string_view problem) {
  return fail_invalid(std::string(field_name) + ": " + std::string(problem));
}

std::string octal(uint64_t value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value, 8).ptr;
  return "0" + std::string(digits, end);
}

bool is_absolute(std::string_view path) { return path.starts_with('/'); }

Result<> require_absolute(std::string_view field_name, std::string_view path) {
  if (is_absolute(path)) return {};
  return invalid(field_name, "must be an absolute path, got " + berth::quoted(path));
}

Result<> require_known(std::span<const std::string_view> known, std::string_view value,
                       std::string_view field_name, std::string_view what) {
  if (contains_name(known, value)) return {};
  return invalid(field_name, "unknown " + std::string(what) + " " + berth::quoted(value));
}

Result<> require_in_range(std::string_view field_name, int64_t value, int64_t min, int64_t max) {
  if (value >= min && value <= max) return {};
  return invalid(field_name, "must be between " + std::to_string(min) + " and " +
                                 std::to_string(max) + ", got " + std::to_string(value));
}

// "0-3,5": comma-separated cpu (or memory node) numbers and ranges, as cpuset.cpus takes them.
bool is_cpu_list(std::string_view list) {
  for (std::string_view part : split(list, ',')) {
    size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      if (!parse_u64(part)) return false;
      continue;
    }
    auto first = parse_u64(part.substr(0, dash));
    auto last = parse_u64(part.substr(dash + 1));
    if (!first || !last || *first > *last) return false;
  }
  return true;
}

Result<> require_cpu_list(std::string_view field_name, std::string_view list) {
  if (list.empty() || is_cpu_list(list)) return {};
  return invalid(field_name, "expected a list of numbers and ranges like \"0-3,5\", got " +
                                 berth::quoted(list));
}

// ---- ociVersion, root ----

// SemVer: MAJOR.MINOR.PATCH, then an optional -prerelease and +build ("1.0.2-dev").
Result<> check_oci_version(std::string_view version) {
  if (version.empty()) return invalid("ociVersion", "missing");
  auto numbers = split(version.substr(0, version.find_first_of("-+")), '.');
  bool semver = numbers.size() == 3 && std::ranges::all_of(numbers, [](std::string_view n) {
                  return parse_u64(n).has_value();
                });
  if (!semver) {
    return invalid("ociVersion",
                   "expected a version of the form 1.x.y, got " + berth::quoted(version));
  }
  if (numbers[0] != "1") {
    return invalid("ociVersion", "unsupported version " + berth::quoted(version) +
                                     ": berth-runtime supports 1.x (1.0.0 to " + kSpecVersion +
                                     ")");
  }
  return {};
}

Result<> check_root(const std::optional<Root>& root) {
  if (!root) return invalid("root", "missing");
  if (root->path.empty()) return invalid("root.path", "must not be empty");
  return {};
}

// ---- process ----

Result<> check_env(const std::vector<std::string>& env, std::string_view env_field) {
  for (size_t i = 0; i < env.size(); ++i) {
    if (env[i].find('=') == std::string::npos)
      return invalid(element(env_field, i), "expected NAME=VALUE, got " + berth::quoted(env[i]));
  }
  return {};
}

Result<> check_rlimits(const std::vector<Rlimit>& rlimits, std::string_view rlimits_field) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < rlimits.size(); ++i) {
    const Rlimit& rlimit = rlimits[i];
    std::string rlimit_field = element(rlimits_field, i);
    BERTH_TRY(require_known(rlimit_names(), rlimit.type, field(rlimit_field, "type"), "rlimit"));
    if (!seen.insert(rlimit.type).second)
      return invalid(field(rlimit_field, "type"), "duplicate rlimit " + berth::quoted(rlimit.type));
    if (rlimit.soft > rlimit.hard) {
      return invalid(rlimit_field, "soft limit " + std::to_string(rlimit.soft) +
                                       " is greater than hard limit " +
                                       std::to_string(rlimit.hard));
    }
  }
  return {};
}

Result<> check_capabilities(const Capabilities& capabilities, std::string_view capabilities_field) {
  const std::pair<const char*, const std::vector<std::string>*> sets[] = {
      {"bounding", &capabilities.bounding},       {"effective", &capabilities.effective},
      {"inheritable", &capabilities.inheritable}, {"permitted", &capabilities.permitted},
      {"ambient", &capabilities.ambient},
  };
  for (const auto& [set_name, names] : sets) {
    for (size_t i = 0; i < names->size(); ++i) {
      BERTH_TRY(require_known(capability_names(), (*names)[i],
                              element(field(capabilities_field, set_name), i), "capability"));
    }
  }
  return {};
}

Result<> check_io_priority(const IoPriority& io_priority, std::string_view io_priority_field) {
  static constexpr std::string_view kClasses[] = {"IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                                                  "IOPRIO_CLASS_IDLE"};
  BERTH_TRY(require_known(kClasses, io_priority.io_class, field(io_priority_field, "class"),
                          "I/O priority class"));
  return require_in_range(field(io_priority_field, "priority"), io_priority.priority, 0, 7);
}

// The rules of sched_setattr(2), as runc applies them.
Result<> check_scheduler(const Scheduler& scheduler, std::string_view scheduler_field) {
  static constexpr std::string_view kPolicies[] = {"SCHED_OTHER",   "SCHED_FIFO", "SCHED_RR",
                                                   "SCHED_BATCH",   "SCHED_ISO",  "SCHED_IDLE",
                                                   "SCHED_DEADLINE"};
  static constexpr std::string_view kFlags[] = {
      "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",     "SCHED_FLAG_DL_OVERRUN",
      "SCHED_FLAG_KEEP_POLICY",   "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
      "SCHED_FLAG_UTIL_CLAMP_MAX"};
  const std::string& policy = scheduler.policy;
  BERTH_TRY(require_known(kPolicies, policy, field(scheduler_field, "policy"), "scheduler policy"));
  BERTH_TRY(require_in_range(field(scheduler_field, "nice"), scheduler.nice, -20, 19));
  if (scheduler.priority != 0 && policy != "SCHED_FIFO" && policy != "SCHED_RR") {
    return invalid(field(scheduler_field, "priority"),
                   "only SCHED_FIFO and SCHED_RR take a priority, policy is " + policy);
  }
  bool has_deadline_parameters = scheduler.runtime || scheduler.deadline || scheduler.period;
  if (has_deadline_parameters && policy != "SCHED_DEADLINE") {
    return invalid(scheduler_field,
                   "runtime, deadline and period are only for SCHED_DEADLINE, policy is " + policy);
  }
  for (size_t i = 0; i < scheduler.flags.size(); ++i) {
    BERTH_TRY(require_known(kFlags, scheduler.flags[i], element(field(scheduler_field, "flags"), i),
                            "scheduler flag"));
  }
  return {};
}

// ---- mounts, hooks ----

constexpr size_t kMaxIdMappings = 340;  // lines the kernel accepts in uid_map (Linux 4.15+)

struct IdRange {
  uint64_t first, end;  // [first, end)
  bool overlaps(const IdRange& other) const { return first < other.end && other.first < end; }
  std::string text() const { return std::to_string(first) + "-" + std::to_string(end - 1); }
};

Result<> check_id_range(std::string_view mapping_field, std::string_view side, uint32_t first,
                        uint32_t size) {
  if (uint64_t{first} + size - 1 <= UINT32_MAX) return {};
  return invalid(mapping_field, std::string(side) + " " + std::to_string(first) + " + size " +
                                    std::to_string(size) + " goes past the largest id 4294967295");
}

// Sizes, ranges, and no two lines mapping the same container id or the same host id.
Result<> check_id_mappings(const std::vector<IdMapping>& mappings,
                           std::string_view mappings_field) {
  if (mappings.size() > kMaxIdMappings) {
    return invalid(mappings_field, "at most " + std::to_string(kMaxIdMappings) +
                                       " mappings are allowed, got " +
                                       std::to_string(mappings.size()));
  }
  for (size_t i = 0; i < mappings.size(); ++i) {
    const IdMapping& mapping = mappings[i];
    std::string mapping_field = element(mappings_field, i);
    if (mapping.size == 0) return invalid(field(mapping_field, "size"), "must be greater than 0");
    BERTH_TRY(check_id_range(mapping_field, "containerID", mapping.container_id, mapping.size));
    BERTH_TRY(check_id_range(mapping_field, "hostID", mapping.host_id, mapping.size));
    IdRange container{mapping.container_id, uint64_t{mapping.container_id} + mapping.size};
    IdRange host{mapping.host_id, uint64_t{mapping.host_id} + mapping.size};
    for (size_t j = 0; j < i; ++j) {
      const IdMapping& other = mappings[j];
      IdRange other_container{other.container_id, uint64_t{other.container_id} + other.size};
      IdRange other_host{other.host_id, uint64_t{other.host_id} + other.size};
      if (container.overlaps(other_container)) {
        return invalid(mapping_field, "container ids " + container.text() + " overlap " +
                                          element(mappings_field, j) + " (" +
                                          other_container.text() + ")");
      }
      if (host.overlaps(other_host)) {
        return invalid(mapping_field, "host ids " + host.text() + " overlap " +
                                          element(mappings_field, j) + " (" + other_host.text() +
                                          ")");
      }
    }
  }
  return {};
}

Result<> check_mounts(const std::vector<Mount>& mounts, Validation& validation) {
  for (size_t i = 0; i < mounts.size(); ++i) {
    const Mount& mount = mounts[i];
    std::string mount_field = element("mounts", i);
    std::string destination_field = field(mount_field, "destination");
    if (mount.destination.empty()) return invalid(destination_field, "must not be empty");
    if (!is_absolute(mount.destination)) {
      validation.warnings.push_back(destination_field + ": relative path " +
                                    berth::quoted(mount.destination) +
                                    " is deprecated; it is taken as relative to /");
    }
    BERTH_TRY(check_id_mappings(mount.uid_mappings, field(mount_field, "uidMappings")));
    BERTH_TRY(check_id_mappings(mount.gid_mappings, field(mount_field, "gidMappings")));
  }
  return {};
}

Result<> check_hook_list(const std::vector<Hook>& hooks, std::string_view list_field) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    std::string hook_field = element(list_field, i);
    BERTH_TRY(require_absolute(field(hook_field, "path"), hooks[i].path));
    if (hooks[i].timeout && *hooks[i].timeout <= 0) {
      return invalid(field(hook_field, "timeout"),
                     "must be greater than 0, got " + std::to_string(*hooks[i].timeout));
    }
  }
  return {};
}

Result<> check_hooks(const Hooks& hooks) {
  BERTH_TRY(check_hook_list(hooks.prestart, "hooks.prestart"));
  BERTH_TRY(check_hook_list(hooks.create_runtime, "hooks.createRuntime"));
  BERTH_TRY(check_hook_list(hooks.create_container, "hooks.createContainer"));
  BERTH_TRY(check_hook_list(hooks.start_container, "hooks.startContainer"));
  BERTH_TRY(check_hook_list(hooks.poststart, "hooks.poststart"));
  BERTH_TRY(check_hook_list(hooks.poststop, "hooks.poststop"));
  return {};
}

// As runc: a UTS namespace, new or joined, is enough to set the names.
Result<> check_uts(const Spec& spec) {
  bool has_uts = spec.linux_config && spec.linux_config->has_namespace(NamespaceType::uts);
  if (!spec.hostname.empty() && !has_uts)
    return invalid("hostname", "unable to set hostname without a private UTS namespace");
  if (!spec.domainname.empty() && !has_uts)
    return invalid("domainname", "unable to set domainname without a private UTS namespace");
  return {};
}

// ---- linux ----

Result<> check_namespaces(const std::vector<Namespace>& namespaces) {
  std::set<NamespaceType> seen;
  for (size_t i = 0; i < namespaces.size(); ++i) {
    const Namespace& ns = namespaces[i];
    std::string ns_field = element("linux.namespaces", i);
    if (!seen.insert(ns.type).second) {
      return invalid(field(ns_field, "type"),
                     "duplicate namespace type " + berth::quoted(namespace_type_name(ns.type)));
    }
    if (!ns.path.empty()) BERTH_TRY(require_absolute(field(ns_field, "path"), ns.path));
  }
  return {};
}

Result<> check_user_namespace(const Linux& linux_config) {
  BERTH_TRY(check_id_mappings(linux_config.uid_mappings, "linux.uidMappings"));
  BERTH_TRY(check_id_mappings(linux_config.gid_mappings, "linux.gidMappings"));
  const Namespace* user = linux_config.find_namespace(NamespaceType::user);
  bool has_uid_mappings = !linux_config.uid_mappings.empty();
  bool has_gid_mappings = !linux_config.gid_mappings.empty();
  if (!user && (has_uid_mappings || has_gid_mappings)) {
    return invalid(has_uid_mappings ? "linux.uidMappings" : "linux.gidMappings",
                   "set, but linux.namespaces has no user namespace");
  }
  if (user && user->path.empty()) {
    if (!has_uid_mappings) return invalid("linux.uidMappings", "required for a new user namespace");
    if (!has_gid_mappings) return invalid("linux.gidMappings", "required for a new user namespace");
  }
  return {};
}

// Offsets can only be written before the first process enters the namespace: it must be new.
Result<> check_time_offsets(const Linux& linux_config) {
  if (linux_config.time_offsets.empty()) return {};
  for (const auto& [clock, offset] : linux_config.time_offsets) {
    std::string offset_field = entry("linux.timeOffsets", clock);
    if (clock != "monotonic" && clock != "boottime")
      return invalid(offset_field, "unknown clock, expected \"monotonic\" or \"boottime\"");
    if (offset.nanosecs >= 1'000'000'000) {
      return invalid(field(offset_field, "nanosecs"),
                     "must be less than 1000000000, got " + std::to_string(offset.nanosecs));
    }
  }
  const Namespace* time = linux_config.find_namespace(NamespaceType::time);
  if (!time) return invalid("linux.timeOffsets", "set, but linux.namespaces has no time namespace");
  if (!time->path.empty()) {
    return invalid(
        "linux.timeOffsets",
        "cannot set offsets when joining an existing time namespace (" + time->path + ")");
  }
  return {};
}

Result<> check_devices(const std::vector<Device>& devices) {
  static constexpr std::string_view kTypes[] = {"c", "b", "u", "p"};
  for (size_t i = 0; i < devices.size(); ++i) {
    const Device& device = devices[i];
    std::string device_field = element("linux.devices", i);
    if (!contains_name(kTypes, device.type)) {
      return invalid(field(device_field, "type"),
                     "expected c, b, u or p, got " + berth::quoted(device.type));
    }
    BERTH_TRY(require_absolute(field(device_field, "path"), device.path));
    if (device.type != "p") {
      BERTH_TRY(require_in_range(field(device_field, "major"), device.major, 0, INT64_MAX));
      BERTH_TRY(require_in_range(field(device_field, "minor"), device.minor, 0, INT64_MAX));
    }
    if (device.file_mode && *device.file_mode > 07777) {
      return invalid(field(device_field, "fileMode"),
                     "must be at most 07777 (permission bits), got " + octal(*device.file_mode));
    }
  }
  return {};
}

bool is_ipc_sysctl(std::string_view name) {
  static constexpr std::string_view kIpcSysctls[] = {
      "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
      "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"};
  return contains_name(kIpcSysctls, name) || name.starts_with("fs.mqueue.");
}

// Only sysctls that belong to a namespace of the container may be set (runc's rules).
Result<> check_sysctl(const Linux& linux_config) {
  for (const auto& [name, value] : linux_config.sysctl) {
    std::string sysctl_field = entry("linux.sysctl", name);
    std::string dotted = dotted_sysctl_name(name);
    std::string quoted_name = berth::quoted(dotted);
    if (is_ipc_sysctl(dotted)) {
      if (linux_config.has_namespace(NamespaceType::ipc)) continue;
      return invalid(sysctl_field,
                     "sysctl " + quoted_name +
                         " is not allowed in the host's IPC namespace (add an ipc namespace)");
    }
    if (dotted.starts_with("net.")) {
      if (linux_config.has_namespace(NamespaceType::network)) continue;
      return invalid(
          sysctl_field,
          "sysctl " + quoted_name +
              " is not allowed in the host's network namespace (add a network namespace)");
    }
    if (linux_config.has_namespace(NamespaceType::uts)) {
      if (dotted == "kernel.domainname") continue;
      if (dotted == "kernel.hostname") {
        return invalid(
            sysctl_field,
            "sysctl \"kernel.hostname\" conflicts with the hostname field; set that instead");
      }
    }
    return invalid(sysctl_field,
                   "sysctl " + quoted_name + " is not in a separate kernel namespace");
  }
  return {};
}

Result<> check_restricted_paths(const Linux& linux_config) {
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"linux.maskedPaths", &linux_config.masked_paths},
      {"linux.readonlyPaths", &linux_config.readonly_paths},
  };
  for (const auto& [list_field, paths] : lists) {
    if (!paths->empty() && !linux_config.has_namespace(NamespaceType::mount))
      return invalid(list_field, "unable to restrict paths without a private mount namespace");
    for (size_t i = 0; i < paths->size(); ++i)
      BERTH_TRY(require_absolute(element(list_field, i), (*paths)[i]));
  }
  return {};
}

Result<> check_rootfs_propagation(const std::string& propagation) {
  static constexpr std::string_view kPropagations[] = {"",        "shared",     "slave",
                                                       "private", "unbindable", "rshared",
                                                       "rslave",  "rprivate",   "runbindable"};
  if (contains_name(kPropagations, propagation)) return {};
  return invalid("linux.rootfsPropagation",
                 "expected shared, slave, private or unbindable (r-prefixed too), got " +
                     berth::quoted(propagation));
}

Result<> check_cgroups_path(const std::optional<std::string>& cgroups_path) {
  if (!cgroups_path) return {};
  for (std::string_view component : split(*cgroups_path, '/')) {
    if (component == "..")
      return invalid("linux.cgroupsPath",
                     "must not contain \"..\", got " + berth::quoted(*cgroups_path));
  }
  return {};
}

bool uses_errno(std::string_view action) {
  return action == "SCMP_ACT_ERRNO" || action == "SCMP_ACT_TRACE";
}

Result<> check_errno_ret(std::string_view errno_field, const std::optional<uint32_t>& errno_ret,
                         std::string_view action) {
  if (!errno_ret || uses_errno(action)) return {};
  return invalid(errno_field, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, action is " +
                                  std::string(action));
}

Result<> check_seccomp_syscall(const SeccompSyscall& syscall, std::string_view syscall_field) {
  if (syscall.names.empty()) return invalid(field(syscall_field, "names"), "must not be empty");
  BERTH_TRY(require_known(seccomp_action_names(), syscall.action, field(syscall_field, "action"),
                          "seccomp action"));
  BERTH_TRY(check_errno_ret(field(syscall_field, "errnoRet"), syscall.errno_ret, syscall.action));
  for (size_t i = 0; i < syscall.args.size(); ++i) {
    const SeccompArg& arg = syscall.args[i];
    std::string arg_field = element(field(syscall_field, "args"), i);
    if (arg.index >= 6) {
      return invalid(field(arg_field, "index"),
                     "must be less than 6 (system calls have at most 6 "
                     "arguments), got " +
                         std::to_string(arg.index));
    }
    BERTH_TRY(require_known(seccomp_operator_names(), arg.op, field(arg_field, "op"),
                            "seccomp operator"));
  }
  return {};
}

Result<> check_seccomp(const Seccomp& seccomp) {
  BERTH_TRY(require_known(seccomp_action_names(), seccomp.default_action,
                          "linux.seccomp.defaultAction", "seccomp action"));
  if (seccomp.default_action == "SCMP_ACT_NOTIFY")
    return invalid("linux.seccomp.defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
  BERTH_TRY(check_errno_ret("linux.seccomp.defaultErrnoRet", seccomp.default_errno_ret,
                            seccomp.default_action));
  for (size_t i = 0; i < seccomp.architectures.size(); ++i) {
    BERTH_TRY(require_known(seccomp_arch_names(), seccomp.architectures[i],
                            element("linux.seccomp.architectures", i), "seccomp architecture"));
  }
  for (size_t i = 0; i < seccomp.flags.size(); ++i) {
    BERTH_TRY(require_known(seccomp_flag_names(), seccomp.flags[i],
                            element("linux.seccomp.flags", i), "seccomp flag"));
  }
  bool uses_notify = false;
  for (size_t i = 0; i < seccomp.syscalls.size(); ++i) {
    BERTH_TRY(check_seccomp_syscall(seccomp.syscalls[i], element("linux.seccomp.syscalls", i)));
    uses_notify = uses_notify || seccomp.syscalls[i].action == "SCMP_ACT_NOTIFY";
  }
  if (uses_notify && seccomp.listener_path.empty())
    return invalid("linux.seccomp.listenerPath", "required when a syscall uses SCMP_ACT_NOTIFY");
  return {};
}

Result<> check_personality(const Personality& personality) {
  if (personality.domain == "LINUX" || personality.domain == "LINUX32") return {};
  return invalid("linux.personality.domain",
                 "expected LINUX or LINUX32, got " + berth::quoted(personality.domain));
}

// The CLOS id names a directory under /sys/fs/resctrl.
Result<> check_intel_rdt(const IntelRdt& intel_rdt) {
  const std::string& clos_id = intel_rdt.clos_id;
  if (clos_id == "." || clos_id == ".." || clos_id.find('/') != std::string::npos)
    return invalid("linux.intelRdt.closID", "must be a plain name, got " + berth::quoted(clos_id));
  return {};
}

Result<> check_linux(const Linux& linux_config) {
  BERTH_TRY(check_namespaces(linux_config.namespaces));
  BERTH_TRY(check_user_namespace(linux_config));
  BERTH_TRY(check_time_offsets(linux_config));
  BERTH_TRY(check_devices(linux_config.devices));
  BERTH_TRY(check_sysctl(linux_config));
  BERTH_TRY(check_restricted_paths(linux_config));
  BERTH_TRY(check_rootfs_propagation(linux_config.rootfs_propagation));
  BERTH_TRY(check_cgroups_path(linux_config.cgroups_path));
  if (linux_config.resources)
    BERTH_TRY(validate_resources(*linux_config.resources, "linux.resources"));
  if (linux_config.seccomp) BERTH_TRY(check_seccomp(*linux_config.seccomp));
  if (linux_config.personality) BERTH_TRY(check_personality(*linux_config.personality));
  if (linux_config.intel_rdt) BERTH_TRY(check_intel_rdt(*linux_config.intel_rdt));
  return {};
}

// ---- linux.resources ----

Result<> check_device_rules(const std::vector<DeviceRule>& rules, std::string_view rules_field) {
  for (size_t i = 0; i < rules.size(); ++i) {
    const DeviceRule& rule = rules[i];
    std::string rule_field = element(rules_field, i);
    if (!rule.type.empty() && rule.type != "a" && rule.type != "c" && rule.type != "b")
      return invalid(field(rule_field, "type"),
                     "expected a, c or b, got " + berth::quoted(rule.type));
    if (rule.access.find_first_not_of("rwm") != std::string::npos) {
      return invalid(field(rule_field, "access"),
                     "expected letters from \"rwm\", got " + berth::quoted(rule.access));
    }
  }
  return {};
}

// -1 means unlimited. The kernel decides what sizes are too small.
Result<> check_memory(const MemoryResources& memory, std::string_view memory_field) {
  const std::pair<const char*, const std::optional<int64_t>*> sizes[] = {
      {"limit", &memory.limit},   {"reservation", &memory.reservation}, {"swap", &memory.swap},
      {"kernel", &memory.kernel}, {"kernelTCP", &memory.kernel_tcp},
  };
  for (const auto& [name, size] : sizes) {
    if (*size && **size < -1) {
      return invalid(field(memory_field, name),
                     "expected -1 (unlimited) or a number of bytes, got " + std::to_string(**size));
    }
  }
  // swap is memory+swap, so it cannot be below the memory limit.
  if (memory.limit.value_or(0) > 0 && memory.swap.value_or(0) > 0 && *memory.swap < *memory.limit) {
    return invalid(field(memory_field, "swap"),
                   "memory+swap limit " + std::to_string(*memory.swap) +
                       " is less than the memory limit " + std::to_string(*memory.limit));
  }
  if (memory.swappiness && *memory.swappiness > 100) {
    return invalid(field(memory_field, "swappiness"),
                   "must be between 0 and 100, got " + std::to_string(*memory.swappiness));
  }
  return {};
}

Result<> check_cpu(const CpuResources& cpu, std::string_view cpu_field) {
  // 0 is accepted as runc accepts it (no quota): containerd sends it with a period and no limit.
  if (cpu.quota && *cpu.quota < -1) {
    return invalid(
        field(cpu_field, "quota"),
        "expected -1 (no limit) or microseconds per period, got " + std::to_string(*cpu.quota));
  }
  // 0 means "not set", as in runc: Docker sends "shares": 0 when no --cpu-shares was given.
  if (cpu.shares && *cpu.shares != 0 && *cpu.shares < 2)
    return invalid(field(cpu_field, "shares"),
                   "must be at least 2, got " + std::to_string(*cpu.shares));
  BERTH_TRY(require_cpu_list(field(cpu_field, "cpus"), cpu.cpus));
  BERTH_TRY(require_cpu_list(field(cpu_field, "mems"), cpu.mems));
  return {};
}

// blkio weights (cgroup v1 blkio.weight range; v2 io.weight is scaled from it). 0 means "not
// set", as in runc: Docker sends "weight": 0 when no --blkio-weight was given.
Result<> check_block_io_weight(std::string_view weight_field,
                               const std::optional<uint16_t>& weight) {
  if (!weight || *weight == 0) return {};
  return require_in_range(weight_field, *weight, 10, 1000);
}

Result<> check_block_io(const BlockIoResources& block_io, std::string_view block_io_field) {
  BERTH_TRY(check_block_io_weight(field(block_io_field, "weight"), block_io.weight));
  BERTH_TRY(check_block_io_weight(field(block_io_field, "leafWeight"), block_io.leaf_weight));
  for (size_t i = 0; i < block_io.weight_device.size(); ++i) {
    const WeightDevice& device = block_io.weight_device[i];
    std::string device_field = element(field(block_io_field, "weightDevice"), i);
    BERTH_TRY(check_block_io_weight(field(device_field, "weight"), device.weight));
    BERTH_TRY(check_block_io_weight(field(device_field, "leafWeight"), device.leaf_weight));
  }
  return {};
}

// "2MB", "1GB", "64KB": the <size> of the kernel's hugetlb.<size>.* files.
bool is_hugepage_size(std::string_view size) {
  if (size.size() < 3 || !size.ends_with('B')) return false;
  char unit = size[size.size() - 2];
  if (unit != 'K' && unit != 'M' && unit != 'G') return false;
  auto number = parse_u64(size.substr(0, size.size() - 2));
  return number && *number > 0;
}

Result<> check_hugepage_limits(const std::vector<HugepageLimit>& limits,
                               std::string_view limits_field) {
  for (size_t i = 0; i < limits.size(); ++i) {
    if (!is_hugepage_size(limits[i].page_size)) {
      return invalid(field(element(limits_field, i), "pageSize"),
                     "expected a size like \"2MB\", \"1GB\" or \"64KB\", got " +
                         berth::quoted(limits[i].page_size));
    }
  }
  return {};
}

// Keys of `unified` are file names in the container's cgroup directory.
Result<> check_unified(const std::map<std::string, std::string>& unified,
                       std::string_view unified_field) {
  for (const auto& [name, value] : unified) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      return invalid(entry(unified_field, name),
                     "must be a cgroup file name such as \"memory.high\"");
  }
  return {};
}

// ---- container ids ----

constexpr size_t kMaxContainerIdLength = 1024;

bool is_ascii_alphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_container_id_char(char c) {
  return is_ascii_alphanumeric(c) || c == '_' || c == '.' || c == '-';
}

}  // namespace

Result<Validation> validate_spec(const Spec& spec) {
  Validation validation;
  BERTH_TRY(check_oci_version(spec.oci_version));
  BERTH_TRY(check_root(spec.root));
  if (!spec.process) return invalid("process", "missing (create needs a process to run)");
  BERTH_TRY(validate_process(*spec.process, "process", &validation));
  BERTH_TRY(check_mounts(spec.mounts, validation));
  BERTH_TRY(check_hooks(spec.hooks));
  BERTH_TRY(check_uts(spec));
  if (spec.linux_config) BERTH_TRY(check_linux(*spec.linux_config));
  return validation;
}

Result<> validate_process(const Process& process, std::string_view prefix, Validation* validation) {
  if (process.args.empty()) return invalid(field(prefix, "args"), "must not be empty");
  BERTH_TRY(require_absolute(field(prefix, "cwd"), process.cwd));
  BERTH_TRY(check_env(process.env, field(prefix, "env")));
  BERTH_TRY(check_rlimits(process.rlimits, field(prefix, "rlimits")));
  if (process.oom_score_adj)
    BERTH_TRY(require_in_range(field(prefix, "oomScoreAdj"), *process.oom_score_adj, -1000, 1000));
  if (process.capabilities)
    BERTH_TRY(check_capabilities(*process.capabilities, field(prefix, "capabilities")));
  if (process.io_priority)
    BERTH_TRY(check_io_priority(*process.io_priority, field(prefix, "ioPriority")));
  if (process.scheduler) BERTH_TRY(check_scheduler(*process.scheduler, field(prefix, "scheduler")));
  if (process.exec_cpu_affinity) {
    std::string affinity_field = field(prefix, "execCPUAffinity");
    BERTH_TRY(
        require_cpu_list(field(affinity_field, "initial"), process.exec_cpu_affinity->initial));
    BERTH_TRY(require_cpu_list(field(affinity_field, "final"), process.exec_cpu_affinity->final));
  }
  if (process.console_size && !process.terminal && validation) {
    validation->warnings.push_back(field(prefix, "consoleSize") +
                                   ": ignored, because process.terminal is false");
  }
  return {};
}

Result<> validate_resources(const Resources& resources, std::string_view prefix) {
  BERTH_TRY(check_device_rules(resources.devices, field(prefix, "devices")));
  if (resources.memory) BERTH_TRY(check_memory(*resources.memory, field(prefix, "memory")));
  if (resources.cpu) BERTH_TRY(check_cpu(*resources.cpu, field(prefix, "cpu")));
  if (resources.block_io) BERTH_TRY(check_block_io(*resources.block_io, field(prefix, "blockIO")));
  BERTH_TRY(check_hugepage_limits(resources.hugepage_limits, field(prefix, "hugepageLimits")));
  BERTH_TRY(check_unified(resources.unified, field(prefix, "unified")));
  return {};
}

// The id names a directory under the state root, so it must never be "..", contain '/' or be huge.
Result<> validate_container_id(std::string_view id) {
  if (id.empty()) return fail_invalid("container id is empty");
  if (id.size() > kMaxContainerIdLength)
    return fail_invalid("container id is longer than 1024 characters");
  if (!is_ascii_alphanumeric(id.front()) || !std::ranges::all_of(id, is_container_id_char)) {
    return fail_invalid("invalid container id " + berth::quoted(id) +
                        ": must match [A-Za-z0-9][A-Za-z0-9_.-]*");
  }
  return {};
}

}  // namespace berth::spec
