// Linux capabilities: names, and applying the five sets of process.capabilities.
//
// Order matters and is split in two around the uid change:
//   before_user_change(): drop the bounding set (needs CAP_SETPCAP) and set PR_SET_KEEPCAPS so
//                         the permitted set survives setresuid();
//   after_user_change():  clear KEEPCAPS, capset() effective/permitted/inheritable, raise ambient.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::linux {

// "CAP_SYS_ADMIN" -> 21; nullopt for unknown names.
std::optional<int> capability_number(std::string_view name);
// All names this build knows, CAP_CHOWN .. CAP_CHECKPOINT_RESTORE.
std::vector<std::string> known_capability_names();
// The highest capability the running kernel knows (/proc/sys/kernel/cap_last_cap).
int kernel_last_capability();

struct CapabilitySets {
  uint64_t bounding = 0, effective = 0, inheritable = 0, permitted = 0, ambient = 0;
};

// Converts names to bit sets. Unknown names are an error naming the field; names the kernel is too
// old for are dropped with a warning in `warnings` (as runc does).
Result<CapabilitySets> resolve_capabilities(const spec::Capabilities& caps,
                                            std::vector<std::string>& warnings);

Result<> apply_capabilities_before_user_change(const CapabilitySets& sets);
Result<> apply_capabilities_after_user_change(const CapabilitySets& sets);

}  // namespace berth::linux
