// linux.seccomp names -> the values libseccomp and seccomp(2) use. Pure lookups: nothing here asks
// the kernel (seccomp_features.h does). Every error names the field it came from, e.g.
//   linux.seccomp.syscalls[3].action: unknown action "SCMP_ACT_FOO"
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/error.h"

namespace berth::linux {

// The filter-return value of an action (SCMP_ACT_*), with errno_ret folded in for SCMP_ACT_ERRNO
// and SCMP_ACT_TRACE (EPERM when absent, as runc does). SCMP_ACT_KILL is SCMP_ACT_KILL_THREAD.
// `field` is the action's path ("linux.seccomp.defaultAction"); `errno_field` the errnoRet's.
Result<uint32_t> seccomp_action_value(std::string_view name, std::optional<uint32_t> errno_ret,
                                      std::string_view field, std::string_view errno_field);

// The libseccomp comparison (enum scmp_compare, as int so that callers need no <seccomp.h>).
Result<int> seccomp_operator_value(std::string_view name, std::string_view field);

// libseccomp's token for an SCMP_ARCH_* name ("x86_64" for SCMP_ARCH_X86_64), or nullopt for a
// name that is not an architecture at all. Whether this libseccomp knows the token is asked with
// seccomp_arch_resolve_name() by the caller.
std::optional<std::string_view> seccomp_arch_token(std::string_view name);

// SECCOMP_FILTER_FLAG_* for a flag name of linux.seccomp.flags.
Result<unsigned int> seccomp_flag_value(std::string_view name, std::string_view field);

// The values of <linux/seccomp.h>, spelled out so that older headers do not matter.
inline constexpr unsigned int kSeccompFlagTsync = 1u << 0;
inline constexpr unsigned int kSeccompFlagLog = 1u << 1;
inline constexpr unsigned int kSeccompFlagSpecAllow = 1u << 2;
inline constexpr unsigned int kSeccompFlagNewListener = 1u << 3;
inline constexpr unsigned int kSeccompFlagTsyncEsrch = 1u << 4;
inline constexpr unsigned int kSeccompFlagWaitKillableRecv = 1u << 5;

}  // namespace berth::linux
