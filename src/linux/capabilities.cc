#include "linux/capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strings.h"

namespace berth::linux {
namespace {

constexpr const char* kCapabilityNames[] = {
    "CAP_CHOWN",           "CAP_DAC_OVERRIDE",    "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
    "CAP_FSETID",          "CAP_KILL",            "CAP_SETGID",          "CAP_SETUID",
    "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",       "CAP_NET_RAW",         "CAP_IPC_LOCK",        "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",      "CAP_SYS_RAWIO",       "CAP_SYS_CHROOT",      "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",       "CAP_SYS_ADMIN",       "CAP_SYS_BOOT",        "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",    "CAP_SYS_TIME",        "CAP_SYS_TTY_CONFIG",  "CAP_MKNOD",
    "CAP_LEASE",           "CAP_AUDIT_WRITE",     "CAP_AUDIT_CONTROL",   "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",    "CAP_MAC_ADMIN",       "CAP_SYSLOG",          "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",   "CAP_AUDIT_READ",      "CAP_PERFMON",         "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};
constexpr int kKnownCapabilities = sizeof(kCapabilityNames) / sizeof(kCapabilityNames[0]);

Result<uint64_t> resolve_set(const std::vector<std::string>& names, std::string_view field,
                             int last_cap, std::vector<std::string>& warnings) {
  uint64_t set = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    auto number = capability_number(names[i]);
    if (!number) {
      return fail_invalid("process.capabilities." + std::string(field) + "[" + std::to_string(i) +
                          "]: unknown capability " + quoted(names[i]));
    }
    if (*number > last_cap) {
      warnings.push_back("process.capabilities." + std::string(field) + ": " + names[i] +
                         " is not known to the running kernel; ignored");
      continue;
    }
    set |= uint64_t{1} << *number;
  }
  return set;
}

int sys_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  data[0].effective = static_cast<uint32_t>(effective);
  data[1].effective = static_cast<uint32_t>(effective >> 32);
  data[0].permitted = static_cast<uint32_t>(permitted);
  data[1].permitted = static_cast<uint32_t>(permitted >> 32);
  data[0].inheritable = static_cast<uint32_t>(inheritable);
  data[1].inheritable = static_cast<uint32_t>(inheritable >> 32);
  return static_cast<int>(::syscall(SYS_capset, &header, data));
}

}  // namespace

std::optional<int> capability_number(std::string_view name) {
  for (int i = 0; i < kKnownCapabilities; ++i) {
    if (name == kCapabilityNames[i]) return i;
  }
  return std::nullopt;
}

std::vector<std::string> known_capability_names() {
  return std::vector<std::string>(kCapabilityNames, kCapabilityNames + kKnownCapabilities);
}

int kernel_last_capability() {
  static int cached = -1;
  if (cached >= 0) return cached;
  auto text = read_file("/proc/sys/kernel/cap_last_cap");
  auto value = text ? parse_u64(trim(*text)) : std::nullopt;
  cached = value ? static_cast<int>(*value) : kKnownCapabilities - 1;
  return cached;
}

Result<CapabilitySets> resolve_capabilities(const spec::Capabilities& caps,
                                            std::vector<std::string>& warnings) {
  int last = kernel_last_capability();
  CapabilitySets sets;
  sets.bounding = BERTH_TRY(resolve_set(caps.bounding, "bounding", last, warnings));
  sets.effective = BERTH_TRY(resolve_set(caps.effective, "effective", last, warnings));
  sets.inheritable = BERTH_TRY(resolve_set(caps.inheritable, "inheritable", last, warnings));
  sets.permitted = BERTH_TRY(resolve_set(caps.permitted, "permitted", last, warnings));
  sets.ambient = BERTH_TRY(resolve_set(caps.ambient, "ambient", last, warnings));
  return sets;
}

Result<> apply_capabilities_before_user_change(const CapabilitySets& sets) {
  int last = kernel_last_capability();
  for (int cap = 0; cap <= last; ++cap) {
    if (sets.bounding & (uint64_t{1} << cap)) continue;
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      return fail_system("drop " + std::string(cap < kKnownCapabilities ? kCapabilityNames[cap] : "?") +
                         " from the bounding set");
    }
  }
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return fail_system("prctl(PR_SET_KEEPCAPS)");
  return {};
}

Result<> apply_capabilities_after_user_change(const CapabilitySets& sets) {
  if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) return fail_system("prctl(PR_SET_KEEPCAPS)");
  if (sys_capset(sets.effective, sets.permitted, sets.inheritable) != 0) {
    return fail_system("set capabilities (capset)");
  }
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    return fail_system("clear ambient capabilities");
  }
  for (int cap = 0; cap < 64; ++cap) {
    if (!(sets.ambient & (uint64_t{1} << cap))) continue;
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
      return fail_system("process.capabilities.ambient: raise " +
                         std::string(cap < kKnownCapabilities ? kCapabilityNames[cap] : "?") +
                         " (it must also be permitted and inheritable)");
    }
  }
  return {};
}

}  // namespace berth::linux
