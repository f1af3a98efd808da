#include "linux/seccomp_features.h"

#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "linux/seccomp_names.h"
#include "spec/known_names.h"

namespace berth::linux {
namespace {

std::vector<std::string> strings(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

long seccomp_call(unsigned int operation, unsigned int flags, void* args) {
  return ::syscall(SYS_seccomp, operation, flags, args);
}

// SECCOMP_GET_ACTION_AVAIL came with Linux 4.14, as did KILL_PROCESS and LOG; before it the
// kernel had the others.
bool action_available(uint32_t action) {
  if (seccomp_call(SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0) return true;
  if (errno != EINVAL) return false;
  uint32_t allow = SECCOMP_RET_ALLOW;
  if (seccomp_call(SECCOMP_GET_ACTION_AVAIL, 0, &allow) == 0) return false;  // the probe works: no
  return action != SECCOMP_RET_KILL_PROCESS && action != SECCOMP_RET_LOG &&
         action != SECCOMP_RET_USER_NOTIF;
}

}  // namespace

std::string libseccomp_version() {
  const scmp_version* v = seccomp_version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->micro);
}

bool seccomp_supported() {
  return seccomp_call(SECCOMP_SET_MODE_FILTER, 0, nullptr) < 0 && errno == EFAULT;
}

std::vector<std::string> supported_seccomp_actions() {
  std::vector<std::string> out;
  if (!seccomp_supported()) return out;
  for (std::string_view name : spec::seccomp_action_names()) {
    auto value = seccomp_action_value(name, std::nullopt, "", "");
    if (value && action_available(*value & SECCOMP_RET_ACTION_FULL)) out.emplace_back(name);
  }
  return out;
}

std::vector<std::string> supported_seccomp_operators() {
  return strings(spec::seccomp_operator_names());
}

std::vector<std::string> supported_seccomp_archs() {
  std::vector<std::string> out;
  for (std::string_view name : spec::seccomp_arch_names()) {
    auto token = seccomp_arch_token(name);
    if (token && seccomp_arch_resolve_name(std::string(*token).c_str()) != 0)
      out.emplace_back(name);
  }
  return out;
}

std::vector<std::string> known_seccomp_flags() { return strings(spec::seccomp_flag_names()); }

std::vector<std::string> supported_seccomp_flags() {
  std::vector<std::string> out;
  for (std::string_view name : spec::seccomp_flag_names()) {
    auto flag = seccomp_flag_value(name, "");
    if (flag && seccomp_flag_supported(*flag)) out.emplace_back(name);
  }
  return out;
}

bool seccomp_flag_supported(unsigned int flag) {
  if (flag & kSeccompFlagWaitKillableRecv) flag |= kSeccompFlagNewListener;
  return seccomp_call(SECCOMP_SET_MODE_FILTER, flag, nullptr) < 0 && errno == EFAULT;
}

}  // namespace berth::linux
